/// One anonymous response to a questionnaire: no name and no link to a case, so nothing in it can identify who answered.
public struct QuestionnaireResponse: Sendable, Hashable, Codable {
    /// Question id -> the option id chosen, or the scale value as text ("7"); unanswered questions are absent.
    public var answers: [String: String]
    /// The answer to the questionnaire's comment question; empty when none was given.
    public var comment: String

    public init(answers: [String: String] = [:], comment: String = "") {
        self.answers = answers
        self.comment = comment
    }

    /// Every problem with this response, as "question_id: message" lines; empty when it is a valid answer to `questionnaire`.
    public func validate(against questionnaire: Questionnaire) -> [String] {
        problems(against: questionnaire).map { "\($0.subject): \($0.message)" }
    }

    /// The problems with their subject (a question id, or "comment") kept apart, so a file reader can place them by column
    /// and a form by question.
    public func problems(against questionnaire: Questionnaire) -> [(subject: String, message: String)] {
        var found: [(subject: String, message: String)] = []
        // A question whose deciding answer is itself wrong cannot be said to apply or not, so it is not judged on that.
        var invalid: Set<String> = []
        for question in questionnaire.questions {
            let given = answers[question.id]
            if question.kind == .comment {
                if given != nil {
                    found.append((question.id, "a comment question's text belongs in the response's comment, not in its answers"))
                }
                continue
            }
            let decidedByInvalid = question.appliesWhen.map { invalid.contains($0.question) } ?? false
            let applies = questionnaire.applies(question, to: self)
            guard let value = given, !value.isEmpty else {
                if question.required, applies, !decidedByInvalid {
                    found.append((question.id, "missing answer to a required question"))
                }
                continue
            }
            if !applies, !decidedByInvalid, let condition = question.appliesWhen {
                found.append((question.id, "answered, but the question is only asked when \(condition.question) is "
                              + condition.options.joined(separator: " or ")))
                continue
            }
            switch question.kind {
            case .choice(let options):
                if !options.contains(where: { $0.id == value }) {
                    found.append((question.id, "'\(value)' is not one of \(options.map(\.id).joined(separator: "|"))"))
                    invalid.insert(question.id)
                }
            case .scale(let min, let max):
                // Stored as the plain number, so "07" or "+7" is not accepted as a second spelling of "7".
                guard let number = Int(value), String(number) == value, (min...max).contains(number) else {
                    found.append((question.id, "'\(value)' is not a whole number from \(min) to \(max)"))
                    invalid.insert(question.id)
                    break
                }
            case .comment:
                break
            }
        }
        for key in answers.keys.sorted() where questionnaire.question(key) == nil {
            found.append((key, "not a question of questionnaire \(questionnaire.id)"))
        }
        if !comment.isEmpty, questionnaire.commentQuestion == nil {
            found.append(("comment", "questionnaire \(questionnaire.id) has no comment question"))
        }
        return found
    }
}

extension Questionnaire {
    /// Whether `question` is asked of `response`: always, or when the deciding question was itself asked and answered
    /// with one of the listed options.
    public func applies(_ question: QuestionnaireQuestion, to response: QuestionnaireResponse) -> Bool {
        var current = question
        // A loaded questionnaire's conditions point at earlier questions, so the chain ends; the bound only protects
        // against a cycle in a questionnaire built by hand.
        for _ in 0...questions.count {
            guard let condition = current.appliesWhen else { return true }
            guard let answer = response.answers[condition.question], condition.options.contains(answer),
                  let source = self.question(condition.question) else { return false }
            current = source
        }
        return false
    }

