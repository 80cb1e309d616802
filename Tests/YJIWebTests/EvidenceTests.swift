import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

@Suite("Other evidence pages and questionnaire links")
struct EvidenceTests {
    /// Issues links as the lead and returns their paths (the page shows whole URLs; a test client requests paths).
    static func issueLinks(_ client: any TestClientProtocol, _ lead: WebSession, inspection: Int, questionnaire: String = "children",
                           count: Int, days: Int = 5) async throws -> [String] {
        try await issuedURLs(client, lead, inspection: inspection, questionnaire: questionnaire, count: count, days: days).map { url in
            url.range(of: "/q/").map { String(url[$0.lowerBound...]) } ?? url
        }
    }

    /// Issues links as the lead and returns them as the page shows them, in the boxes they are copied from.
    static func issuedURLs(_ client: any TestClientProtocol, _ lead: WebSession, inspection: Int, questionnaire: String = "children",
                           count: Int, days: Int = 5) async throws -> [String] {
        let page = try await lead.post(client, "/inspections/\(inspection)/evidence/questionnaires/\(questionnaire)/links",
                                       ["count": String(count), "days": String(days)])
        #expect(page.status == .ok)
        let html = Web.body(page)
        var links: [String] = []
        var rest = html[...]
        while let range = rest.range(of: #"class="link-url" value=""#) {
            links.append(String(rest[range.upperBound...].prefix { $0 != "\"" }))
            rest = rest[range.upperBound...]
        }
        return links
    }

    /// Opens a link with no account, as a child would, and returns the form token from its cookie.
    static func open(_ client: any TestClientProtocol, _ link: String) async throws -> (TestResponse, String) {
        let response = try await client.execute(uri: link, method: .get)
        return (response, Web.cookie(response, named: "yji_signin") ?? "")
    }

    static func submit(_ client: any TestClientProtocol, _ link: String, token: String, _ answers: [String: String]) async throws -> TestResponse {
        var fields = answers
        fields["csrf"] = token
        return try await client.execute(uri: link, method: .post,
                                        headers: [.cookie: "yji_signin=\(token)", .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: Web.form(fields)))
    }

    @Test func aChildAnswersThroughAOneUseLinkWithNoAccount() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("fji")  // the FJI has no interviews, figures or examples yet in the demo
            let lead = try await WebSession.demo(client, .leadInspector)
            let links = try await Self.issueLinks(client, lead, inspection: cci, count: 6)
            #expect(links.count == 6)
            #expect(Set(links).count == 6)

