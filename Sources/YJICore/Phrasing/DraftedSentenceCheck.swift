import Foundation

/// Forms a drafted sentence must never take, collected from reading the demo's drafted reports: each is a pattern
/// and what is wrong with it. Tests run every drafted sentence through `problems(in:)`.
public enum DraftedSentenceCheck {
    /// One bad form: a regular expression (case-insensitive) and why a sentence matching it is wrong.
    public struct BadForm: Sendable {
        /// The pattern.
        public let pattern: String
        /// What is wrong, with an example of the form.
        public let reason: String
    }

    /// The forms found in drafted reports, each fixed where it came from.
    public static let badForms: [BadForm] = [
        BadForm(pattern: #"\bonly (no|none|neither|all|both|the one)\b"#,
                reason: "'only' before a figure that says all or none ('in only no case', 'in only none of the three cases')"),
        BadForm(pattern: #"\bcases of (?!the\b)[a-z]"#,
                reason: "a count of cases followed by the template's own noun ('four of the seven cases of risk management plans')"),
        BadForm(pattern: #"\b(one|1) cases\b"#, reason: "a plural noun after one ('the one cases')"),
        BadForm(pattern: #"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}) to \d{1,2} \2 \3\b"#,
                reason: "a date range repeating its month and year ('16 November 2026 to 20 November 2026')"),
        BadForm(pattern: #"\[\[[^\]]*\]\]"#, reason: "a figure left unresolved ('[[q:id:proportion]]')"),
        BadForm(pattern: #"\b(no applicable cases|not rated)%"#, reason: "a missing figure given a percent sign"),
        BadForm(pattern: #"\b(the|a|an|of|in|and|to|was|were) \1\b"#, reason: "a doubled word ('in in', 'the the')"),
        BadForm(pattern: #"\bfewer than twenty\b"#, reason: "the fragile cut written as a literal rather than the framework's fragile_below"),
        BadForm(pattern: #"\bjudged not (rated|yet judged)\b"#,
                reason: "a judgement that has not been made, worded as one ('was judged not rated')"),
        BadForm(pattern: #"\bon \d{1,2} to \d{1,2}\b"#, reason: "'on' before a range of days ('carried out on 8 to 10 June 2026')"),
        BadForm(pattern: #"\bthe one who were\b"#, reason: "a count of one with a plural verb ('The one who were worried')"),
        BadForm(pattern: #"^cases that .* in (all|\w+ of the) \w+ cases\b"#,
                reason: "cases counted twice ('Cases that met the MAPPA criteria were correctly identified in all five cases')"),
    ]

    /// The bad forms `text` takes, each as "reason: sentence".
    public static func problems(in text: String, forms: [BadForm] = badForms) -> [String] {
        var found: [String] = []
        for sentence in sentences(of: text) {
            for form in forms where sentence.range(of: form.pattern, options: [.regularExpression, .caseInsensitive]) != nil {
                found.append("\(form.reason): \(sentence)")
            }
        }
        return found
    }

    /// The sentences of a drafted report in Markdown: each line without its list or emphasis marks, split after a
    /// full stop, question or exclamation mark followed by a space.
    public static func sentences(of markdown: String) -> [String] {
        markdown.split(separator: "\n").flatMap { line -> [String] in
            var text = String(line)
            for mark in ["**", "*", "`"] { text = text.replacingOccurrences(of: mark, with: "") }
            text = text.replacingOccurrences(of: #"^\s*(#+|-|\|)\s*"#, with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: #"^\(?\d+(\.\d+)*\)?\.?\s+"#, with: "", options: .regularExpression)
            return BoundText.sentences(of: text).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}
