import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIReports
import YJIStore
@testable import YJIWeb

/// A published inspection is frozen on every route, publication waits at its gate, and a correction is a reopening
/// with a reason that the report's history keeps.
@Suite("Publication")
struct PublicationTests {
    /// Everything a reader of the published inspection sees, to compare before and after attempted changes.
    static func publishedView(_ client: any TestClientProtocol, _ session: WebSession, _ id: Int) async throws -> [String: String] {
        var view: [String: String] = [:]
        for format in ["html", "md"] {
            view[format] = Web.body(try await session.get(client, "/inspections/\(id)/report/download?format=\(format)"))
        }
        view["scores"] = Web.body(try await session.get(client, "/api/v1/inspections/\(id)/scores"))
        view["benchmark"] = Web.body(try await session.get(client, "/programmes/sqs/benchmark?as_of=2026-12-01"))
        return view
    }

    @Test func everyWriteRouteRefusesAPublishedInspectionAndNothingMoves() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let store = fixture.store
            let judgement = try #require(try await store.assessment.judgements(inspection: sqs).first)
            let question = judgement.questionID
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let before = try await Self.publishedView(client, viewer, sqs)
            #expect(before["html"]?.contains("<html") == true)
            let markBefore = try await store.inspections.auditMark(inspection: sqs)

