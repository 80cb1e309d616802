import Foundation

/// A field of an improvement plan's forms, named so that a problem can point at it.
public enum PlanField: String, Sendable, Hashable, Codable, CaseIterable {
    case recommendation, description, owner, due, status, reason
    case date, note, evidence

    /// The field as people call it, which starts every problem's message.
    public var label: String {
        switch self {
        case .recommendation: return "recommendation"
        case .description: return "action"
        case .owner: return "owner"
        case .due: return "due date"
        case .status: return "status"
        case .reason: return "reason"
        case .date: return "date"
        case .note: return "progress"
        case .evidence: return "evidence"
        }
    }
}

/// One thing wrong with an action or a progress update as submitted.
public struct PlanProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field the problem is about.
    public let field: PlanField
    /// What is wrong and what to do, without the field's name.
    public let message: String

    /// A problem with `field`.
    public init(_ field: PlanField, _ message: String) {
        self.field = field
        self.message = message
    }

    /// The message led by the field's name: "owner: name the person or team who will carry out the action".
    public var description: String { "\(field.label): \(message)" }
}

/// Everything wrong with one submission; nothing of it is kept.
public struct PlanProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems in the order of the form's fields.
    public let problems: [PlanProblem]

    /// The problems found; callers throw this only when there is at least one.
    public init(_ problems: [PlanProblem]) { self.problems = problems }

    /// Every problem, separated by semicolons.
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// An action of an improvement plan, checked: what will be done, by whom, by when, and how far it has got.
public struct ActionDetails: Sendable, Hashable, Codable {
    /// The number of the report's recommendation the action answers.
    public let recommendation: Int
    /// What will be done.
    public let description: String
    /// The person or team who will do it.
    public let owner: String
    /// The day it should be done by.
    public let due: CalendarDate
    /// How far it has got.
    public let status: ActionStatus
    /// Why it was dropped; nil unless `status` is dropped.
    public let reason: String?

    /// The longest action description kept; a plan's action is a sentence or two, not a document.
    public static let maxDescription = 2000
    /// The longest owner, reason or short text field kept.
    public static let maxShortText = 300

    /// Checks and trims the parts of an action, or throws every problem with them at once.
    ///
    /// A reason given for an action that is not dropped is not kept: it would read as if the action had been dropped.
    public init(recommendation: Int, description: String, owner: String, due: CalendarDate, status: ActionStatus,
                reason: String? = nil) throws(PlanProblems) {
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        let owner = owner.trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [PlanProblem] = []
        if recommendation < 1 { problems.append(PlanProblem(.recommendation, "choose the recommendation this action answers")) }
        problems += Self.textProblems(.description, description, limit: Self.maxDescription, missing: "say what will be done")
        problems += Self.textProblems(.owner, owner, limit: Self.maxShortText,
                                      missing: "name the person or team who will carry out the action")
        if status.needsReason {
            problems += Self.textProblems(.reason, reason ?? "", limit: Self.maxDescription, missing: "say why the action was dropped")
        }
        guard problems.isEmpty else { throw PlanProblems(problems) }
        self.recommendation = recommendation
        self.description = description
        self.owner = owner
        self.due = due
        self.status = status
        self.reason = status.needsReason ? reason : nil
    }

    /// Reads an action from what a person typed into a form or on the command line, collecting every problem.
    ///
    /// `recommendations` are the numbers of the report's recommendations; the action must answer one of them.
    public static func parse(_ input: ActionInput, recommendations: [Int]) throws(PlanProblems) -> ActionDetails {
        var problems: [PlanProblem] = []
        let recommendationText = input.recommendation.trimmingCharacters(in: .whitespaces)
        let number = Int(recommendationText)
        if recommendationText.isEmpty {
            problems.append(PlanProblem(.recommendation, "choose the recommendation this action answers"))
        } else if let number, recommendations.contains(number) {
            // Known.
        } else {
            let known = recommendations.isEmpty ? "the report has none" : "the report's are numbered "
                + recommendations.map(String.init).joined(separator: ", ")
            problems.append(PlanProblem(.recommendation, "there is no recommendation \(recommendationText) (\(known))"))
        }
        let due = dateProblem(.due, input.due, problems: &problems)
        let status = ActionStatus(text: input.status)
        if status == nil {
            problems.append(PlanProblem(.status, "choose one of "
                                        + ActionStatus.allCases.map { $0.displayName.lowercased() }.joined(separator: ", ")))
        }
        // The text fields are checked by the initialiser; a placeholder date and status let it run so all problems show at once.
        var details: ActionDetails?
        do throws(PlanProblems) {
            details = try ActionDetails(recommendation: max(number ?? 1, 1), description: input.description, owner: input.owner,
                                        due: due ?? CalendarDate(year: 2000, month: 1, day: 1)!, status: status ?? .notStarted,
                                        reason: input.reason)
        } catch {
            problems += error.problems.filter { $0.field != .recommendation }
        }
        guard problems.isEmpty, let details else { throw PlanProblems(problems.sorted(by: Self.formOrder)) }
        return details
    }