            let (form, token) = try await Self.open(client, links[0])
            #expect(form.status == .ok)
            #expect(Web.body(form).contains("answer.knew_why"))
            #expect(!Web.body(form).contains("Sign out"))
            let answers = ["answer.knew_why": "yes", "answer.less_likely": "a_lot_less", "answer.satisfaction": "9",
                           "answer.comment": "They explained things."]
            let sent = try await Self.submit(client, links[0], token: token, answers)
            #expect(sent.status == .ok)
            #expect(Web.body(sent).contains("Your answers have been sent"))
            // The same link again: refused, and nothing more is stored.
            let again = try await Self.submit(client, links[0], token: token, answers)
            #expect(again.status == .gone)
            #expect(try await Self.open(client, links[0]).0.status == .gone)
            let stored = try await fixture.store.evidence.questionnaireResponses(inspection: cci, questionnaireID: "children")
            #expect(stored.count == 1)
            #expect(stored[0].answers["knew_why"] == "yes")
            // Without the form's token the answers are refused.
            let forged = try await client.execute(uri: links[1], method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: Web.form(answers)))
            #expect(forged.status == .forbidden)
            // An answer that is not offered is shown again with the problem, and the link stays usable.
            let (_, second) = try await Self.open(client, links[1])
            let bad = try await Self.submit(client, links[1], token: second, ["answer.satisfaction": "11"])
            #expect(bad.status == .unprocessableContent)
            #expect(try await Self.open(client, links[1]).0.status == .ok)
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("fji")  // the FJI has no interviews, figures or examples yet in the demo
            let token = "expired-link-token-for-the-test-000000000"
            try await fixture.store.evidence.addQuestionnaireLinks(inspection: cci, questionnaireID: "victims", tokenHashes: [SessionCookies.hash(token)],
                                                          expiresAt: Date().addingTimeInterval(-60), actor: "test")
            let response = try await client.execute(uri: "/q/\(token)", method: .get)
            #expect(response.status == .gone)
            #expect(Web.body(response).contains("already been used or has expired"))
        }
    }

    @Test func resultsAreSuppressedBelowFiveAndPhrasedFromFive() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("fji")  // the FJI has no interviews, figures or examples yet in the demo
            let victims = try QuestionnaireCatalog.shipped("victims")
            let responses = SyntheticQuestionnaire.responses(victims, count: 4, seed: 2)
            for response in responses {
                try await fixture.store.evidence.addQuestionnaireResponse(inspection: cci, questionnaire: victims, response: response, actor: "test")
            }
            let lead = try await WebSession.demo(client, .leadInspector)
            let suppressed = Web.body(try await lead.get(client, "/inspections/\(cci)/evidence"))
            let expected = QuestionnaireResults(questionnaire: victims, responses: responses).sentences
            #expect(expected.count == 1)
            #expect(suppressed.contains(expected[0].replacingOccurrences(of: "'", with: "&#39;")))
            try await fixture.store.evidence.addQuestionnaireResponse(inspection: cci, questionnaire: victims,
                                                             response: SyntheticQuestionnaire.responses(victims, count: 1, seed: 3)[0], actor: "test")
            let shown = QuestionnaireResults(questionnaire: victims,
                                             responses: try await fixture.store.evidence.questionnaireResponses(inspection: cci, questionnaireID: "victims"))
            #expect(!shown.suppressed)
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/evidence"))
            for sentence in shown.sentences.prefix(3) { #expect(page.contains(sentence.replacingOccurrences(of: "'", with: "&#39;"))) }
        }
    }

    @Test func staffInterviewsIndicatorsFindingsAndExamplesAreRecorded() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("fji")  // the FJI has no interviews, figures or examples yet in the demo
            let inspector = try await WebSession.demo(client, .inspector)
            let form = try await inspector.get(client, "/inspections/\(cci)/evidence/interviews/new")
            #expect(form.status == .ok)
            let missingRole = try await inspector.post(client, "/inspections/\(cci)/evidence/interviews", ["answer.feels_supported": "yes"])
            #expect(missingRole.status == .unprocessableContent)
            #expect(try await inspector.post(client, "/inspections/\(cci)/evidence/interviews",
                                             ["answer.role": "case_manager", "answer.feels_supported": "yes"]).status == .seeOther)
            #expect(try await fixture.store.evidence.questionnaireResponses(inspection: cci, questionnaireID: "staff").count == 1)

            let lead = try await WebSession.demo(client, .leadInspector)
            let figures = try await lead.post(client, "/inspections/\(cci)/evidence/indicators", [
                "period": "2013-14", "reoffending_rate": "46.2", "previous_reoffending_rate": "43.2",
                "england_wales_reoffending_rate": "36.1", "cohort": "April 2012 to March 2013", "source": "Ministry of Justice",
            ])
            #expect(figures.status == .seeOther)
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/evidence"))
            #expect(page.contains("worse than the England and Wales average of 36.1%"))
            let badFigures = try await lead.post(client, "/inspections/\(cci)/evidence/indicators", ["period": "2014-15", "reoffending_rate": "146"])
            #expect(badFigures.status == .unprocessableContent)
            #expect(Web.body(badFigures).contains("reoffending_rate"))

            let findingsBefore = try await fixture.store.evidence.findings(inspection: cci).count
            #expect(try await inspector.post(client, "/inspections/\(cci)/evidence/findings", [
                "area": "governance", "key_findings": "The board met regularly.\nHealth was not represented.",
                "document_title": "Board minutes (synthetic)", "document_date": "2026-10-01", "document_provided_by": "The service",
            ]).status == .seeOther)
            let findings = try await fixture.store.evidence.findings(inspection: cci)
            #expect(findings.count == findingsBefore + 1)
            let added = try #require(findings.first { $0.keyFindings == ["The board met regularly.", "Health was not represented."] })
            #expect(added.documents.first?.title == "Board minutes (synthetic)")

            let unnamed = try await inspector.post(client, "/inspections/\(cci)/evidence/examples",
                                                   ["example_area": "criterion:1.1", "kind": "example", "text": "A synthetic example."])
            #expect(unnamed.status == .unprocessableContent)
            #expect(try await inspector.post(client, "/inspections/\(cci)/evidence/examples", [
                "example_area": "criterion:1.1", "kind": "example", "text": "A synthetic example.", "names_changed": "yes",
            ]).status == .seeOther)
            #expect(try await fixture.store.evidence.practiceExamples(inspection: cci).count == 1)
            let trail = try await fixture.store.inspections.auditTrail(inspection: cci)
            #expect(trail.contains { $0.entity == "finding" } && trail.contains { $0.entity == "practice-example" })
            #expect(trail.contains { $0.entity == "questionnaire" })
        }
    }
}
