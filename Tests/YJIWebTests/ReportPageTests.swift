import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import YJICore
import YJIReports
@testable import YJIStore
@testable import YJIWeb

/// The report pages: preview, editor, figures that moved, the anonymisation guard on publishing, and downloads,
/// driven through the real application on the demo database.
@Suite("Report pages")
struct ReportPageTests {
    /// One editable block as the editor offers it.
    struct Block {
        let key: String
        let version: String
    }

    /// The blocks in the editor's order, read from their hidden version fields (`version.KEY`).
    static func blocks(_ html: String) -> [Block] {
        var blocks: [Block] = []
        var rest = html[...]
        while let range = rest.range(of: #"name="version."#) {
            // Keys are escaped as the template escaped them; the tests' keys have nothing to escape.
            let key = String(rest[range.upperBound...].prefix { $0 != "\"" })
            rest = rest[range.upperBound...]
            var version = ""
            if let field = rest.range(of: #"value=""#) { version = String(rest[field.upperBound...].prefix { $0 != "\"" }) }
            blocks.append(Block(key: key, version: version))
        }
        return blocks
    }

    /// The whole editor form as the browser posts it: every box's text and version, and the button pressed.
    static func editorForm(_ html: String, typed: [String: String], action: String) -> [String: String] {
        var fields = ["action": action]
        for block in blocks(html) {
            fields["version.\(block.key)"] = block.version
            fields["text.\(block.key)"] = typed[block.key] ?? textareaContent(html, key: block.key)
        }
        return fields
    }

    /// What a box shows, unescaped as a browser would.
    static func textareaContent(_ html: String, key: String) -> String {
        guard let start = html.range(of: #"name="text.\#(key)""#),
              let open = html[start.upperBound...].range(of: ">"),
              let close = html[open.upperBound...].range(of: "</textarea>") else { return "" }
        return String(html[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func editor(_ client: any TestClientProtocol, _ session: WebSession, _ inspection: Int) async throws -> String {
        let response = try await session.get(client, "/inspections/\(inspection)/report/edit")
        #expect(response.status == .ok)
        return Web.body(response)
    }

    static func save(_ client: any TestClientProtocol, _ session: WebSession, _ inspection: Int, key: String, text: String,
                     version: String, action: String = "save") async throws -> TestResponse {
        try await session.post(client, "/inspections/\(inspection)/report/texts", ["key": key, "text": text, "version": version, "action": action])
    }

    /// A drafted finding whose question no other question depends on and which has a "yes" to flip, so changing that
    /// one judgement moves its figures and leaves every other answer valid.
    static func flippableFinding(_ fixture: WebFixture, _ inspection: Int, editor: String) async throws -> (Block, StoredJudgement) {
        let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(inspection))
        let dependedOn = Set(framework.questions.compactMap { $0.applicability.condition?.question })
        let judgements = try await fixture.store.assessment.judgements(inspection: inspection)
        for block in blocks(editor) where block.key.hasPrefix("finding:") {
            let question = String(block.key.dropFirst("finding:".count))
            guard !dependedOn.contains(question), let yes = judgements.first(where: { $0.questionID == question && $0.answer == .yes }) else { continue }
            return (block, yes)
        }
        throw ReportTestFailure("no drafted finding with a judgement to flip")
    }

    struct ReportTestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func thePreviewShowsTheReportWithItsReviewPanel() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let response = try await lead.get(client, "/inspections/\(cci)/report")
            #expect(response.status == .ok)
            let html = Web.body(response)
            for part in ["<article class=\"report report-cci\"", "<nav class=\"report-contents\"", "<section id=\"", "Anonymisation check",
                         "Mark all figures read", "name=\"confirm\"", ">Publish<", "/report/download?format=html", "/report/download?format=md",
                         "/report/download?format=pdf", "/report/edit", "No figures have changed"] {
                #expect(html.contains(part), "the preview shows \(part)")
            }
            // Each editable block has an anchor the moved-figures list can link to.
            #expect(html.contains(#" id="item-finding:"#))
            let editor = try await Self.editor(client, lead, cci)
            #expect(!Self.blocks(editor).isEmpty)
            #expect(editor.contains(#"<textarea id="recommendations""#))
            #expect(editor.contains(#"<textarea id="names""#))
            #expect(editor.contains("[[level:id:field]]"))
            // The task list links to it.
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)")).contains("/inspections/\(cci)/report\""))
        }
    }

    @Test func aFindingEditedWithAFigureTokenIsSavedAndShown() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let inspector = try await WebSession.demo(client, .inspector)
            let block = try #require(Self.blocks(try await Self.editor(client, inspector, cci)).first { $0.key.hasPrefix("finding:") })
            let question = block.key.dropFirst("finding:".count)
            let text = "Inspectors saw this done in [[q:\(question):percent]] of the cases they read."
            let saved = try await Self.save(client, inspector, cci, key: block.key, text: text, version: block.version)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await fixture.store.reports.reportTexts(inspection: cci).first { $0.key == block.key })
            #expect(stored.text == text)
            #expect(stored.seenFigures["[[q:\(question):percent]]"] != nil, "the editor has seen the figure they saved")
            let preview = Web.body(try await inspector.get(client, "/inspections/\(cci)/report"))
            #expect(preview.contains("Inspectors saw this done in "))
            #expect(!preview.contains("[[q:"), "the token is shown as its figure")
            #expect(Web.body(try await inspector.get(client, "/inspections/\(cci)/report/edit")).contains(text))

            // Restoring the draft clears the text (a new version, so the form's version is the stored one).
            let restored = try await Self.save(client, inspector, cci, key: block.key, text: "", version: String(stored.version), action: "restore")
            #expect(restored.status == .seeOther)
            #expect(try await fixture.store.reports.reportTexts(inspection: cci).first { $0.key == block.key }?.text == nil)
        }
    }

    @Test func aBadTokenIsRefusedAndNothingIsSaved() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let block = try #require(Self.blocks(try await Self.editor(client, lead, cci)).first)
            let response = try await Self.save(client, lead, cci, key: block.key, text: "Done in [[q:no-such-question:percent]] of cases.",
                                               version: block.version)
            #expect(response.status == .unprocessableContent)
            let html = Web.body(response)
            #expect(html.contains("names no question"))
            #expect(html.contains("Done in [[q:no-such-question:percent]] of cases."), "what was typed is kept")
            #expect(try await fixture.store.reports.reportTexts(inspection: cci).isEmpty)
        }
    }

    @Test func aStaleVersionIsAConflictAndKeepsBothTexts() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let inspector = try await WebSession.demo(client, .inspector)
            let block = try #require(Self.blocks(try await Self.editor(client, lead, cci)).first)
            // Both opened the editor; the inspector saves first.
            #expect(try await Self.save(client, inspector, cci, key: block.key, text: "The inspector's words.", version: block.version).status == .seeOther)
            let late = try await Self.save(client, lead, cci, key: block.key, text: "The lead's words.", version: block.version)
            #expect(late.status == .conflict)
            let html = Web.body(late)
            #expect(html.contains("someone else saved this block since you opened it"))
            #expect(html.contains("The inspector&#39;s words.") || html.contains("The inspector's words."))
            #expect(html.contains("The lead&#39;s words.") || html.contains("The lead's words."))
            #expect(try await fixture.store.reports.reportTexts(inspection: cci).first { $0.key == block.key }?.text == "The inspector's words.")
            // Saving again from the conflict page is a deliberate overwrite: it names the version now stored.
            let version = try #require(Self.blocks(html).first { $0.key == block.key }).version
            #expect(try await Self.save(client, lead, cci, key: block.key, text: "The lead's words.", version: version).status == .seeOther)
        }
    }

    @Test func savingOneBoxKeepsWhatWasTypedInTheOthers() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let html = try await Self.editor(client, lead, cci)
            let blocks = Self.blocks(html)
            try #require(blocks.count >= 3)
            let (first, second, third) = (blocks[0], blocks[1], blocks[2])
            #expect(html.contains(#"name="action" value="save:\#(first.key)""#), "each box has its own Save button")
            let typed = [first.key: "The first box, saved.", second.key: "The second box, typed and not saved yet."]

            // Saving the first box alone: it is stored, the second box's typing comes back on the page, unsaved.
            let response = try await lead.post(client, "/inspections/\(cci)/report/texts",
                                               Self.editorForm(html, typed: typed, action: "save:\(first.key)"))
            #expect(response.status == .ok)
            let page = Web.body(response)
            #expect(page.contains("The second box, typed and not saved yet."))
            #expect(page.contains("What you typed in 1 other part is not saved yet"))
            #expect(page.contains("your changes here are not saved yet"))
            #expect(page.contains(" data-unsaved>The second box, typed and not saved yet.</textarea>"))
            var stored = try await fixture.store.reports.reportTexts(inspection: cci)
            #expect(stored.first { $0.key == first.key }?.text == "The first box, saved.")
            #expect(stored.first { $0.key == second.key } == nil)
            #expect(stored.first { $0.key == third.key } == nil, "an untouched box is not saved")

            // "Save every changed part" from that page saves the second box too.
            let all = try await lead.post(client, "/inspections/\(cci)/report/texts", Self.editorForm(page, typed: [:], action: "save-all"))
            #expect(all.status == .seeOther)
            stored = try await fixture.store.reports.reportTexts(inspection: cci)
            #expect(stored.first { $0.key == second.key }?.text == "The second box, typed and not saved yet.")
            #expect(stored.first { $0.key == first.key }?.version == 1, "the first box was not saved again")
            #expect(stored.first { $0.key == third.key } == nil)
        }
    }

    @Test func aBadTokenInOneBoxKeepsTheOtherBoxesTyping() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let html = try await Self.editor(client, lead, cci)
            let blocks = Self.blocks(html)
            let typed = [blocks[0].key: "Done in [[q:no-such-question:percent]] of cases.", blocks[1].key: "Other words, still here."]
            let response = try await lead.post(client, "/inspections/\(cci)/report/texts",
                                               Self.editorForm(html, typed: typed, action: "save:\(blocks[0].key)"))
            #expect(response.status == .unprocessableContent)
            let page = Web.body(response)
            #expect(page.contains("names no question"))
            #expect(page.contains("Done in [[q:no-such-question:percent]] of cases."))
            #expect(page.contains("Other words, still here."))
            #expect(try await fixture.store.reports.reportTexts(inspection: cci).isEmpty)
        }
    }

    @Test func theScriptSavesOneBlockAndGetsItsVersionAsJSON() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let block = try #require(Self.blocks(try await Self.editor(client, lead, cci)).first)
            var headers = lead.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[.accept] = "application/json"
            let fields = ["csrf": lead.csrf, "key": block.key, "text": "Saved by the page's script.", "version": block.version, "action": "save"]
            let response = try await client.execute(uri: "/inspections/\(cci)/report/texts", method: .post, headers: headers,
                                                    body: ByteBuffer(string: Web.form(fields)))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let json = try #require(try Web.json(response) as? [String: Any])
            #expect(json["key"] as? String == block.key)
            #expect(json["version"] as? Int == 1)
            #expect(try await fixture.store.reports.reportTexts(inspection: cci).first { $0.key == block.key }?.text == "Saved by the page's script.")
        }
    }

    @Test func aChangedJudgementMarksTheEditedSentenceUntilRead() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let (block, judgement) = try await Self.flippableFinding(fixture, cci, editor: try await Self.editor(client, lead, cci))
            let question = judgement.questionID
            #expect(try await Self.save(client, lead, cci, key: block.key, text: "Inspectors found this in [[q:\(question):proportion]].",
                                        version: block.version).status == .seeOther)
            #expect(!Web.body(try await lead.get(client, "/inspections/\(cci)/report")).contains("<mark class=\"figures-moved\""))

            let outcome = try await fixture.store.assessment.saveJudgement(inspection: cci, JudgementEdit(
                caseID: judgement.caseID, questionID: question, answer: .no, assessor: judgement.assessor, note: "moderated",
                baseVersion: judgement.version), actor: "test")
            guard case .saved = outcome else { throw ReportTestFailure("the judgement was not saved: \(outcome)") }

            let moved = Web.body(try await lead.get(client, "/inspections/\(cci)/report"))
            #expect(moved.contains("<mark class=\"figures-moved\""))
            #expect(moved.contains("1 sentence holds figures that changed"))
            #expect(moved.contains("href=\"#item-\(block.key)\""), "the panel links to the moved sentence")
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)/report/edit")).contains("figures moved since last read"))

            #expect(try await lead.post(client, "/inspections/\(cci)/report/read").status == .seeOther)
            let read = Web.body(try await lead.get(client, "/inspections/\(cci)/report"))
            #expect(!read.contains("<mark class=\"figures-moved\""))
            #expect(read.contains("No figures have changed"))
        }
    }

    @Test func aCaseAliasInAPracticeExampleBlocksPublishingUntilItIsChanged() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let alias = try #require(try await fixture.store.sampling.caseload(inspection: cci).first { !$0.alias.isEmpty }).alias
            let example = try await fixture.store.evidence.addPracticeExample(inspection: cci, PracticeExample(
                area: .criterion("1.2"), kind: .example, text: "When \(alias) moved school, the worker arranged a handover meeting.",
                namesChanged: true), actor: "test")

            let preview = Web.body(try await lead.get(client, "/inspections/\(cci)/report"))
            #expect(preview.contains("Practice example") && preview.contains(alias), "the team sees where the name is")

            // Without the confirmation nothing happens.
            #expect(try await lead.post(client, "/inspections/\(cci)/report/publish").status == .unprocessableContent)
            let blocked = try await lead.post(client, "/inspections/\(cci)/report/publish", ["confirm": "yes"])
            #expect(blocked.status == .conflict)
            let html = Web.body(blocked)
            #expect(html.contains("cannot be published"))
            #expect(html.contains("Practice example"))
            #expect(html.contains(alias))
            #expect(try await fixture.store.inspections.inspection(cci).status == .fieldwork)
            // An inspector may not publish at all.
            let inspector = try await WebSession.demo(client, .inspector)
            #expect(try await inspector.post(client, "/inspections/\(cci)/report/publish", ["confirm": "yes"]).status == .forbidden)

            // The lead changes the name on the evidence page, where the check pointed; an empty text is refused.
            let exampleID = try #require(example.id)
            #expect(try await lead.post(client, "/inspections/\(cci)/evidence/examples/\(exampleID)", ["text": ""]).status
                    == .unprocessableContent)
            let edited = try await lead.post(client, "/inspections/\(cci)/evidence/examples/\(exampleID)",
                                             ["text": "When the child moved school, the worker arranged a handover meeting.",
                                              "names_changed": "yes"])
            #expect(edited.status == .seeOther)
            #expect(try await fixture.store.evidence.practiceExamples(inspection: cci).first { $0.id == exampleID }?.text.contains(alias) == false)
            // The name no longer blocks; what remains is the rest of the gate (the CCI is still in fieldwork).
            let still = Web.body(try await lead.post(client, "/inspections/\(cci)/report/publish", ["confirm": "yes"]))
            #expect(!still.contains(alias))
            #expect(!still.contains("The anonymisation check found"))
            #expect(still.contains("not yet assessed"))
            #expect(try await fixture.store.inspections.inspection(cci).status == .fieldwork)
            // A published report is a public record: no more edits, and no second publishing.
            let sqs = try await fixture.inspectionID("sqs")
            #expect(Self.blocks(Web.body(try await lead.get(client, "/inspections/\(sqs)/report/edit"))).isEmpty,
                    "the editor offers no forms once published")
            #expect(try await Self.save(client, lead, sqs, key: "foreword", text: "Late words.", version: "").status == .conflict)
            #expect(try await lead.post(client, "/inspections/\(sqs)/report/publish", ["confirm": "yes"]).status == .conflict)
        }
    }

    @Test func theServiceViewerSeesOnlyThePublishedReportAndNeverTheEditor() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let fji = try await fixture.inspectionID("fji")
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let response = try await viewer.get(client, "/inspections/\(sqs)/report")
            #expect(response.status == .ok)
            let html = Web.body(response)
            #expect(html.contains("<article class=\"report report-sqs\""))
            #expect(html.contains("/report/download?format=md"))
            for teamOnly in ["Anonymisation check", "protected name", "Mark all figures read", "/report/edit", "name=\"confirm\"",
                             "<mark", " id=\"item-"] {
                #expect(!html.contains(teamOnly), "the service viewer does not see \(teamOnly)")
            }
            #expect(try await viewer.get(client, "/inspections/\(sqs)/report/edit").status == .forbidden)
            #expect(try await viewer.post(client, "/inspections/\(sqs)/report/read").status == .forbidden)
            #expect(try await viewer.get(client, "/inspections/\(sqs)/report/download?format=html").status == .ok)
            #expect(try await viewer.get(client, "/inspections/\(fji)/report").status == .notFound)
            #expect(try await viewer.get(client, "/inspections/\(fji)/report/download?format=md").status == .notFound)
            #expect(try await viewer.get(client, "/inspections/\(fji)/report/edit").status == .notFound)
        }
    }

    @Test func recommendationsAndProtectedNamesAreSavedFromTheirForms() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            let bad = try await lead.post(client, "/inspections/\(fji)/report/recommendations",
                                          ["recommendations": "assessments are timely | YOT Manager\r\nno body named here\r\n | Chair"])
            #expect(bad.status == .unprocessableContent)
            let html = Web.body(bad)
            #expect(html.contains("Line 2: add a |"))
            #expect(html.contains("Line 3: write the recommendation"))
            #expect(try await fixture.store.reports.recommendations(inspection: fji).isEmpty)

            let good = try await lead.post(client, "/inspections/\(fji)/report/recommendations",
                                           ["recommendations": "assessments are timely | YOT Manager\r\n\r\nplans name the risks | Chair of the Board"])
            #expect(good.status == .seeOther)
            #expect(try await fixture.store.reports.recommendations(inspection: fji) == [
                ReportRecommendation(position: 1, text: "assessments are timely", responsible: "YOT Manager"),
                ReportRecommendation(position: 2, text: "plans name the risks", responsible: "Chair of the Board"),
            ])
            #expect(try await lead.post(client, "/inspections/\(fji)/report/names", ["names": "Pat Sample\r\n\r\npat sample\r\nZed Example"]).status == .seeOther)
            #expect(try await fixture.store.reports.protectedNames(inspection: fji) == ["Pat Sample", "Zed Example"])
            let editor = try await Self.editor(client, lead, fji)
            #expect(editor.contains("assessments are timely | YOT Manager"))
            #expect(editor.contains("Zed Example"))
        }
    }

    @Test func downloadsCarryTheirMediaTypeAndFileName() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let inspector = try await WebSession.demo(client, .inspector)
            for (format, type) in [("html", "text/html; charset=utf-8"), ("md", "text/markdown; charset=utf-8")] {
                let response = try await inspector.get(client, "/inspections/\(fji)/report/download?format=\(format)")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == type)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"report-inspection-\(fji).\(format)\"")
                #expect(!Web.body(response).contains("<mark"), "downloads carry no review marks")
            }
            #expect(try await inspector.get(client, "/inspections/\(fji)/report/download?format=docx").status == .unprocessableContent)
        }
    }

    /// The save, its conflict and the publishing guard on each engine (PostgreSQL when `YJI_TEST_POSTGRES_URL` is set),
    /// since optimistic concurrency and the guard's reads are where the engines could differ.
    @Test(arguments: SharedSessionTests.Engine.available)
    func savingAndPublishingBehaveAlikeOnEachEngine(_ engine: SharedSessionTests.Engine) async throws {
        let location = engine.freshLocation()
        let store = try await SharedSessionTests.Engine.open(location)
        let other = try await SharedSessionTests.Engine.open(location)
        do {
            try await DemoData.prepare(store, passwordCost: 4)
            let router = WebApplication.buildRouter(store: store, configuration: WebFixture.testConfiguration, pages: try await PageRenderer.load())
            try await Application(router: router).test(.router) { client in
                let cci = try #require(try await store.inspections.inspections().first { $0.programme == "cci" }).id
                let lead = try await WebSession.demo(client, .leadInspector)
                let block = try #require(Self.blocks(try await Self.editor(client, lead, cci)).first)
                // Another instance saves the block first.
                _ = try await other.reports.saveReportText(inspection: cci, key: block.key, text: "Saved elsewhere.", seenFigures: [:], baseVersion: nil,
                                                   actor: "other")
                #expect(try await Self.save(client, lead, cci, key: block.key, text: "Mine.", version: block.version).status == .conflict)
                #expect(try await store.reports.reportTexts(inspection: cci).first { $0.key == block.key }?.text == "Saved elsewhere.")
                #expect(try await lead.post(client, "/inspections/\(cci)/report/names", ["names": "Saved Elsewhere"]).status == .seeOther)
                #expect(try await lead.post(client, "/inspections/\(cci)/report/publish", ["confirm": "yes"]).status == .conflict)
                #expect(try await store.inspections.inspection(cci).status == .fieldwork)
            }
        } catch {
            await SharedSessionTests.remove(location, store, other)
            throw error
        }
        await SharedSessionTests.remove(location, store, other)
    }

    /// With Chromium the PDF is printed; without it the page says what to install, and the other formats still work.
    @Test func aPDFNeedsChromiumAndSaysSoWhenItIsMissing() async throws {
        let fixture = try await WebFixture.make()
        let pages = try await PageRenderer.load()
        let store = fixture.store
        let services = WebServices(configuration: fixture.configuration, pages: pages, inspections: store.inspections, accounts: store.accounts)
        // The application's own middleware and sign-in, with a report controller whose Chromium does not exist.
        let router = Router(context: WebContext.self)
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SignInMiddleware(accounts: store.accounts, configuration: fixture.configuration))
        router.add(middleware: FormMiddleware(configuration: fixture.configuration))
        let inspection = WebApplication.inspectionGroup(of: router, store: store)
        SignInController(services: services, accounts: store.accounts).addRoutes(to: router)
        InspectionsController(services: services, accounts: store.accounts, assessment: store.assessment, evidence: store.evidence,
                              inspections: store.inspections, lifecycle: store.lifecycle, plans: store.plans, sampling: store.sampling)
            .addRoutes(to: router, inspection: inspection)
        ReportController(services: services, reports: store.reports, chromium: "yji-no-such-chromium").addRoutes(to: router, inspection: inspection)
        do {
            try await Application(router: router).test(.router) { client in
                let fji = try await fixture.inspectionID("fji")
                let lead = try await WebSession.demo(client, .leadInspector)
                let missing = try await lead.get(client, "/inspections/\(fji)/report/download?format=pdf")
                #expect(missing.status == .serviceUnavailable)
                #expect(Web.body(missing).contains("install it"))
                #expect(try await lead.get(client, "/inspections/\(fji)/report/download?format=md").status == .ok)
            }
            await fixture.remove()
        } catch {
            await fixture.remove()
            throw error
        }
        guard PDFRenderer.locateChromium() != nil else { return }
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let lead = try await WebSession.demo(client, .leadInspector)
            let response = try await lead.get(client, "/inspections/\(sqs)/report/download?format=pdf")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(String(buffer: response.body).hasPrefix("%PDF"))
        }
    }
}

