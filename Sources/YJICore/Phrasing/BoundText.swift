import Foundation

/// A figure a report's text refers to: one field of one score or question result, such as the percentage of
/// criterion 1.1 or the phrased proportion of a question. In text it is written `[[c:1.1:percent]]`.
public struct FigureToken: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The level of the score: `h` headline, `s` section, `c` criterion, `q` question.
    public let level: ScoreLevel
    /// The framework id of the score or question.
    public let id: String
    /// Which figure of it.
    public let field: FigureField

    public init(_ level: ScoreLevel, _ id: String, _ field: FigureField) {
        self.level = level
        self.id = id
        self.field = field
    }

    /// The token as written in text.
    public var description: String { "[[\(Self.letter(level)):\(id):\(field.rawValue)]]" }

    /// A score's short key, `letter:id` ("c:1.1"), as tokens write it; reports key benchmarks and edits by it.
    public static func scoreKey(_ level: ScoreLevel, _ id: String) -> String { "\(letter(level)):\(id)" }

    static func letter(_ level: ScoreLevel) -> String {
        switch level {
        case .headline: return "h"
        case .section: return "s"
        case .criterion: return "c"
        case .question: return "q"
        }
    }

    static func level(_ letter: Substring) -> ScoreLevel? {
        switch letter {
        case "h": return .headline
        case "s": return .section
        case "c": return .criterion
        case "q": return .question
        default: return nil
        }
    }
}

/// The figures a token can stand for.
public enum FigureField: String, Sendable, Hashable, Codable, CaseIterable {
    /// The reports' wording of the result: a count for small groups ("7 of the 11 cases"), else a percentage.
    case proportion
    /// The whole percentage with its sign ("87%").
    case percent
    /// Answers judged sufficient, in the reports' number style ("seven", "14").
    case count
    /// Answers that applied.
    case total
    /// The band or rating label.
    case band
}

/// Text whose numbers are bound to the data. People edit the words; every figure stays a `FigureToken`, so when a
/// judgement changes the figure in the text changes with it, and the figures a reader last saw can be compared with
/// today's to show which sentences moved.
public enum BoundText {
    /// Turns a framework finding template into bound text for one question: its `{proportion}`, `{percent}`,
    /// `{count}` and `{total}` placeholders become tokens of that question.
    public static func binding(_ template: String, question id: String) -> String {
        var text = template
        for field in [FigureField.proportion, .percent, .count, .total] {
            text = text.replacingOccurrences(of: "{\(field.rawValue)}", with: FigureToken(.question, id, field).description)
        }
        return text
    }

    /// Every token in `text`, in order, with repeats.
    public static func tokens(in text: String) -> [FigureToken] {
        pieces(of: text).compactMap { piece in
            if case .token(let token) = piece { return token }
            return nil
        }
    }

    /// Problems with the tokens in `text` against a framework: unknown ids, levels or fields, written for a person
    /// ("[[q:nope:percent]] names no question"). Empty when every token can be resolved.
    public static func problems(in text: String, framework: Framework) -> [String] {
        pieces(of: text).compactMap { piece in
            switch piece {
            case .text: return nil
            case .malformed(let raw):
                return "\(raw) is not a figure: write [[level:id:field]] with level h, s, c or q and field "
                    + FigureField.allCases.map(\.rawValue).joined(separator: ", ")
            case .token(let token):
                let known: Bool
                switch token.level {
                case .headline: known = framework.headlines.contains { $0.id == token.id }
                case .section: known = framework.section(token.id) != nil
                case .criterion: known = framework.criterion(token.id) != nil
                case .question: known = framework.question(token.id) != nil
                }
                return known ? nil : "\(token) names no \(token.level.rawValue) of the \(framework.id) framework"
            }
        }
    }

