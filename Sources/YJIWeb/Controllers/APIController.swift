import Foundation
import Hummingbird
import YJICore
import YJIStore

/// JSON responses with yji's encoding, and JSON errors with a stable code.
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    static func error(_ error: WebError) -> Response {
        (try? json(ErrorBody(error: .init(code: error.code, message: error.message)), status: error.status))
            ?? Response(status: error.status)
    }
}

/// The JSON API under `/api/v1`: the same operations and the same authorization as the pages.
struct APIController {
    let services: WebServices
    let assessment: AssessmentRepository
    let inspections: InspectionRepository
    let sampling: SamplingRepository
    let scores: ScoreRepository
    /// The case form's rule for who may assess which case, which the API shares.
    let assessmentPages: AssessmentController

    struct InspectionJSON: Codable {
        let id: Int
        let area: String
        let region: String
        let country: String
        let programme: String
        let framework: String
        let frameworkVersion: String
        @ExplicitNull var fieldworkStart: String?
        @ExplicitNull var fieldworkEnd: String?
        let status: String
        let role: String

        init(_ inspection: Inspection, role: UserRole) {
            id = inspection.id
            area = inspection.area.name
            region = inspection.area.region
            country = inspection.area.country.rawValue
            programme = inspection.programme
            framework = inspection.frameworkID
            frameworkVersion = inspection.frameworkVersion
            fieldworkStart = inspection.fieldworkStart?.description
            fieldworkEnd = inspection.fieldworkEnd?.description
            status = inspection.status.rawValue
            self.role = role.rawValue
        }
    }

    struct NewInspectionJSON: Decodable {
        let area: String
        let region: String?
        let country: String?
        let programme: String
        let fieldworkStart: String?
        let fieldworkEnd: String?
    }

    struct CaseJSON: Codable {
        let id: String
        let setting: String
        let answered: Int
        let applicable: Int
        let missing: [String]
        let stage: String
        @ExplicitNull var assessedAt: String?
        @ExplicitNull var assessedBy: String?

        init(_ status: CaseAssessmentStatus) {
            id = status.record.id
            setting = status.record.setting.rawValue
            answered = status.progress.answered
            applicable = status.progress.applicable.count
            missing = status.progress.missing
            stage = status.stage
            assessedAt = status.assessedAt
            assessedBy = status.assessedBy
        }
    }

    struct JudgementJSON: Codable, Hashable, Sendable {
        let caseId: String
        let questionId: String
        let answer: String
        let note: String
        let version: Int
        let updatedAt: String
        let updatedBy: String

        init(_ judgement: StoredJudgement) {
            caseId = judgement.caseID
            questionId = judgement.questionID
            answer = judgement.answer.description
            note = judgement.note
            version = judgement.version
            updatedAt = judgement.updatedAt
            updatedBy = judgement.updatedBy
        }
    }

    struct JudgementEditJSON: Decodable {
        let answer: String
        let note: String?
        /// The version being edited; omitted or null when there is no answer yet.
        let version: Int?
        /// Confirms setting aside the answers this change closes (listed by an earlier refusal); omitted means false.
        let setAside: Bool?
    }

    /// An answer a save would set aside, named by question id and text.
    struct SetAsideItemJSON: Encodable {
        let questionId: String
        let text: String
        let answer: String
        let note: String
        /// The changed question whose new answer closes this one.
        let becauseOf: String
        let becauseOfText: String
    }

    /// The save was refused because it would set answers aside; sending it again with `setAside: true` confirms.
    struct SetAsideNeededJSON: Encodable {
        let error: APIResponse.ErrorBody.Detail
        let setAside: [SetAsideItemJSON]
    }

    struct ConflictJSON: Encodable {
        let error: APIResponse.ErrorBody.Detail
        /// Null when there is no stored answer (a version was named for a question nobody has answered).
        @ExplicitNull var theirs: JudgementJSON?
    }

    /// Who is signed in and the token state-changing requests must carry in `X-CSRF-Token`.
    struct SessionJSON: Encodable {
        let email: String
        let name: String
        let role: String
        let csrfToken: String
    }

    struct IncompleteJSON: Encodable {
        let error: APIResponse.ErrorBody.Detail
        let missing: [String]
    }

    /// A lead inspector's decision on a score's label.
    struct RatingDecisionJSON: Codable, Hashable, Sendable {
        let label: String
        let reason: String
        let decidedBy: String
        let decidedAt: String
    }

    /// One rated score's label after a change: the label in force, the proposal computed from the score, and the lead
    /// inspector's decision, null when the proposal stands.
    struct RatingJSON: Encodable {
        let level: String
        let scoreId: String
        @ExplicitNull var label: String?
        @ExplicitNull var proposal: String?
        @ExplicitNull var decision: RatingDecisionJSON?
    }

