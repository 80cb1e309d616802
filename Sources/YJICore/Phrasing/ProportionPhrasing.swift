/// A count of cases (or respondents) meeting a condition out of those it applies to: "n of N".
public struct Proportion: Sendable, Hashable, Codable {
    /// Cases meeting the condition (n).
    public let count: Int
    /// Cases the condition applies to (N); zero when it applied to none.
    public let total: Int

    /// Traps impossible counts at the source rather than letting them surface as odd wording later.
    public init(_ count: Int, of total: Int) {
        precondition(0 <= count && count <= total, "Proportion needs 0 <= count <= total, got \(count) of \(total)")
        self.count = count
        self.total = total
    }

    /// Rounded half up (12.5 -> 13) like the published figures, in integers so the result never depends on floating point.
    public var wholePercent: Int? {
        total == 0 ? nil : (200 * count + total) / (2 * total)
    }

    private enum CodingKeys: String, CodingKey { case count, total }

    /// Decoded data gets the same check as the initialiser, but as an error rather than a crash.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let count = try container.decode(Int.self, forKey: .count)
        let total = try container.decode(Int.self, forKey: .total)
        guard 0 <= count && count <= total else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "Proportion needs 0 <= count <= total, got \(count) of \(total)"))
        }
        self.init(count, of: total)
    }
}

/// How "n" is joined to "N": the reports use both "7 of the 11 cases" and "7 out of 11 cases".
public enum ProportionConnector: Sendable { case of, outOf }

public extension Proportion {
    /// The reports' count wording; see the rules below, taken from how the source reports write counts.
    ///
    /// - 0 of 0 "no cases", 0 of 1 "no case", 1 of 1 "the one case", 2 of 2 "both cases", 0 of 2 "neither of the two cases".
    /// - n == N "all 14 cases", n == 0 "none of the nine cases" (N in words up to ten).
    /// - n == N - 1 with N above ten: "all but 1 of the 12 cases". With N of ten or less the reports keep the count
    ///   ("eight of the nine", "four out of five"), so this does too.
    /// - Otherwise both numbers in words when N <= 10 ("six of the ten cases"), else both in figures ("7 of the 11 cases").
    /// `connector` only affects the "n of N" and "all but" forms; `singular` defaults to `noun` without its plural ending.
    func countPhrase(noun: String = "cases", singular: String? = nil, connector: ProportionConnector = .of) -> String {
        let one = singular ?? Self.singularForm(of: noun)
        switch (count, total) {
        case (_, 0): return "no \(noun)"
        case (0, 1): return "no \(one)"
        case (1, 1): return "the one \(one)"
        case (0, 2): return "neither of the two \(noun)"
        case (2, 2): return "both \(noun)"
        default: break
        }
        if count == total { return "all \(NumberWords.inText(total)) \(noun)" }
        if count == 0 { return "none of the \(NumberWords.inText(total)) \(noun)" }

        let inWords = total <= 10
        let n = inWords ? NumberWords.spelledOut(count) : String(count)
        let outOf = inWords ? NumberWords.spelledOut(total) : String(total)
        let link = connector == .of ? "of the" : "out of"
        if count == total - 1 && !inWords { return "all but 1 \(link) \(outOf) \(noun)" }
        return "\(n) \(link) \(outOf) \(noun)"
    }

    /// The count wording without its noun, for a template that names its own: "four of the seven", "all seven",
    /// "none of the seven", "both", "no" (followed by, say, "risk management plans").
    func countPhraseBeforeNoun() -> String {
        let phrase = countPhrase(noun: "", singular: "")
        return phrase.hasSuffix(" ") ? String(phrase.dropLast()) : phrase
    }

