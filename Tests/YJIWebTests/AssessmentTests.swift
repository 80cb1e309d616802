import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

@Suite("Case assessment")
struct AssessmentTests {
    /// One of the local assessor's cases in the demo CCI inspection: allocated to them and not yet started.
    static func assessorCase(_ fixture: WebFixture) async throws -> (inspection: Int, caseID: String) {
        let cci = try await fixture.inspectionID("cci")
        let plan = try #require(try await fixture.store.allocation(inspection: cci))
        let name = try #require(DemoData.accounts.first { $0.role == .localAssessor }).name
        return (cci, try #require(plan.allocations.first { $0.assessor == name }).caseID)
    }

    /// The form fields for answering `answers` on a case page as it was loaded (versions and originals included).
    static func fields(from html: String, answers: [String: String], notes: [String: String] = [:]) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, prefix) in [("version", "version."), ("original", "original."), ("original-note", "original-note.")] {
            _ = name
            var rest = html[...]
            while let range = rest.range(of: #"name="\#(prefix)"#) {
                let after = rest[range.upperBound...]
                let id = String(after.prefix { $0 != "\"" })
                let valueStart = after.range(of: #"value=""#)!.upperBound
                fields[prefix + id] = String(after[valueStart...].prefix { $0 != "\"" })
                rest = after
            }
        }
        for (id, answer) in answers { fields["answer.\(id)"] = answer }
        for (id, note) in notes { fields["note.\(id)"] = note }
        return fields
    }

    @Test func assessingACaseToCompletionChangesTheScores() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let lead = try await WebSession.demo(client, .leadInspector)
            let before = Web.body(try await lead.get(client, "/inspections/\(cci)/scores"))
            let framework = try await fixture.store.framework(of: try await fixture.store.inspection(cci))