            let routes = try await AuthorizationMatrixTests.routes(fixture).filter { route in
                guard route.method != "GET", route.path.contains("{inspection}") else { return false }
                return !InspectionScopeMiddleware.isOpenAfterPublication(route.path.replacingOccurrences(of: "{inspection}", with: "1"))
            }
            // Cases, judgements, sample, allocation, evidence, findings, report texts and recommendations, via pages and API.
            #expect(routes.count >= 20)
            var target = AuthorizationMatrixTests.Target(inspection: sqs, caseID: judgement.caseID, questionID: question)
            target.action = 1
            for role in [UserRole.admin, .leadInspector, .inspector] {
                let session = try await WebSession.demo(client, role)
                for route in routes {
                    let uri = target.uri(route.path)
                    let response: TestResponse
                    if route.path.hasPrefix("/api/") {
                        // A valid change, not a malformed one: it must be refused for being published, not for its body.
                        let body = route.path.hasSuffix("{question}")
                            ? #"{"answer":"\#(judgement.answer == .yes ? "no" : "yes")","note":"late","version":\#(judgement.version)}"# : "{}"
                        response = try await session.json(client, HTTPRequest.Method(route.method)!, uri, body)
                        if response.status == .conflict {
                            let error = try #require(try Web.json(response) as? [String: Any])["error"] as? [String: Any]
                            #expect(error?["code"] as? String == "published", "\(route.path)")
                        }
                    } else {
                        response = try await session.post(client, uri, ["answer.\(question)": judgement.answer == .yes ? "no" : "yes",
                                                                         "text": "Changed after publication", "reason": "late", "confirm": "yes"])
                        if response.status == .conflict {
                            #expect(Web.body(response).contains("This inspection is published"), "\(route.path)")
                        }
                    }
                    #expect(response.status == .conflict, "\(role) \(route.method) \(route.path) on the published inspection: \(response.status)")
                }
            }
            #expect(try await store.inspections.auditMark(inspection: sqs) == markBefore)
            let after = try await Self.publishedView(client, viewer, sqs)
            for key in before.keys.sorted() { #expect(after[key] == before[key], "\(key) changed after refused writes") }
        }
    }

    @Test func publishingWaitsAtTheGateAndNamesEachConditionWithItsLink() async throws {
        try await WebFixture.with { fixture, client in
            let store = fixture.store
            let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
            let inspection = try await store.inspections.createInspection(
                NewInspection(areaName: "Gateton (synthetic)", framework: framework, fieldworkStart: "2026-10-05", fieldworkEnd: "2026-10-09",
                              status: .fieldwork),
                frameworkYAML: yaml, actor: "test")
            let lead = try #require(try await store.accounts.users().first { $0.role == .leadInspector })
            _ = try await store.accounts.addMember(inspection: inspection.id, email: lead.email, role: .leadInspector, actor: "test")
            let data = SyntheticInspection(framework: framework, caseCount: 3, seed: 8)
            try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "test")
            _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements), file: "j.csv", actor: "test")
            _ = try await store.evidence.addPracticeExample(inspection: inspection.id, PracticeExample(
                area: .criterion("1.1"), kind: .example, text: "Kestrel Vantablack (a synthetic alias) was seen weekly.", namesChanged: true),
                actor: "test")
            try await store.reports.saveProtectedNames(inspection: inspection.id, ["Kestrel Vantablack"], actor: "test")

            let session = try await WebSession.demo(client, .leadInspector)
            let page = Web.body(try await session.get(client, "/inspections/\(inspection.id)/report"))
            #expect(page.contains("Before publishing"))
            #expect(page.contains("href=\"/inspections/\(inspection.id)/timetable\""))

            let refused = try await session.post(client, "/inspections/\(inspection.id)/report/publish", ["confirm": "yes"])
            #expect(refused.status == .conflict)
            let body = Web.body(refused)
            #expect(body.contains("move it to factual accuracy"))
            #expect(body.contains("3 of the 3 sampled cases are not yet assessed"))
            #expect(body.contains("protected name"))
            #expect(body.contains("href=\"/inspections/\(inspection.id)/cases\""))
            #expect(try await store.inspections.inspection(inspection.id).status == .fieldwork)

            _ = try await store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "test")
            _ = try await store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: "test")
            let named = Web.body(try await session.post(client, "/inspections/\(inspection.id)/report/publish", ["confirm": "yes"]))
            #expect(!named.contains("not yet assessed"))
            #expect(named.contains("protected name"))

            try await store.reports.saveProtectedNames(inspection: inspection.id, [], actor: "test")
            let published = try await session.post(client, "/inspections/\(inspection.id)/report/publish", ["confirm": "yes"])
            #expect(published.status == .seeOther)
            #expect(try await store.inspections.inspection(inspection.id).status == .published)
            #expect(try await store.reports.publications(inspection: inspection.id).map(\.edition) == [1])
            // The download is the stored record, byte for byte.
            let record = try #require(try await store.reports.publishedReport(inspection: inspection.id))
            #expect(Web.body(try await session.get(client, "/inspections/\(inspection.id)/report/download?format=md")) == record.markdown)
        }
    }

    @Test func aCorrectionIsAReopeningWithAReasonThatTheHistoryKeeps() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let store = fixture.store
            let inspector = try await WebSession.demo(client, .inspector)
            #expect(try await inspector.post(client, "/inspections/\(sqs)/report/reopen", ["reason": "x"]).status != .seeOther)
            let lead = try await WebSession.demo(client, .leadInspector)
            let noReason = try await lead.post(client, "/inspections/\(sqs)/report/reopen", ["reason": "  "])
            #expect(noReason.status == .unprocessableContent)
            #expect(try await store.inspections.inspection(sqs).status == .published)

            let reason = "The finding on court reports counted a synthetic case twice"
            #expect(try await lead.post(client, "/inspections/\(sqs)/report/reopen", ["reason": reason]).status == .seeOther)
            #expect(try await store.inspections.inspection(sqs).status == .factualAccuracy)
            // Open again: the correction is accepted.
            let judgement = try #require(try await store.assessment.judgements(inspection: sqs).first { $0.answer == .yes })
            let saved = try await lead.json(client, .put, "/api/v1/inspections/\(sqs)/cases/\(judgement.caseID)/judgements/\(judgement.questionID)",
                                            #"{"answer":"yes","note":"checked in the correction","version":\#(judgement.version)}"#)
            #expect(saved.status == .ok)
            _ = try await store.reports.markCompleteCasesAssessed(inspection: sqs, actor: "test")
            #expect(try await lead.post(client, "/inspections/\(sqs)/report/publish", ["confirm": "yes"]).status == .seeOther)
            let page = Web.body(try await lead.get(client, "/inspections/\(sqs)/report"))
            #expect(page.contains("Edition 2: published on"))
            #expect(page.contains("Edition 1: published on 2026-07-08"))
            #expect(page.contains(reason))
        }
    }
}