    struct RatingEditJSON: Decodable {
        let label: String
        let reason: String
    }

    struct RatingWithdrawalJSON: Decodable {
        let reason: String
    }

    func addRoutes(to group: RouterGroup<WebContext>, inspection: RouterGroup<WebContext>) {
        group.get("openapi.json") { _, _ in
            guard let url = Bundle.module.url(forResource: "Public/openapi.json", withExtension: nil) else { throw WebError.notFound() }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
        }
        group.get("session") { _, context in
            let user = try services.user(context)
            return try APIResponse.json(SessionJSON(email: user.email, name: user.name, role: user.role.rawValue,
                                                    csrfToken: context.session?.csrfToken ?? ""))
        }
        group.get("inspections") { _, context in
            let user = try services.user(context)
            return try APIResponse.json(try await services.visibleInspections(user).map { InspectionJSON($0.0, role: $0.1.role) })
        }
        group.post("inspections") { request, context in
            let user = try services.user(context)
            guard InspectionAccess.mayCreateInspections(user) else { throw WebError.forbidden }
            let body = try await decode(NewInspectionJSON.self, request)
            guard !body.area.trimmingCharacters(in: .whitespaces).isEmpty else { throw WebError.invalid("area: enter the service's area") }
            guard FrameworkCatalog.shippedIDs.contains(body.programme) else {
                throw WebError.invalid("programme: one of \(FrameworkCatalog.shippedIDs.joined(separator: ", "))")
            }
            for (field, date) in [("fieldworkStart", body.fieldworkStart), ("fieldworkEnd", body.fieldworkEnd)] {
                guard let date else { continue }
                do { _ = try CalendarDate.iso(date, field: field) } catch let problem as CalendarDateProblem { throw WebError.invalid(problem.description) }
            }
            guard let country = Country(rawValue: body.country ?? "England") else { throw WebError.invalid("country: England or Wales") }
            let (framework, yaml) = try FrameworkCatalog.resolveWithSource(body.programme)
            let inspection = try await inspections.createInspection(
                NewInspection(areaName: body.area, region: body.region ?? "", country: country, framework: framework,
                              fieldworkStart: body.fieldworkStart, fieldworkEnd: body.fieldworkEnd),
                frameworkYAML: yaml, createdBy: user)
            return try APIResponse.json(InspectionJSON(inspection, role: user.role), status: .created)
        }
        inspection.get("") { _, context in
            let (inspection, access, _) = try context.inspection()
            return try APIResponse.json(InspectionJSON(inspection, role: access.role))
        }
        inspection.get("cases") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayRecordJudgements else { throw WebError.forbidden }
            let allocation = try await sampling.allocation(inspection: inspection.id)
            return try APIResponse.json(try await assessment.caseStatuses(inspection: inspection.id)
                .filter { access.mayAssess(caseID: $0.record.id, user: user, allocation: allocation) }.map(CaseJSON.init))
        }
        inspection.get("cases/{case}/judgements") { _, context in
            let (inspection, caseID, _) = try await assessmentPages.assessable(context)
            let (_, judgements) = try await assessment.caseStatus(inspection: inspection.id, caseID: caseID)
            return try APIResponse.json(judgements.map(JudgementJSON.init))
        }
        inspection.put("cases/{case}/judgements/{question}") { request, context in
            let (inspection, caseID, user) = try await assessmentPages.assessable(context)
            guard let questionID = context.parameters.get("question") else { throw WebError.notFound() }
            let body = try await decode(JudgementEditJSON.self, request)
            let framework = try await inspections.framework(of: inspection)
            guard let question = framework.question(questionID) else { throw WebError.notFound("No question \(questionID) in this framework.") }
            guard let answer = Answer.parse(body.answer, for: question) else {
                throw WebError.invalid("answer: '\(body.answer)' is not one of \(question.acceptedAnswers.joined(separator: ", "))")
            }
            let edit = JudgementEdit(caseID: caseID, questionID: questionID, answer: answer, assessor: user.name,
                                     note: body.note ?? "", baseVersion: body.version)
            switch try await assessment.saveJudgement(inspection: inspection.id, edit, actor: user.email, setAside: body.setAside ?? false) {
            case .saved(let saved, _, _):
                WebMetrics.saves.increment()
                return try APIResponse.json(JudgementJSON(saved), status: saved.version == 1 ? .created : .ok)
            case .needsSetAside(let candidates):
                let items = candidates.map { candidate in
                    SetAsideItemJSON(questionId: candidate.questionID, text: framework.question(candidate.questionID)?.text ?? candidate.questionID,
                                     answer: candidate.answer.description, note: candidate.note, becauseOf: candidate.becauseOf,
                                     becauseOfText: framework.question(candidate.becauseOf)?.text ?? candidate.becauseOf)
                }
                return try APIResponse.json(SetAsideNeededJSON(
                    error: .init(code: "set-aside-needed", message: SetAsideCandidate.message(for: candidates, in: framework)
                        + " Nothing was saved; send the answer again with \"setAside\": true to confirm."),
                    setAside: items), status: .conflict)
            case .conflict(_, let theirs):
                WebMetrics.conflicts.increment()
                return try APIResponse.json(ConflictJSON(
                    error: .init(code: "conflict", message: "Someone else changed this judgement since version \(body.version.map(String.init) ?? "none")."),
                    theirs: theirs.map(JudgementJSON.init)), status: .conflict)
            }
        }
        inspection.post("cases/{case}/assessed") { _, context in
            let (inspection, caseID, user) = try await assessmentPages.assessable(context)
            let status = try await assessment.markAssessed(inspection: inspection.id, caseID: caseID, actor: user.email)
            guard status.progress.isComplete else {
                return try APIResponse.json(IncompleteJSON(
                    error: .init(code: "incomplete", message: "\(status.progress.missing.count) applicable questions have no answer."),
                    missing: status.progress.missing), status: .unprocessableContent)
            }
            return try APIResponse.json(CaseJSON(status))
        }
        inspection.get("scores") { _, context in
            let (inspection, access, _) = try context.inspection()
            guard access.maySeeScores else { throw WebError.forbidden }
            let (framework, card) = try await scores.scorecard(inspection: inspection.id)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try ScorecardDocument(card, framework: framework).jsonData())))
        }
        // The lead inspector decides a label in place of the proposal, or withdraws the decision; the scores page's
        // form does the same. A published inspection refuses both (InspectionScopeMiddleware, then the store).
        inspection.put("ratings/{level}/{score}") { request, context in
            let (inspection, level, scoreID, user) = try await ratingTarget(context)
            let body = try await decode(RatingEditJSON.self, request)
            try await scores.decideRating(inspection: inspection.id, level: level, scoreID: scoreID, label: body.label,
                                                  reason: body.reason, actor: user.email)
            return try APIResponse.json(try await rating(inspection: inspection.id, level: level, scoreID: scoreID))
        }
        inspection.delete("ratings/{level}/{score}") { request, context in
            let (inspection, level, scoreID, user) = try await ratingTarget(context)
            let body = try await decode(RatingWithdrawalJSON.self, request)
            guard try await scores.withdrawRating(inspection: inspection.id, level: level, scoreID: scoreID, reason: body.reason,
                                                          actor: user.email) else {
                throw WebError.notFound("No decision on \(level.rawValue) \(scoreID) to withdraw.")
            }
            return try APIResponse.json(try await rating(inspection: inspection.id, level: level, scoreID: scoreID))
        }
    }

    /// The inspection, level and score a ratings request names, for a caller who may decide labels (the lead inspector,
    /// who signs the report off, and administrators); an unknown level or score is 404.
    private func ratingTarget(_ context: WebContext) async throws -> (Inspection, ScoreLevel, String, User) {
        let (inspection, access, user) = try context.inspection()
        guard access.mayPublishReport else { throw WebError.forbidden }
        guard let level = context.parameters.get("level").flatMap(ScoreLevel.init(rawValue:)), level != .question,
              let scoreID = context.parameters.get("score") else { throw WebError.notFound("Levels are headline, section and criterion.") }
        let (framework, card) = try await scores.scorecard(inspection: inspection.id)
        guard card.score(level, scoreID) != nil else { throw WebError.notFound("No \(level.rawValue) \(scoreID) in \(framework.id).") }
        return (inspection, level, scoreID, user)
    }

    private func rating(inspection inspectionID: Int, level: ScoreLevel, scoreID: String) async throws -> RatingJSON {
        let (_, card) = try await scores.scorecard(inspection: inspectionID)
        let score = card.score(level, scoreID)
        let decision = score?.override.flatMap { $0.source == .decision ? $0 : nil }
        return RatingJSON(level: level.rawValue, scoreId: scoreID, label: score?.band, proposal: score?.computedBand,
                          decision: decision.map { RatingDecisionJSON(label: $0.label, reason: $0.reason, decidedBy: $0.by, decidedAt: $0.at ?? "") })
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: services.configuration.maxFormBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw WebError.invalid("\(key.stringValue): required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw WebError.invalid("\(context.codingPath.map(\.stringValue).joined(separator: ".")): wrong type")
        } catch {
            throw WebError.invalid("the body is not valid JSON")
        }
    }
}