    /// The text with every token replaced by today's figure, and the figures used (token text → value). A token the
    /// scorecard cannot resolve is left visible in the text, so a mistake is seen rather than silently dropped.
    /// `countBelow` is the framework's `fragile_below` (`Framework.countBelow`): smaller groups are quoted as counts.
    ///
    /// A proportion followed by "of" and a noun ("[[q:x:proportion]] of risk management plans") is worded before
    /// that noun ("four of the seven risk management plans"), and an "only" before a proportion that says all or
    /// none is dropped ("in none of the nine cases", never "in only none of the nine cases").
    public static func resolve(_ text: String, in scorecard: Scorecard, countBelow: Int) -> ResolvedText {
        var out = ""
        var figures: [String: String] = [:]
        let pieces = pieces(of: text)
        var dropOf = false
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .text(let words):
                out += dropOf ? String(words.dropFirst(3)) : words
                dropOf = false
            case .malformed(let raw): out += raw
            case .token(let token):
                var value = figure(token, in: scorecard, countBelow: countBelow)
                if token.field == .proportion, index + 1 < pieces.count, case .text(let next) = pieces[index + 1],
                   next.hasPrefix(" of "), let proportion = proportion(token, in: scorecard) {
                    let before = FindingSentence.proportionBeforeNoun(proportion, countBelow: countBelow)
                    value = before.words
                    dropOf = !before.keepsOf
                }
                if let value {
                    figures[token.description] = value
                    out = token.field == .proportion ? Phrase.appending(value, to: out) : out + value
                } else {
                    out += token.description
                }
            }
        }
        return ResolvedText(text: Sentence.capitalisingStart(out), figures: figures)
    }

    /// Text worded for a programme that quotes every proportion as a count, as the SQS letters do: no group is large
    /// enough for a percentage.
    public static func resolve(_ text: String, in scorecard: Scorecard) -> ResolvedText {
        resolve(text, in: scorecard, countBelow: Int.max)
    }

    /// The counts behind a token, or nil when the scorecard has no such score.
    static func proportion(_ token: FigureToken, in scorecard: Scorecard) -> Proportion? {
        if token.level == .question {
            return scorecard.question(token.id).map { Proportion($0.all.sufficient, of: $0.all.applicable) }
        }
        return scorecard.score(token.level, token.id)?.proportion
    }

    /// Today's value of one token, or nil when the scorecard has no such score.
    public static func figure(_ token: FigureToken, in scorecard: Scorecard, countBelow: Int) -> String? {
        guard let proportion = proportion(token, in: scorecard) else { return nil }
        switch token.field {
        case .proportion: return FindingSentence.proportionWording(proportion, countBelow: countBelow)
        case .percent: return proportion.wholePercent.map { "\($0)%" } ?? "no applicable cases"
        case .count: return NumberWords.inText(proportion.count)
        case .total: return NumberWords.inText(proportion.total)
        case .band:
            return token.level == .question ? "not rated" : scorecard.score(token.level, token.id)?.band ?? "not rated"
        }
    }

    /// Sentences of `text`, split at line breaks and after a full stop, question or exclamation mark followed by a space, so that a
    /// changed figure can be shown against the sentence that holds it.
    public static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            // A line break ends a sentence too: lists are edited one item per line, often without a full stop.
            if character == "\n" {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current) }
                current = ""
                previous = nil
                continue
            }
            if character == " ", let previous, ".?!".contains(previous), !current.isEmpty {
                sentences.append(current)
                current = ""
                continue
            }
            current.append(character)
            previous = character
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current) }
        return sentences
    }

    /// Indexes of the sentences of bound `text` whose figures differ from those a reader last saw. A token the reader
    /// never saw does not count as moved: there is nothing to compare it with.
    public static func changedSentences(_ text: String, seen: [String: String], current: [String: String]) -> [Int] {
        sentences(of: text).enumerated().compactMap { index, sentence in
            let moved = tokens(in: sentence).contains { token in
                let key = token.description
                guard let before = seen[key] else { return false }
                return before != current[key]
            }
            return moved ? index : nil
        }
    }

    private enum Piece {
        case text(String)
        case token(FigureToken)
        case malformed(String)
    }

    /// Splits text into words and `[[...]]` tokens; a `[[` without a closing `]]` is plain text.
    private static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "[[") {
            guard let close = rest.range(of: "]]", range: open.upperBound..<rest.endIndex) else { break }
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let inner = rest[open.upperBound..<close.lowerBound]
            let raw = String(rest[open.lowerBound..<close.upperBound])
            let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, let level = FigureToken.level(parts[0]), !parts[1].isEmpty,
               let field = FigureField(rawValue: String(parts[2])) {
                pieces.append(.token(FigureToken(level, String(parts[1]), field)))
            } else {
                pieces.append(.malformed(raw))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}

/// Bound text with today's figures filled in.
public struct ResolvedText: Sendable, Hashable {
    /// The text as a reader sees it.
    public let text: String
    /// Each token used (as written) and the value it was given.
    public let figures: [String: String]
}
