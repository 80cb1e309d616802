import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIReports
import YJIStore
@testable import YJIWeb

@Suite("Questionnaires a child can finish: follow-ups, unanswered choices, whole links, comments")
struct QuestionnaireFormTests {
    /// The text a person sees on a page: tags, scripts' and styles' bodies removed, entities for quotes put back.
    static func visibleText(_ html: String) -> String {
        var text = html
        for element in ["script", "style", "head"] {
            while let open = text.range(of: "<\(element)"), let close = text.range(of: "</\(element)>", range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Posts answers to a link's applicability endpoint, as the form's script does.
    static func applies(_ client: any TestClientProtocol, _ link: String, token: String, _ answers: [String: String],
                        csrf: Bool = true) async throws -> TestResponse {
        var fields = answers
        if csrf { fields["csrf"] = token }
        return try await client.execute(uri: link + "/applies", method: .post,
                                        headers: [.cookie: "yji_signin=\(token)", .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: Web.form(fields)))
    }

    @Test func aFollowUpAnsweredThenLeftBehindIsDroppedWithoutJavaScript() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")  // no questionnaire responses in the demo
            let lead = try await WebSession.demo(client, .leadInspector)
            let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: fji, count: 1).first)
            let (_, token) = try await EvidenceTests.open(client, link)
            // The child said yes, answered the follow-up, then changed the first answer to no: the form still sends both.
            let sent = try await EvidenceTests.submit(client, link, token: token, [
                "answer.knew_why": "yes", "answer.had_plan": "no", "answer.plan_reviewed": "yes", "answer.comment": "It was fine."])
            #expect(sent.status == .ok)
            #expect(Web.body(sent).contains("Your answers have been sent"))
            let stored = try await fixture.store.evidence.questionnaireResponses(inspection: fji, questionnaireID: "children")
            #expect(stored.count == 1)
            #expect(stored.first?.answers == ["knew_why": "yes", "had_plan": "no"])
            #expect(stored.first?.comment == "It was fine.")
        }
    }

    @Test func theFormShowsQuestionsInWordsWithNoIdsOrCodes() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            for questionnaire in ["children", "victims"] {
                let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: fji, questionnaire: questionnaire, count: 1).first)
                let (form, _) = try await EvidenceTests.open(client, link)
                #expect(form.status == .ok)
                let text = Self.visibleText(Web.body(form))
                let shipped = try QuestionnaireCatalog.shipped(questionnaire)
                // Every id in these files that is not also an ordinary word has an underscore; none may show.
                for id in shipped.questions.map(\.id) + shipped.questions.flatMap(\.options).map(\.id) where id.contains("_") {
                    #expect(!text.contains(id), "the \(questionnaire) form shows the id \(id)")
                }
                // The old hint spelt the deciding question's id out in words ("to question had plan").
                for id in shipped.questions.compactMap(\.appliesWhen?.question) where id.contains("_") {
                    #expect(!text.contains(id.replacingOccurrences(of: "_", with: " ")), "the \(questionnaire) form shows \(id) in words")
                }
                #expect(!text.contains("_"))
                #expect(!text.contains("to question"))
                for question in shipped.questions where question.appliesWhen != nil {
                    let wording = try #require(shipped.conditionWording(for: question))
                    #expect(text.contains(wording))
                }
            }
            // The hint a child sees names the earlier question by its text.
            let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: fji, count: 1).first)
            let text = Self.visibleText(Web.body(try await EvidenceTests.open(client, link).0))
            #expect(text.contains("Only if you answered “Yes” to “Did you have a plan setting out the work you would do with the service?”"))
            // A refused answer is explained in words too (a scale value the form never offers, as a hand-made post would send).
            let (_, token) = try await EvidenceTests.open(client, link)
            let refused = try await EvidenceTests.submit(client, link, token: token, ["answer.satisfaction": "11", "answer.less_likely": "sometimes"])
            #expect(refused.status == .unprocessableContent)
            let shown = Self.visibleText(Web.body(refused))
            #expect(shown.contains("choose a number from 0 to 10"))
            #expect(shown.contains("choose one of the answers shown"))
            #expect(!shown.contains("less_likely"))
            #expect(!shown.contains("a_lot_less"))
        }
    }

    @Test func everyRadioQuestionCanBeLeftUnanswered() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            for questionnaire in ["children", "victims"] {
                let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: fji, questionnaire: questionnaire, count: 1).first)
                let html = Web.body(try await EvidenceTests.open(client, link).0)
                let shipped = try QuestionnaireCatalog.shipped(questionnaire)
                let radios = shipped.questions.filter { $0.kind != .comment }
                #expect(!radios.isEmpty)
                for question in radios {
                    #expect(html.contains(#"type="radio" id="\#(QuestionnaireController.anchor(question.id))-blank" name="answer.\#(question.id)" value="""#),
                            "\(questionnaire): \(question.id) has no way to leave it unanswered")
                }
                #expect(html.components(separatedBy: "Prefer not to say").count - 1 == radios.count)
            }
            // Choosing "Prefer not to say" sends the question unanswered.
            let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: fji, count: 1).first)
            let (_, token) = try await EvidenceTests.open(client, link)
            let sent = try await EvidenceTests.submit(client, link, token: token, ["answer.knew_why": "", "answer.satisfaction": "", "answer.listened": "no"])
            #expect(sent.status == .ok)
            let stored = try await fixture.store.evidence.questionnaireResponses(inspection: fji, questionnaireID: "children")
            #expect(stored.map(\.answers) == [["listened": "no"]])
        }
    }

    @Test func theApplicabilityEndpointAnswersWithTheSameRuleAndOnlyForAnOpenLink() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            let links = try await EvidenceTests.issueLinks(client, lead, inspection: fji, count: 2)
            let (form, token) = try await EvidenceTests.open(client, links[0])
            // The form says where to ask, and which follow-ups apply as drawn; the script is served from yji itself.
            let html = Web.body(form)
            #expect(html.contains(#"data-applies="\#(links[0])/applies""#))
            #expect(html.contains(#"data-question="plan_reviewed" data-follow-up data-applies-now="no""#))
            #expect(html.contains(#"<script src="/static/questionnaire.js" defer></script>"#))
            let script = try await client.execute(uri: "/static/questionnaire.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(Web.body(script).contains("data-applies"))

            let yes = try await Self.applies(client, links[0], token: token, ["answer.had_plan": "yes"])
            #expect(yes.status == .ok)
            #expect(yes.headers[.contentType] == "application/json")
            let yesApplies = try #require((try Web.json(yes) as? [String: Any])?["applies"] as? [String: Bool])
            #expect(yesApplies["plan_reviewed"] == true)
            #expect(yesApplies["knew_why"] == true)
            let children = try QuestionnaireCatalog.shipped("children")
            #expect(yesApplies == children.applicability(to: QuestionnaireResponse(answers: ["had_plan": "yes"])))
            let no = try await Self.applies(client, links[0], token: token, ["answer.had_plan": "no", "answer.plan_reviewed": "yes"])
            let noApplies = try #require((try Web.json(no) as? [String: Any])?["applies"] as? [String: Bool])
            #expect(noApplies["plan_reviewed"] == false)

            // The form's CSRF rule holds: no token, no answer.
            #expect(try await Self.applies(client, links[0], token: token, ["answer.had_plan": "yes"], csrf: false).status == .forbidden)
            // Asking changes nothing: the link still opens, and nothing is stored.
            #expect(try await EvidenceTests.open(client, links[0]).0.status == .ok)
            #expect(try await fixture.store.evidence.questionnaireResponses(inspection: fji, questionnaireID: "children").isEmpty)

            // A used link is refused, as JSON with its code.
            let sent = try await EvidenceTests.submit(client, links[0], token: token, ["answer.had_plan": "yes"])
            #expect(sent.status == .ok)
            let used = try await Self.applies(client, links[0], token: token, ["answer.had_plan": "yes"])
            #expect(used.status == .gone)
            #expect(((try Web.json(used) as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "link-closed")
            // So is an expired one, and an unknown one is not found.
            let expired = "expired-applies-token-for-the-test-0000000"
            try await fixture.store.evidence.addQuestionnaireLinks(inspection: fji, questionnaireID: "children", tokenHashes: [SessionCookies.hash(expired)],
                                                          expiresAt: Date().addingTimeInterval(-60), actor: "test")
            #expect(try await Self.applies(client, "/q/\(expired)", token: token, ["answer.had_plan": "yes"]).status == .gone)
            #expect(try await Self.applies(client, "/q/no-such-link", token: token, ["answer.had_plan": "yes"]).status == .notFound)
            // The other link is still open.
            #expect(try await Self.applies(client, links[1], token: token, [:]).status == .ok)
        }
    }

    @Test func linksAreWholeAddressesFromThePublicURLWhenSet() async throws {
        var configuration = WebFixture.testConfiguration
        configuration.publicURL = "https://yji.example.invalid/inspect"
        try await WebFixture.with(configuration: configuration) { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            let urls = try await EvidenceTests.issuedURLs(client, lead, inspection: fji, count: 3)
            #expect(urls.count == 3)
            for url in urls {
                #expect(url.hasPrefix("https://yji.example.invalid/inspect/q/"))
                #expect(url.count > "https://yji.example.invalid/inspect/q/".count + 30)
            }
            let page = Web.body(try await lead.post(client, "/inspections/\(fji)/evidence/questionnaires/victims/links", ["count": "2", "days": "3"]))
            // Copy needs the script, so its buttons start hidden; without it the link is in a read-only box to select.
            #expect(page.contains(#"readonly"#))
            #expect(page.contains(#"data-copy="link-1" aria-label="Copy link 1" hidden>Copy</button>"#))
            #expect(page.contains(#"data-print hidden>Print the links</button>"#))
            // The printed list holds the same whole links.
            #expect(page.contains(#"<ol class="links print-links"><li><code>https://yji.example.invalid/inspect/q/"#))
            #expect(!page.contains("Add this server's address"))
            #expect(!page.contains("These links start with the address this page was opened at"))
        }
    }

    @Test func withoutAPublicURLLinksUseTheAddressTheRequestCameTo() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            // HummingbirdTesting sends every request to the authority "localhost".
            let urls = try await EvidenceTests.issuedURLs(client, lead, inspection: fji, count: 2)
            #expect(urls.count == 2)
            #expect(urls.allSatisfy { $0.hasPrefix("http://localhost/q/") })
            let page = Web.body(try await lead.post(client, "/inspections/\(fji)/evidence/questionnaires/children/links", ["count": "1"]))
            #expect(page.contains("These links start with the address this page was opened at"))
        }
        // The Host header decides, with the scheme from whether yji is served over HTTPS; a Host that is not an address
        // is not copied into links.
        func base(_ authority: String?, secure: Bool = false) -> String {
            var configuration = WebConfiguration(port: 8099, secureCookies: secure)
            configuration.publicURL = nil
            let request = Request(head: HTTPRequest(method: .post, scheme: "http", authority: authority, path: "/"), body: .init(buffer: ByteBuffer()))
            return QuestionnaireController.publicBase(configuration: configuration, request: request).url
        }
        #expect(base("inspect.test:8443") == "http://inspect.test:8443")
        #expect(base("inspect.test", secure: true) == "https://inspect.test")
        #expect(base("evil.test/\"><script>") == "http://127.0.0.1:8099")
        #expect(base(nil) == "http://127.0.0.1:8099")
        #expect(WebConfiguration(publicURL: "https://yji.example.invalid///").publicURL == "https://yji.example.invalid")
        #expect(WebConfiguration.publicURLProblem("https://yji.example.invalid") == nil)
        #expect(WebConfiguration.publicURLProblem("yji.example.invalid") != nil)
        #expect(WebConfiguration.publicURLProblem("ftp://yji.example.invalid") != nil)
        #expect(WebConfiguration.publicURLProblem("https://yji.example.invalid/?x=1") != nil)
    }

    @Test func commentsAreListedAndQuotedInTheReportOnlyWithNamesChanged() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let link = try #require(try await EvidenceTests.issueLinks(client, lead, inspection: cci, count: 1).first)
            let (_, token) = try await EvidenceTests.open(client, link)
            let said = "Quillon at the youth offending service always rang me back."
            #expect(try await EvidenceTests.submit(client, link, token: token, ["answer.knew_why": "yes", "answer.comment": said]).status == .ok)
            let comment = try #require(try await fixture.store.evidence.questionnaireComments(inspection: cci, questionnaireID: "children")
                .first { $0.text == said })

            // The comment is on the evidence page, under its questionnaire, with the form to quote it.
            let evidence = Web.body(try await lead.get(client, "/inspections/\(cci)/evidence"))
            #expect(evidence.contains(said))
            #expect(evidence.contains(#"id="comment-\#(comment.responseID)""#))
            #expect(evidence.contains(#"<h4 id="comments-children">Comments ("#))

            // Quoting it without confirming that the names are changed is refused, and the report does not print it.
            let edited = "My worker at the youth offending service always rang me back."
            let refused = try await lead.post(client, "/inspections/\(cci)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "children", "text": edited, "action": "quote"])
            #expect(refused.status == .unprocessableContent)
            #expect(Web.body(refused).contains("Change or remove any names in the quote, then confirm it"))
            // The refused edit is shown again, not lost.
            #expect(Web.body(refused).contains(edited))
            #expect(try await fixture.store.evidence.questionnaireQuotes(inspection: cci).isEmpty)
            #expect(!Web.body(try await lead.get(client, "/inspections/\(cci)/report")).contains(edited))

            // Confirmed: it is quoted in the service users' perspective, with the names note.
            let quoted = try await lead.post(client, "/inspections/\(cci)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "children", "text": edited, "names_changed": "yes", "action": "quote"])
            #expect(quoted.status == .seeOther)
            let report = Web.body(try await lead.get(client, "/inspections/\(cci)/report"))
            #expect(report.contains("“\(edited)”"))
            #expect(report.contains("All names have been changed."))
            #expect(!report.contains(said))
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)/evidence")).contains("quoted in the report, names changed"))
            let trail = try await fixture.store.inspections.auditTrail(inspection: cci)
            #expect(trail.contains { $0.entity == "questionnaire-quote" && $0.action == "create" && $0.actor == "lead@demo.yji.invalid" })

            // The anonymisation check reads quoted comments: a protected name left in one is found there.
            try await fixture.store.reports.saveProtectedNames(inspection: cci, ["Quillon"], actor: "test")
            #expect(try await lead.post(client, "/inspections/\(cci)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "children", "text": said, "names_changed": "yes"]).status == .seeOther)
            let input = try await fixture.store.reports.input(inspection: cci)
            let matches = Reports.anonymisationMatches(input, document: try Reports.draft(input))
            #expect(matches.contains { $0.location == "Quoted comment 1 (Your views on the youth offending service)" && $0.name.name == "Quillon" })

            // Withdrawn, it leaves the report; the comment stays on the evidence page.
            #expect(try await lead.post(client, "/inspections/\(cci)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "children", "action": "withdraw"]).status == .seeOther)
            #expect(try await fixture.store.evidence.questionnaireQuotes(inspection: cci).isEmpty)
            #expect(!Web.body(try await lead.get(client, "/inspections/\(cci)/report")).contains("Quillon"))
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)/evidence")).contains(said))
        }
    }

    @Test func onlyAChildsOrVictimsOwnCommentInThisInspectionCanBeQuoted() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            let comment = try #require(try await fixture.store.evidence.questionnaireComments(inspection: cci, questionnaireID: "children").first)
            // The same comment named from another inspection, or as another questionnaire's, is not found.
            let elsewhere = try await lead.post(client, "/inspections/\(fji)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "children", "text": "Words", "names_changed": "yes"])
            #expect(elsewhere.status == .unprocessableContent)
            #expect(Web.body(elsewhere).contains("That comment is not one of this inspection"))
            let wrongQuestionnaire = try await lead.post(client, "/inspections/\(cci)/evidence/quotes", [
                "response": String(comment.responseID), "questionnaire": "victims", "text": "Words", "names_changed": "yes"])
            #expect(wrongQuestionnaire.status == .unprocessableContent)
            #expect(try await fixture.store.evidence.questionnaireQuotes(inspection: cci).isEmpty)
            #expect(try await fixture.store.evidence.questionnaireQuotes(inspection: fji).isEmpty)
        }
    }
}