            // Answer whatever is askable, save, and repeat: conditional questions open up as their sources are answered.
            var rounds = 0
            while true {
                let (status, _) = try await fixture.store.caseStatus(inspection: cci, caseID: caseID)
                if status.progress.isComplete { break }
                let page = Web.body(try await session.get(client, "/inspections/\(cci)/cases/\(caseID)"))
                var answers: [String: String] = [:]
                for id in status.progress.missing {
                    let question = try #require(framework.question(id))
                    answers[id] = question.kind == .judgement ? (id.count % 3 == 0 ? "no" : "yes") : question.options[0]
                }
                let response = try await session.post(client, "/inspections/\(cci)/cases/\(caseID)",
                                                      Self.fields(from: page, answers: answers).merging(["action": "save"]) { $1 })
                #expect(response.status == .seeOther)
                rounds += 1
                try #require(rounds < 10)
            }
            #expect(rounds >= 2, "conditional questions should need a second round")
            let check = try await session.get(client, "/inspections/\(cci)/cases/\(caseID)/check")
            #expect(check.status == .ok)
            #expect(Web.body(check).contains("Mark assessed"))
            let marked = try await session.post(client, "/inspections/\(cci)/cases/\(caseID)/assessed")
            #expect(marked.status == .seeOther)
            let (after, _) = try await fixture.store.caseStatus(inspection: cci, caseID: caseID)
            #expect(after.assessedAt != nil)
            #expect(after.assessedBy == "assessor@demo.yji.invalid")
            let scoresAfter = Web.body(try await lead.get(client, "/inspections/\(cci)/scores"))
            #expect(scoresAfter != before)
            let metrics = Web.body(try await client.execute(uri: "/metrics", method: .get))
            #expect(metrics.contains("yji_judgement_saves_total"))
        }
    }

    @Test func markAssessedIsRefusedWithLinksToEachMissingAnswer() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let response = try await session.post(client, "/inspections/\(cci)/cases/\(caseID)/assessed")
            #expect(response.status == .unprocessableContent)
            let html = Web.body(response)
            #expect(html.contains("There is a problem"))
            let (status, _) = try await fixture.store.caseStatus(inspection: cci, caseID: caseID)
            #expect(status.assessedAt == nil)
            for id in status.progress.missing.prefix(5) {
                #expect(html.contains("/inspections/\(cci)/cases/\(caseID)#\(AssessmentController.anchor(id))"))
            }
        }
    }

    @Test func twoPeopleEditingTheSameAnswerSeeEachOther() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let assessor = try await WebSession.demo(client, .localAssessor)
            let lead = try await WebSession.demo(client, .leadInspector)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            let (status, _) = try await fixture.store.caseStatus(inspection: cci, caseID: caseID)
            let question = try #require(status.progress.missing.first)
            // Both load the form while the question is unanswered.
            let assessorPage = Web.body(try await assessor.get(client, path))
            let leadPage = Web.body(try await lead.get(client, path))
            let first = try await lead.post(client, path, Self.fields(from: leadPage, answers: [question: "yes"], notes: [question: "seen in the plan"]))
            #expect(first.status == .seeOther)
            let second = try await assessor.post(client, path, Self.fields(from: assessorPage, answers: [question: "no"]))
            #expect(second.status == .conflict)
            let html = Web.body(second)
            #expect(html.contains("lead@demo.yji.invalid saved"))
            #expect(html.contains("seen in the plan"))
            // The lead's answer stands; the assessor's form shows their own choice, ready to save again on purpose.
            let stored = try await fixture.store.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == question }
            #expect(stored?.answer == .yes)
            let retry = try await assessor.post(client, path, Self.fields(from: html, answers: [question: "no"]))
            #expect(retry.status == .seeOther)
            let after = try await fixture.store.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == question }
            #expect(after?.answer == .no)
            #expect(after?.version == 2)
        }
    }

    @Test func changingAnEarlierAnswerClearsAnswersThatNoLongerApply() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            var page = Web.body(try await session.get(client, path))
            #expect(page.contains("Answer question roh-screening-done first"))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "yes"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))
            #expect(page.contains(#"name="answer.roh-classification-accurate""#))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-classification-accurate": "yes"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "no"])).status == .seeOther)
            let answers = try await fixture.store.caseStatus(inspection: cci, caseID: caseID).1
            #expect(answers.first { $0.questionID == "roh-screening-done" }?.answer == .no)
            #expect(!answers.contains { $0.questionID == "roh-classification-accurate" })
            let trail = try await fixture.store.auditTrail(inspection: cci)
            #expect(trail.contains { $0.entityID == "\(caseID)/roh-classification-accurate" && $0.action == "delete" })
        }
    }

    @Test func anAnswerThatIsNotOfferedIsRefused() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            let page = Web.body(try await session.get(client, path))
            let response = try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "perhaps"]))
            #expect(response.status == .unprocessableContent)
            #expect(Web.body(response).contains("roh-screening-done: choose one of the answers given"))
            #expect(try await fixture.store.caseStatus(inspection: cci, caseID: caseID).1.isEmpty)
        }
    }

    @Test func formsWithoutTheSessionTokenAreRefusedAndChangeNothing() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            let page = Web.body(try await session.get(client, path))
            var fields = Self.fields(from: page, answers: ["roh-screening-done": "yes"])
            fields["csrf"] = "forged-token-forged-token-forged-token"
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: Web.form(fields)))
            #expect(forged.status == .forbidden)
            let missing = try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "yes"]), csrf: false)
            #expect(missing.status == .forbidden)
            let api = try await session.json(client, .put, "/api/v1\(path)/judgements/roh-screening-done", #"{"answer":"yes"}"#, csrf: false)
            #expect(api.status == .forbidden)
            #expect((try Web.json(api) as? [String: [String: String]])?["error"]?["code"] == "csrf")
            #expect(try await fixture.store.caseStatus(inspection: cci, caseID: caseID).1.isEmpty)
        }
    }
}