    /// Problems of a required text field: missing, or too long to be one.
    static func textProblems(_ field: PlanField, _ text: String, limit: Int, missing: String) -> [PlanProblem] {
        if text.isEmpty { return [PlanProblem(field, missing)] }
        if text.count > limit { return [PlanProblem(field, "keep it to \(limit) characters (it has \(text.count))")] }
        return []
    }

    /// The date in `text`, or nil after adding the problem with it.
    static func dateProblem(_ field: PlanField, _ text: String, problems: inout [PlanProblem]) -> CalendarDate? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            problems.append(PlanProblem(field, "enter the date as YYYY-MM-DD, for example 2027-03-31"))
            return nil
        }
        guard let date = CalendarDate.parse(text) else {
            let shaped = CalendarDate.parts(of: text) != nil
            problems.append(PlanProblem(field, shaped ? "there is no such day as '\(text)'"
                                        : "'\(text)' is not a date: enter it as YYYY-MM-DD, for example 2027-03-31"))
            return nil
        }
        return date
    }

    /// Problems in the order their fields appear on the forms, so an error summary reads top to bottom.
    static func formOrder(_ a: PlanProblem, _ b: PlanProblem) -> Bool {
        let order = PlanField.allCases
        return order.firstIndex(of: a.field)! < order.firstIndex(of: b.field)!
    }
}

/// An action as typed: every field as text, before it is checked.
public struct ActionInput: Sendable, Hashable {
    /// The recommendation's number.
    public var recommendation: String
    public var description: String
    public var owner: String
    /// The due date, as YYYY-MM-DD (or the UK's day-first form).
    public var due: String
    /// A status's stored form or its words; empty means not started.
    public var status: String
    public var reason: String

    /// An action as typed.
    public init(recommendation: String, description: String, owner: String, due: String, status: String = ActionStatus.notStarted.rawValue,
                reason: String = "") {
        self.recommendation = recommendation
        self.description = description
        self.owner = owner
        self.due = due
        self.status = status.trimmingCharacters(in: .whitespaces).isEmpty ? ActionStatus.notStarted.rawValue : status
        self.reason = reason
    }
}

/// A progress update on an action, checked: when, what happened, and what shows it.
public struct ProgressDetails: Sendable, Hashable, Codable {
    /// The day the progress was made or observed.
    public let date: CalendarDate
    /// What happened.
    public let note: String
    /// What shows it: a document's name or a web link; nil when none is given.
    public let evidence: String?

    /// Checks and trims an update; `today` is the latest day it may be dated, since progress cannot be reported ahead.
    public init(date: CalendarDate, note: String, evidence: String?, today: CalendarDate) throws(PlanProblems) {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let evidence = evidence?.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [PlanProblem] = []
        if date > today { problems.append(PlanProblem(.date, "\(date) is in the future: progress is recorded once it has happened (today is \(today))")) }
        problems += ActionDetails.textProblems(.note, note, limit: ActionDetails.maxDescription, missing: "say what progress was made")
        if let evidence, !evidence.isEmpty {
            if evidence.count > ActionDetails.maxDescription {
                problems.append(PlanProblem(.evidence, "keep it to \(ActionDetails.maxDescription) characters (it has \(evidence.count))"))
            } else if Self.looksLikeLink(evidence), Self.link(evidence) == nil {
                problems.append(PlanProblem(.evidence, "'\(evidence)' is not a web address: give a link such as https://example.invalid/plan.pdf, or name the document instead"))
            }
        }
        guard problems.isEmpty else { throw PlanProblems(problems) }
        self.date = date
        self.note = note
        self.evidence = evidence?.isEmpty == false ? evidence : nil
    }

    /// Reads an update as typed, collecting every problem.
    public static func parse(_ input: ProgressInput, today: CalendarDate) throws(PlanProblems) -> ProgressDetails {
        var problems: [PlanProblem] = []
        let date = ActionDetails.dateProblem(.date, input.date, problems: &problems)
        var details: ProgressDetails?
        do throws(PlanProblems) {
            details = try ProgressDetails(date: date ?? today, note: input.note, evidence: input.evidence, today: today)
        } catch {
            problems += error.problems
        }
        guard problems.isEmpty, let details else { throw PlanProblems(problems.sorted(by: ActionDetails.formOrder)) }
        return details
    }

    /// The evidence as a link to follow, when it is an http or https address; any other text is shown as text, so a
    /// `javascript:` or `data:` "link" is never made clickable.
    public var link: URL? { evidence.flatMap(Self.link) }

    static func looksLikeLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    static func link(_ text: String) -> URL? {
        guard !text.contains(where: \.isWhitespace), let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else { return nil }
        return url
    }
}

/// A progress update as typed.
public struct ProgressInput: Sendable, Hashable {
    /// The day, as YYYY-MM-DD (or the UK's day-first form).
    public var date: String
    public var note: String
    public var evidence: String

    /// An update as typed.
    public init(date: String, note: String, evidence: String = "") {
        self.date = date
        self.note = note
        self.evidence = evidence
    }
}