    /// The reports' fraction words, or nil where a count or quantity word reads better.
    ///
    /// The nearest of 1/4, 1/3, 1/2, 2/3, 3/4 is chosen (a tie goes to the smaller fraction, giving "over ..."),
    /// and the exact distance d = n/N - fraction, in percentage points, picks the wording:
    /// |d| <= 1 plain ("two-thirds"); 1 < d <= 5 "just over"; d > 5 "over"; -5 <= d < -1 "almost"; d < -5 "less than".
    /// nil when N == 0, n == 0 or n == N, and outside 15%...90% (inclusive), where a fraction would mislead.
    var fractionPhrase: String? {
        guard total > 0, count > 0, count < total,
              100 * count >= 15 * total, 100 * count <= 90 * total else { return nil }

        // Distances are compared as exact rationals: (n*q - p*N) / (N*q).
        let fractions: [(p: Int, q: Int, words: String)] = [
            (1, 4, "one-quarter"), (1, 3, "one-third"), (1, 2, "half"), (2, 3, "two-thirds"), (3, 4, "three-quarters"),
        ]
        func offset(_ f: (p: Int, q: Int, words: String)) -> Int { count * f.q - f.p * total }
        var nearest = fractions[0]
        for f in fractions.dropFirst() where abs(offset(f)) * nearest.q < abs(offset(nearest)) * f.q {
            nearest = f
        }
        let points100 = 100 * offset(nearest)   // d in percentage points, times N*q
        let scale = total * nearest.q
        switch points100 {
        case ...(-5 * scale - 1): return "less than \(nearest.words)"
        case ..<(-scale): return "almost \(nearest.words)"
        case ...scale: return nearest.words
        case ...(5 * scale): return "just over \(nearest.words)"
        default: return "over \(nearest.words)"
        }
    }

    /// The reports' quantity words, graded on `wholePercent`; all, none and exact half come from the counts.
    ///
    /// Bounds: "none" n == 0; "all" n == N; "half" 2n == N; above half: 90-100% "almost all" (100 only when
    /// rounding, e.g. 199 of 200), 75-89% "the large majority", otherwise "the majority"; below half:
    /// 20-50% "a minority", otherwise (0-19%, e.g. 1 of 300) "a small number". Which side of half is decided by the
    /// counts, so 101 of 201 is "the majority" although both round to 50%. One short of all in a group of 5 to 20 is
    /// "all but one", as the reports say of small groups ("in all but one applicable case"). nil when N == 0.
    var quantityPhrase: String? {
        guard let percent = wholePercent else { return nil }
        if count == 0 { return "none" }
        if count == total { return "all" }
        if count == total - 1, (5...20).contains(total) { return "all but one" }
        if 2 * count == total { return "half" }
        if 2 * count > total {
            switch percent {
            case 90...: return "almost all"
            case 75...: return "the large majority"
            default: return "the majority"
            }
        }
        return percent >= 20 ? "a minority" : "a small number"
    }

    /// "92% of cases", the reports' form for bigger samples; nil when there is nothing to take a percentage of.
    func percentPhrase(noun: String = "cases") -> String? {
        wholePercent.map { "\($0)% of \(noun)" }
    }

    /// A best guess at the singular for the "the one case" forms; irregular nouns ("children") need `singular:`.
    private static func singularForm(of noun: String) -> String {
        if noun.hasSuffix("ies") { return noun.dropLast(3) + "y" }
        if noun.hasSuffix("s") && !noun.hasSuffix("ss") { return String(noun.dropLast()) }
        return noun
    }
}

/// Sentence openings, which the reports never start with figures.
public enum Sentence {
    /// Capitalises a phrase for the start of a sentence, spelling out a leading whole number
    /// ("14 of the 20 cases" -> "Fourteen of the 20 cases"); numbers glued to "%" or "." stay as figures.
    public static func capitalisingStart(_ phrase: String) -> String {
        let digits = phrase.prefix(while: { ("0"..."9").contains($0) })
        guard !digits.isEmpty else { return phrase.prefix(1).uppercased() + phrase.dropFirst() }
        let rest = phrase.dropFirst(digits.count)
        guard rest.isEmpty || rest.first == " ", let n = Int(digits) else { return phrase }
        return NumberWords.sentenceStart(n) + rest
    }
}
