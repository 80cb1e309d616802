import Foundation
import Hummingbird
import YJICore
import YJIStore

/// "My cases", an inspection's case list, the case assessment form, check-your-answers and "mark assessed".
struct AssessmentController {
    let services: WebServices
    let assessment: AssessmentRepository
    let inspections: InspectionRepository
    let sampling: SamplingRepository

    struct CaseRow {
        let caseID: String
        let href: String
        let setting: String
        let answered: Int
        let applicable: Int
        let stage: String
        let assessed: Bool
        let assessor: String
    }

    struct InspectionCases {
        let inspection: InspectionSummary
        let cases: [CaseRow]
        /// One sentence per case that went back from assessed to in progress, for its assessor.
        let returned: [String]
    }

    struct MyCasesPage {
        let chrome: PageChrome
        let groups: [InspectionCases]
    }

    struct CasesPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let cases: [CaseRow]
        let assessed: Int
        let total: Int
    }

    struct Option {
        let value: String
        let label: String
        let checked: Bool
        let inputID: String
    }

    struct QuestionView {
        let id: String
        let anchor: String
        let text: String
        let askable: Bool
        let notAskableReason: String
        let options: [Option]
        let note: String
        let version: String
        let original: String
        let originalNote: String
        let error: String?
        let conflict: String?
        let updatedBy: String
    }

    struct CriterionView {
        let id: String
        let name: String
        let questions: [QuestionView]
    }

    struct Detail {
        let label: String
        let value: String
    }

    /// An answer kept aside because its question stopped applying.
    struct SetAsideView {
        let text: String
        let answer: String
        /// Nil when there is none, so the page prints no empty "Note:".
        let note: String?
        let because: String
        let when: String
        let by: String
    }

    /// The question a save would set answers aside for, asked before anything is written.
    struct ConfirmationView {
        let message: String
        let questions: [String]
    }

    struct CasePage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let caseID: String
        let returned: String?
        let confirmation: ConfirmationView?
        let setAside: [SetAsideView]
        let details: [Detail]
        let criteria: [CriterionView]
        let answered: Int
        let applicable: Int
        let percent: Int
        let stage: String
        let errors: [FieldError]
        let action: String
        let checkHref: String
        /// Drawn from a post that was not (all) saved: what is shown is typing that is not stored yet.
        let unsaved: Bool
        /// Where the criterion numbers are yji's own rather than the reports', what they rest on.
        let numberingNote: String?
    }

    struct CheckRow {
        let id: String
        let text: String
        let answer: String
        let note: String
        let href: String
    }

    struct CheckPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let caseID: String
        let returned: String?
        let rows: [CheckRow]
        let errors: [FieldError]
        let assessed: Bool
        let assessedBy: String
        let formHref: String
        let action: String
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        router.get("/my-cases") { _, context in try await myCases(context) }
        inspection.get("cases") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayRecordJudgements else { throw WebError.forbidden }
            let allocation = try await sampling.allocation(inspection: inspection.id)
            let statuses = try await assessment.caseStatuses(inspection: inspection.id)
                .filter { access.mayAssess(caseID: $0.record.id, user: user, allocation: allocation) }
            let rows = statuses.map { Self.row($0, inspection: inspection.id, allocation: allocation) }
            return services.pages.render("cases", CasesPage(
                chrome: .inspection("Case assessments", inspection, access, context),
                inspection: InspectionSummary(inspection), cases: rows, assessed: rows.filter(\.assessed).count, total: rows.count))
        }
        inspection.get("cases/{case}") { _, context in
            let (inspection, caseID, _) = try await assessable(context)
            return try await casePage(context, inspection, caseID: caseID, submitted: nil, errors: [], conflicts: [:], status: .ok)
        }
        inspection.post("cases/{case}") { _, context in try await save(context) }
        inspection.get("cases/{case}/check") { _, context in
            let (inspection, caseID, _) = try await assessable(context)
            return try await checkPage(context, inspection, caseID: caseID, showMissing: false)
        }
        inspection.post("cases/{case}/assessed") { _, context in
            let (inspection, caseID, user) = try await assessable(context)
            let status = try await assessment.markAssessed(inspection: inspection.id, caseID: caseID, actor: user.email)
            guard status.progress.isComplete else { return try await checkPage(context, inspection, caseID: caseID, showMissing: true) }
            return Response.redirect(to: "/inspections/\(inspection.id)/cases?assessed=\(caseID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                                     type: .normal)
        }
    }

    /// The inspection and case, if this user may assess it; otherwise "not found" or "forbidden".
    func assessable(_ context: WebContext) async throws -> (Inspection, String, User) {
        let (inspection, access, user) = try context.inspection()
        guard let caseID = context.parameters.get("case") else { throw WebError.notFound() }
        guard access.mayRecordJudgements else { throw WebError.forbidden }
        let allocation = try await sampling.allocation(inspection: inspection.id)
        guard access.mayAssess(caseID: caseID, user: user, allocation: allocation) else {
            // A local assessor is not told whether other cases exist.
            throw access.role == .localAssessor ? WebError.notFound() : WebError.forbidden
        }
        return (inspection, caseID, user)
    }

    static func row(_ status: CaseAssessmentStatus, inspection: Int, allocation: AllocationPlan?) -> CaseRow {
        CaseRow(caseID: status.record.id, href: "/inspections/\(inspection)/cases/\(status.record.id)",
                setting: status.record.setting.rawValue.capitalized, answered: status.progress.answered,
                applicable: status.progress.applicable.count, stage: status.stage, assessed: status.assessedAt != nil,
                assessor: allocation?.allocations.first { $0.caseID == status.record.id }?.assessor ?? "")
    }

    private func myCases(_ context: WebContext) async throws -> Response {
        let user = try services.user(context)
        var groups: [InspectionCases] = []
        for (inspection, access) in try await services.visibleInspections(user) where access.mayRecordJudgements && access.role != .admin {
            guard let allocation = try await sampling.allocation(inspection: inspection.id) else { continue }
            let mine = Set(allocation.allocations.filter { $0.assessor == user.name }.map(\.caseID))
            guard !mine.isEmpty else { continue }
            let statuses = try await assessment.caseStatuses(inspection: inspection.id).filter { mine.contains($0.record.id) }
            let rows = statuses.map { Self.row($0, inspection: inspection.id, allocation: allocation) }
            groups.append(InspectionCases(inspection: InspectionSummary(inspection), cases: rows,
                                          returned: statuses.compactMap { status in status.returned.map { Self.returnedNotice($0) } }))
        }
        return services.pages.render("my-cases", MyCasesPage(
            chrome: PageChrome(title: "My cases", context: context, section: "my-cases"), groups: groups))
    }

    /// Renders the form from the stored answers, or from what was just submitted when it has to be shown again.
    private func casePage(_ context: WebContext, _ inspection: Inspection, caseID: String, submitted: FormFields?, errors: [FieldError],
                          conflicts: [String: StoredJudgement?], confirmation: ConfirmationView? = nil,
                          status: HTTPResponse.Status) async throws -> Response {
        let (_, access, _) = try context.inspection()
        let framework = try await inspections.framework(of: inspection)
        let (caseStatus, stored) = try await assessment.caseStatus(inspection: inspection.id, caseID: caseID)
        let record = caseStatus.record
        let storedByQuestion = Dictionary(stored.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        let answers = storedByQuestion.mapValues(\.answer)
        let engine = ScoringEngine(framework: framework)
        let errorByField = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let setAside = try await assessment.setAsideJudgements(inspection: inspection.id, caseID: caseID).map {
            SetAsideView(text: framework.question($0.questionID)?.text ?? $0.questionID, answer: $0.answer.label, note: $0.note.isEmpty ? nil : $0.note,
                         because: framework.quotedText(of: $0.becauseOf), when: Self.day($0.setAsideAt), by: $0.setAsideBy)
        }

        let criteria = framework.criteria.compactMap { criterion -> CriterionView? in
            let questions = framework.questions(inCriterion: criterion.id).map { question -> QuestionView in
                let saved = storedByQuestion[question.id]
                let anchor = Self.anchor(question.id)
                let applicability = engine.applicability(of: question, in: record, answers: answers)
                let chosen = submitted?["answer.\(question.id)"] ?? saved?.answer.description ?? ""
                let spellings = question.kind == .judgement ? Answer.judgementSpellings : question.options
                let options = spellings.enumerated().map { index, value in
                    Option(value: value, label: Answer.label(value), checked: value == chosen, inputID: index == 0 ? anchor : "\(anchor)-\(index)")
                }
                var reason = ""
                switch applicability {
                case .applies: break
                case .excluded(let exclusion): reason = "Does not apply: \(exclusion.reason(for: record, in: framework))."
                case .awaiting(let source):
                    reason = "Answer \(framework.quotedText(of: source)) first, then save: whether this applies depends on it."
                }
                let conflict: String? = conflicts[question.id].map { theirs in
                    guard let theirs else { return "Someone else removed this answer while you were editing. Check your answer and save again." }
                    let note = theirs.note.isEmpty ? "" : " with the note \u{201C}\(theirs.note)\u{201D}"
                    return "\(theirs.updatedBy) saved \u{201C}\(theirs.answer.label)\u{201D}\(note) at \(theirs.updatedAt) while you were editing. Your answer is shown; save again to keep it."
                }
                let version = conflicts[question.id].map { $0.map { String($0.version) } ?? "" } ?? saved.map { String($0.version) } ?? ""
                return QuestionView(
                    id: question.id, anchor: anchor, text: question.text, askable: reason.isEmpty,
                    notAskableReason: reason, options: options, note: submitted?["note.\(question.id)"] ?? saved?.note ?? "",
                    version: version,
                    original: conflicts[question.id].map { $0?.answer.description ?? "" } ?? saved?.answer.description ?? "",
                    originalNote: conflicts[question.id].map { $0?.note ?? "" } ?? saved?.note ?? "",
                    error: errorByField[anchor] ?? errorByField[question.id], conflict: conflict, updatedBy: saved?.updatedBy ?? "")
            }
            return questions.isEmpty ? nil : CriterionView(id: criterion.id, name: criterion.name, questions: questions)
        }
        let progress = caseStatus.progress
        return services.pages.render("case", CasePage(
            chrome: .inspection("Case \(caseID)", inspection, access, context, trail: [("Cases", "/inspections/\(inspection.id)/cases")]),
            inspection: InspectionSummary(inspection), caseID: caseID, returned: caseStatus.returned.map(Self.returnedNotice),
            confirmation: confirmation, setAside: setAside, details: Self.details(record), criteria: criteria,
            answered: progress.answered, applicable: progress.applicable.count,
            percent: Proportion(progress.answered, of: progress.applicable.count).wholePercent ?? 0, stage: caseStatus.stage,
            errors: errors, action: "/inspections/\(inspection.id)/cases/\(caseID)",
            checkHref: "/inspections/\(inspection.id)/cases/\(caseID)/check", unsaved: submitted != nil,
            numberingNote: ScoresController.numberingNote(framework)), status: status)
    }

    /// Saves the submitted answers that changed; shows the form again on a conflict or a rule broken, and asks first
    /// when a changed answer would set aside answers to questions that stop applying.
    private func save(_ context: WebContext) async throws -> Response {
        let (inspection, caseID, user) = try await assessable(context)
        let framework = try await inspections.framework(of: inspection)
        let form = context.form
        var edits: [JudgementEdit] = []
        var errors: [FieldError] = []
        for question in framework.questions {
            guard let raw = form["answer.\(question.id)"], !raw.isEmpty else { continue }
            let note = form["note.\(question.id)"] ?? ""
            // Untouched answers are not saved again, so someone else's change to them is not a conflict.
            if raw == (form["original.\(question.id)"] ?? ""), note == (form["original-note.\(question.id)"] ?? "") { continue }
            guard let answer = Answer.parse(raw, for: question) else {
                errors.append(FieldError(field: Self.anchor(question.id), message: "\(framework.quotedText(of: question.id)): choose one of the answers given"))
                continue
            }
            let base = Int(form["version.\(question.id)"] ?? "")
            edits.append(JudgementEdit(caseID: caseID, questionID: question.id, answer: answer, assessor: user.name, note: note, baseVersion: base))
        }
        if !errors.isEmpty {
            return try await casePage(context, inspection, caseID: caseID, submitted: form, errors: errors, conflicts: [:], status: .unprocessableContent)
        }
        let decision = form["confirm-set-aside"]
        var outcome: CaseSaveOutcome
        do {
            outcome = try await assessment.saveCaseAnswers(inspection: inspection.id, caseID: caseID, edits: edits, actor: user.email,
                                                      setAside: decision == "yes")
            // "Keep the earlier answer": the changes that would set answers aside go back to the stored answers (their
            // notes are kept), and everything else typed is saved. Each round removes at least one change, so it ends.
            while decision == "keep", case .needsSetAside(let candidates) = outcome {
                let triggers = Set(candidates.map(\.becauseOf))
                edits = edits.compactMap { edit in
                    guard triggers.contains(edit.questionID) else { return edit }
                    guard let question = framework.question(edit.questionID),
                          let earlier = Answer.parse(form["original.\(edit.questionID)"] ?? "", for: question) else { return nil }
                    var kept = edit
                    kept.answer = earlier
                    return kept
                }
                outcome = try await assessment.saveCaseAnswers(inspection: inspection.id, caseID: caseID, edits: edits, actor: user.email)
            }
        } catch let error as StoreError {
            if case .conflict = error { WebMetrics.conflicts.increment() }
            return try await casePage(context, inspection, caseID: caseID, submitted: form,
                                      errors: [FieldError(field: "answers", message: error.description)], conflicts: [:], status: .unprocessableContent)
        }
        switch outcome {
        case .conflicts(let conflicts):
            WebMetrics.conflicts.increment(by: conflicts.count)
            var theirs: [String: StoredJudgement?] = [:]
            var errors: [FieldError] = []
            for case .conflict(let yours, let other) in conflicts {
                theirs[yours.questionID] = other
                errors.append(FieldError(field: Self.anchor(yours.questionID),
                                         message: "\(framework.quotedText(of: yours.questionID)) was changed by \(other?.updatedBy ?? "someone else") while you were editing"))
            }
            return try await casePage(context, inspection, caseID: caseID, submitted: form, errors: errors, conflicts: theirs, status: .conflict)
        case .needsSetAside(let candidates):
            // Nothing is written yet: the page comes back with everything typed and asks.
            let confirmation = ConfirmationView(message: SetAsideCandidate.leadIn(for: candidates, in: framework),
                                                questions: candidates.map { framework.question($0.questionID)?.text ?? $0.questionID })
            return try await casePage(context, inspection, caseID: caseID, submitted: form, errors: [], conflicts: [:],
                                      confirmation: confirmation, status: .ok)
        case .saved(let written, _):
            WebMetrics.saves.increment(by: written.count)
            let next = form["action"] == "check" ? "/check" : ""
            return Response.redirect(to: "/inspections/\(inspection.id)/cases/\(caseID)\(next)", type: .normal)
        }
    }

    private func checkPage(_ context: WebContext, _ inspection: Inspection, caseID: String, showMissing: Bool) async throws -> Response {
        let (_, access, _) = try context.inspection()
        let framework = try await inspections.framework(of: inspection)
        let (status, stored) = try await assessment.caseStatus(inspection: inspection.id, caseID: caseID)
        let byQuestion = Dictionary(stored.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        let formHref = "/inspections/\(inspection.id)/cases/\(caseID)"
        let rows = status.progress.applicable.compactMap { id -> CheckRow? in
            guard let question = framework.question(id) else { return nil }
            return CheckRow(id: id, text: question.text, answer: byQuestion[id].map { $0.answer.label } ?? "Not answered",
                            note: byQuestion[id]?.note ?? "", href: "\(formHref)#\(Self.anchor(id))")
        }
        let errors = showMissing || !status.progress.isComplete
            ? status.progress.missing.map { FieldError(field: "\(formHref)#\(Self.anchor($0))", message: "Answer \(framework.quotedText(of: $0))") } : []
        return services.pages.render("case-check", CheckPage(
            chrome: .inspection("Check your answers for case \(caseID)", inspection, access, context, trail: [("Case \(caseID)", formHref)]),
            inspection: InspectionSummary(inspection), caseID: caseID, returned: status.returned.map(Self.returnedNotice), rows: rows, errors: errors,
            assessed: status.assessedAt != nil, assessedBy: status.assessedBy ?? "", formHref: formHref,
            action: "\(formHref)/assessed"), status: showMissing ? .unprocessableContent : .ok)
    }

    /// What the assessor is told about a case that went back to in progress.
    static func returnedNotice(_ returned: CaseReturn) -> String {
        "Case \(returned.caseID) was returned to in progress on \(day(returned.returnedAt)) because \(returned.reason). "
            + "It had been marked assessed by \(returned.wasAssessedBy); answer the questions that now apply and mark it assessed again."
    }

    /// A stored timestamp's day, as people write dates: 7 December 2026.
    static func day(_ timestamp: String) -> String {
        CalendarDate(dayOfTimestamp: timestamp)?.longDescription ?? String(timestamp.prefix(10))
    }

    static func anchor(_ questionID: String) -> String {
        "q-" + questionID.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    static func details(_ record: CaseRecord) -> [Detail] {
        [
            Detail(label: "Setting", value: record.setting.rawValue.capitalized),
            Detail(label: "Age", value: String(record.age)),
            Detail(label: "Gender", value: record.gender.rawValue.capitalized),
            Detail(label: "Ethnicity", value: record.ethnicity.rawValue.capitalized),
            Detail(label: "Sentence or disposal", value: record.disposal.label),
            Detail(label: "Case status", value: record.status.rawValue.capitalized),
            Detail(label: "Risk of harm", value: record.riskOfHarm.rawValue.capitalized),
            Detail(label: "Vulnerability", value: record.vulnerability.rawValue.capitalized),
            Detail(label: "Looked after", value: record.lookedAfter ? "Yes" : "No"),
        ]
    }
}
