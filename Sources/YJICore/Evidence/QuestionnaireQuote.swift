/// A respondent's free-text comment chosen to be quoted in the report, as it will be printed.
///
/// The comment itself is kept as the child or victim wrote it; the quote is the inspectors' copy, with any name in it
/// changed or taken out, which they must confirm before it can be recorded (as for a practice example).
public struct QuestionnaireQuote: Sendable, Hashable, Codable {
    /// The stored response whose comment is quoted; one quote per comment.
    public var responseID: Int
    /// The questionnaire the comment answered ("children", "victims").
    public var questionnaireID: String
    /// The text as the report prints it.
    public var text: String
    /// Confirms that every name in the text has been changed or removed.
    public var namesChanged: Bool

    public init(responseID: Int, questionnaireID: String, text: String, namesChanged: Bool) {
        self.responseID = responseID
        self.questionnaireID = questionnaireID
        self.text = text
        self.namesChanged = namesChanged
    }

    /// The comment's text in a quote's first draft: trimmed, since a quote printed with a stray blank line looks edited.
    public static func draft(of comment: String) -> String {
        comment.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every problem, as "field: message" lines; empty when the quote can be recorded.
    ///
    /// A child's or victim's own words can name them or someone they know, so a quote is never printed until someone
    /// has confirmed the names are changed.
    public func validate() -> [String] {
        var problems: [String] = []
        if text.allSatisfy(\.isWhitespace) { problems.append("text: is required") }
        if !namesChanged {
            problems.append("names_changed: a quoted comment must have any names changed or removed, and this confirmed, "
                            + "before it is quoted in the report")
        }
        return problems
    }
}
