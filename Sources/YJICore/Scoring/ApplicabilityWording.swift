import Foundation

// The engine decides whether a question applies and names questions by id, which is right for files and logs.
// People answering a case read questions by their text; these word the engine's decisions for them, without
// deciding anything again.

extension Answer {
    /// The answer as the assessment form labels it: Yes, No, Not applicable, or the option itself.
    public var label: String { Self.label(description) }

    /// The label of an answer spelled as in judgements files (yes, no, na or an option).
    public static func label(_ spelling: String) -> String {
        switch spelling {
        case "yes": "Yes"
        case "no": "No"
        case "na": "Not applicable"
        default: spelling.prefix(1).uppercased() + spelling.dropFirst()
        }
    }
}

extension Framework {
    /// A question as a reader knows it: its text in quotation marks (its id if the framework has no such question).
    public func quotedText(of questionID: String) -> String {
        guard let question = question(questionID) else { return questionID }
        return "\u{201C}\(question.text)\u{201D}"
    }

    /// Several questions by their text, as a list in a sentence: “A”, “B” and “C”.
    public func quotedTexts(of questionIDs: [String]) -> String {
        questionIDs.map(quotedText(of:)).listedInWords()
    }
}

extension Exclusion {
    /// Why a question does not apply, naming the question it depends on by its text, e.g. "it applies only when the
    /// answer to “Was a screening of risk of harm to others completed?” is Yes; in this case it is No".
    public func reason(for record: CaseRecord, in framework: Framework) -> String {
        switch self {
        case .setting(let setting):
            return "it is asked in \(setting.rawValue) cases only, and this is a \(record.setting.rawValue) case"
        case .sourceDoesNotApply(let source):
            return "it depends on \(framework.quotedText(of: source)), which does not apply to this case"
        case .conditionNotMet(let condition, let actual):
            let wanted = condition.answers.map(Answer.label).joined(separator: " or ")
            return "it applies only when the answer to \(framework.quotedText(of: condition.question)) is \(wanted); "
                + "in this case it is \(actual.label)"
        }
    }
}

extension ScoringEngine {
    /// Why a question cannot take an answer in this case now, by question text; nil when it applies.
    public func refusal(of questionID: String, in record: CaseRecord, answers: [String: Answer]) -> String? {
        guard let question = framework.question(questionID) else { return nil }
        switch applicability(of: question, in: record, answers: answers) {
        case .applies:
            return nil
        case .excluded(let exclusion):
            return "\(framework.quotedText(of: questionID)) cannot be answered in case \(record.id): \(exclusion.reason(for: record, in: framework))"
        case .awaiting(let source):
            return "\(framework.quotedText(of: questionID)) cannot be answered in case \(record.id) until "
                + "\(framework.quotedText(of: source)) is answered"
        }
    }

    /// A problem the engine found, worded for the person who made it: questions by their text, and for an answer
    /// where its question does not apply, the reason taken from the engine's applicability of that question.
    public func wording(of problem: ScoringProblem, cases: [CaseRecord], judgements: [Judgement]) -> String {
        guard let questionID = problem.questionID, framework.question(questionID) != nil else { return problem.description }
        if problem.field == .question, let caseID = problem.caseID, let record = cases.first(where: { $0.id == caseID }) {
            var answers: [String: Answer] = [:]
            for judgement in judgements where judgement.caseID == caseID { answers[judgement.questionID] = judgement.answer }
            if let refusal = refusal(of: questionID, in: record, answers: answers) { return refusal }
        }
        let place = problem.caseID.map { " in case \($0)" } ?? ""
        return "\(framework.quotedText(of: questionID))\(place): \(problem.message)"
    }

    /// The changed question that closes `questionID`: the question its applicability depends on, followed back
    /// through questions that depend on others until one of `changed` is reached; nil if none of them is on the way.
    public func closingQuestion(of questionID: String, changed: Set<String>) -> String? {
        var seen: Set<String> = [questionID]
        var current = questionID
        while let source = framework.question(current)?.applicability.condition?.question, seen.insert(source).inserted {
            if changed.contains(source) { return source }
            current = source
        }
        return nil
    }
}
