import Foundation

/// Fills a framework's strength or improvement sentence with a question's result, in the reports' wording.
public enum FindingSentence {
    /// The `{proportion}` wording for a result: a count for groups smaller than `countBelow` (the framework's
    /// `fragile_below`), a percentage otherwise.
    public static func proportionWording(_ proportion: Proportion, countBelow: Int, noun: String = "cases") -> String {
        // "All 20 cases" and "none of the 20 cases" say more than "100%" or "0%" of a small sample.
        if quotesCount(proportion, countBelow: countBelow) { return proportion.countPhrase(noun: noun) }
        return proportion.percentPhrase(noun: noun) ?? proportion.countPhrase(noun: noun)
    }

    /// The wording of a result that a template follows with "of" and its own noun ("{proportion} of risk management
    /// plans"): "four of the seven" (the template's "of" is then dropped) or "57%" (kept). `keepsOf` says which.
    public static func proportionBeforeNoun(_ proportion: Proportion, countBelow: Int) -> (words: String, keepsOf: Bool) {
        if quotesCount(proportion, countBelow: countBelow) || proportion.wholePercent == nil {
            return (proportion.countPhraseBeforeNoun(), false)
        }
        return ("\(proportion.wholePercent ?? 0)%", true)
    }

    /// Whether a result is quoted as a count: a small group, or all or none of a larger one.
    static func quotesCount(_ proportion: Proportion, countBelow: Int) -> Bool {
        proportion.total < countBelow || proportion.count == proportion.total || proportion.count == 0
    }

    /// Replaces `{proportion}`, `{percent}`, `{count}` and `{total}` in `template`, and capitalises the sentence; the
    /// wording follows the same rules as bound text (`BoundText.resolve`), so a drafted and a resolved finding agree.
    public static func render(_ template: String, proportion: Proportion, countBelow: Int, noun: String = "cases") -> String {
        let filled = template
            .replacingOccurrences(of: "{percent}", with: proportion.wholePercent.map { "\($0)%" } ?? "no applicable cases")
            .replacingOccurrences(of: "{count}", with: NumberWords.inText(proportion.count))
            .replacingOccurrences(of: "{total}", with: NumberWords.inText(proportion.total))
        var out = ""
        var rest = filled[...]
        while let range = rest.range(of: "{proportion}") {
            var after = rest[range.upperBound...]
            let value: String
            if after.hasPrefix(" of ") {
                let (words, keepsOf) = proportionBeforeNoun(proportion, countBelow: countBelow)
                value = words
                if !keepsOf { after = after.dropFirst(3) }
            } else {
                value = proportionWording(proportion, countBelow: countBelow, noun: noun)
            }
            out = Phrase.appending(value, to: out + rest[..<range.lowerBound])
            rest = after
        }
        return Sentence.capitalisingStart(out + rest)
    }
}

extension Framework {
    /// Below this many applicable cases a finding quotes the count rather than a percentage: the programme's
    /// `fragile_below`. A framework without sampling rules states no cut, so its findings always quote counts,
    /// which never overstate precision.
    public var countBelow: Int { sampling?.fragileBelow ?? Int.max }
}

/// Joins a figure to the words before it the way the reports would write the whole.
enum Phrase {
    /// Openings of a figure that already say "all" or "none", after which "only" reads wrongly ("in only no case").
    static let absoluteOpenings = ["no ", "none ", "neither ", "all ", "both ", "the one "]

    /// `text` + `value`, dropping an "only " that ends `text` when `value` says all or none: "in only none of the
    /// nine cases" becomes "in none of the nine cases".
    static func appending(_ value: String, to text: String) -> String {
        let lower = value.lowercased()
        guard absoluteOpenings.contains(where: { lower.hasPrefix($0) }) || ["no", "none", "both"].contains(lower),
              text.lowercased().hasSuffix("only ") else { return text + value }
        let stem = text.dropLast(5)
        guard stem.isEmpty || stem.last == " " || stem.last == "\n" else { return text + value }
        // "Only" opening a sentence hands its capital to the figure: "None of the seven plans ...".
        let capitalised = text.dropFirst(stem.count).first == "O"
        return String(stem) + (capitalised ? value.prefix(1).uppercased() + value.dropFirst() : value)
    }
}
