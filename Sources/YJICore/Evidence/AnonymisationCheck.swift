import Foundation

/// A name that must not appear in published text, and where yji knows it from.
public struct ProtectedName: Sendable, Hashable, Codable {
    /// The name as held ("Kestrel", "Synthetic Case Manager 004").
    public let name: String
    /// Where it comes from, for the person who has to fix the text ("alias of case SYN-0003", "case manager",
    /// "inspection team", "added to the report's list").
    public let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// A protected name found in a piece of free text.
public struct NameMatch: Sendable, Hashable, Codable {
    /// Where the text is, as a person finds it ("Practice example 2", "Finding 1.1 (3)").
    public let location: String
    /// The name found and its source.
    public let name: ProtectedName
    /// The words around the match, so the reader sees it without opening the text.
    public let excerpt: String
}

/// The anonymisation check a report must pass before it is published: no child's alias, case manager's or staff
/// member's name, nor any name a user added, may appear in findings, practice examples or quotes. The reports change
/// children's names ("all names have been altered"); this check catches a real one left in by mistake.
public enum AnonymisationCheck {
    /// Every occurrence of a protected name in the texts. A name matches as whole words, ignoring case and accents;
    /// the first word of a longer name (three letters or more) also matches on its own when written with a capital,
    /// since "Kestrel 2" or "Pat Example" is often shortened to one word in a story.
    public static func matches(in texts: [(location: String, text: String)], names: [ProtectedName]) -> [NameMatch] {
        var found: [NameMatch] = []
        for (location, text) in texts {
            for name in names {
                for pattern in patterns(for: name.name) {
                    for range in occurrences(of: pattern.words, in: text, caseSensitive: pattern.caseSensitive) {
                        found.append(NameMatch(location: location, name: name, excerpt: excerpt(around: range, in: text)))
                    }
                }
            }
        }
        // One match per place and name is enough to fix it; report the first in the text.
        var seen: Set<String> = []
        return found.filter { seen.insert("\($0.location)\u{1}\($0.name.name)").inserted }
    }

    private struct Pattern: Hashable {
        let words: String
        let caseSensitive: Bool
    }

    private static func patterns(for name: String) -> [Pattern] {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 2 else { return [] }
        var patterns = [Pattern(words: trimmed, caseSensitive: false)]
        // A story shortens a person to their first name ("Kestrel", "Pat"), so that word is looked for on its own,
        // capitalised as a name is; later words are too often ordinary words ("Case", "Manager") to match alone.
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        if parts.count > 1, let first = parts.first, first.count >= 3, first.first?.isUppercase == true,
           first.allSatisfy(\.isLetter) {
            patterns.append(Pattern(words: first, caseSensitive: true))
        }
        return patterns
    }

    /// Ranges where `words` occurs in `text` with no letter or digit either side.
    private static func occurrences(of words: String, in text: String, caseSensitive: Bool) -> [Range<String.Index>] {
        var options: String.CompareOptions = [.diacriticInsensitive]
        if !caseSensitive { options.insert(.caseInsensitive) }
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex, let range = text.range(of: words, options: options, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isWord: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber } ?? false }
            if !isWord(before) && !isWord(after) { ranges.append(range) }
            start = range.upperBound
        }
        return ranges
    }

    private static func excerpt(around range: Range<String.Index>, in text: String) -> String {
        let from = text.index(range.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
        let to = text.index(range.upperBound, offsetBy: 30, limitedBy: text.endIndex) ?? text.endIndex
        let words = text[from..<to].replacingOccurrences(of: "\n", with: " ")
        return (from > text.startIndex ? "…" : "") + words + (to < text.endIndex ? "…" : "")
    }
}
