import Foundation

/// Fills a framework's strength or improvement sentence with a question's result, in the reports' wording.
public enum FindingSentence {
    /// Below this many applicable cases a finding quotes the count ("7 of the 11 cases"); from it, the percentage
    /// ("92% of cases"). The reports quote counts for sub-groups, where a percentage would suggest false precision.
    public static let countBelow = 20

    /// The `{proportion}` wording for a result: a count for small groups, a percentage otherwise.
    public static func proportionWording(_ proportion: Proportion, noun: String = "cases") -> String {
        // "All 20 cases" and "none of the 20 cases" say more than "100%" or "0%" of a small sample.
        if proportion.total < countBelow || proportion.count == proportion.total || proportion.count == 0 {
            return proportion.countPhrase(noun: noun)
        }
        return proportion.percentPhrase(noun: noun) ?? proportion.countPhrase(noun: noun)
    }

    /// Replaces `{proportion}`, `{percent}`, `{count}` and `{total}` in `template`, and capitalises the sentence.
    public static func render(_ template: String, proportion: Proportion, noun: String = "cases") -> String {
        let filled = template
            .replacingOccurrences(of: "{proportion}", with: proportionWording(proportion, noun: noun))
            .replacingOccurrences(of: "{percent}", with: proportion.wholePercent.map { "\($0)%" } ?? "no applicable cases")
            .replacingOccurrences(of: "{count}", with: NumberWords.inText(proportion.count))
            .replacingOccurrences(of: "{total}", with: NumberWords.inText(proportion.total))
        return Sentence.capitalisingStart(filled)
    }
}