    /// Every question's applicability to the answers given so far, by question id. The one rule that validation, the
    /// form (which follow-ups it shows) and the form's applicability endpoint all use, so they never disagree.
    public func applicability(to response: QuestionnaireResponse) -> [String: Bool] {
        Dictionary(questions.map { ($0.id, applies($0, to: response)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The response without its answers to questions it does not apply to.
    ///
    /// A form sent without JavaScript still shows every follow-up; a child who answered one and then changed the answer
    /// it depends on has not made a mistake, so that answer is dropped rather than refused. Applicability is judged on
    /// the answers as sent, and `applies` follows the whole chain, so one pass drops a follow-up of a follow-up too.
    public func droppingUnaskedAnswers(_ response: QuestionnaireResponse) -> QuestionnaireResponse {
        var kept = response
        for question in questions where response.answers[question.id] != nil && !applies(question, to: response) {
            kept.answers[question.id] = nil
        }
        return kept
    }

    /// When a question is asked, in the questionnaire's own words for the person answering it, e.g. "Only if you
    /// answered “Yes” to “Did you have a plan …?”"; nil for a question that is always asked.
    public func conditionWording(for question: QuestionnaireQuestion) -> String? {
        guard let condition = question.appliesWhen, let source = self.question(condition.question) else { return nil }
        let labels = condition.options.map { id in "“" + (source.options.first { $0.id == id }?.label ?? id) + "”" }
        let answers = labels.listedInWords("or")
        // No full stop after the closing quote: the question's own "?" ends the sentence.
        return "Only if you answered \(answers) to “\(source.text)”"
    }
}

/// Questionnaire responses as CSV: one row per response, one column per question id (the comment question's column
/// holds the comment). Columns may come in any order; an optional question's column may be left out.
public enum QuestionnaireResponseFile {
    /// The columns yji writes for `questionnaire`: its question ids, in order.
    public static func columns(for questionnaire: Questionnaire) -> [String] {
        questionnaire.questions.map(\.id)
    }

    /// Reads responses, reporting every problem as FILE:LINE: column: message; nothing is returned from a file with problems.
    ///
    /// A choice may be written as its option id or its label, in any case, with spaces, hyphens or underscores
    /// ("a_lot_less", "A lot less likely"), because files are often typed up from paper forms; it is stored as the id.
    public static func read(_ text: String, file: String, questionnaire: Questionnaire) throws(ProblemList) -> [QuestionnaireResponse] {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        let columns = CSVColumns(
            table: table,
            required: questionnaire.questions.filter(\.required).map(\.id),
            optional: questionnaire.questions.filter { !$0.required }.map(\.id),
            problems: &problems)
        try problems.throwIfAny()

        var responses: [QuestionnaireResponse] = []
        for row in table.wellFormedRows(reporting: &problems) {
            if problems.isFull { break }
            var response = QuestionnaireResponse()
            for question in questionnaire.questions {
                let value = columns.value(question.id, in: row)
                guard !value.isEmpty else { continue }
                switch question.kind {
                case .comment:
                    response.comment = value
                case .choice(let options):
                    response.answers[question.id] = optionID(value, in: options) ?? value
                case .scale:
                    response.answers[question.id] = value
                }
            }
            let found = response.problems(against: questionnaire)
            for problem in found { problems.add(line: row.line, problem.subject, problem.message) }
            if found.isEmpty { responses.append(response) }
        }
        try problems.throwIfAny()
        return responses
    }

    /// Writes responses with a column per question, in question order; choices are written as option ids.
    public static func write(_ responses: [QuestionnaireResponse], questionnaire: Questionnaire) -> String {
        var out = columns(for: questionnaire).joined(separator: ",") + "\n"
        for response in responses {
            let fields = questionnaire.questions.map { question in
                question.kind == .comment ? response.comment : response.answers[question.id] ?? ""
            }
            out += fields.map(csvEscaped).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The option a cell names by id or by label, compared the way import files are spelt (case, spaces, '-' and '_' alike).
    static func optionID(_ text: String, in options: [QuestionnaireOption]) -> String? {
        let key = normalisedKey(text)
        return options.first { normalisedKey($0.id) == key }?.id ?? options.first { normalisedKey($0.label) == key }?.id
    }
}
