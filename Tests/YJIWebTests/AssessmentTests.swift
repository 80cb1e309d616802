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
        let plan = try #require(try await fixture.store.sampling.allocation(inspection: cci))
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
            let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci))

            // Answer whatever is askable, save, and repeat: conditional questions open up as their sources are answered.
            var rounds = 0
            while true {
                let (status, _) = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID)
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
            let (after, _) = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID)
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
            let (status, _) = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID)
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
            let (status, _) = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID)
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
            let stored = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == question }
            #expect(stored?.answer == .yes)
            let retry = try await assessor.post(client, path, Self.fields(from: html, answers: [question: "no"]))
            #expect(retry.status == .seeOther)
            let after = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == question }
            #expect(after?.answer == .no)
            #expect(after?.version == 2)
        }
    }

    static func quoted(_ framework: Framework, _ id: String) -> String { "\u{201C}\(framework.question(id)!.text)\u{201D}" }

    /// Answers every askable question of a case through the store (yes, or a fact question's first option) and marks
    /// it assessed, as its assessor would have.
    static func assessFully(_ fixture: WebFixture, _ inspection: Int, _ caseID: String) async throws {
        let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(inspection))
        var (status, _) = try await fixture.store.assessment.caseStatus(inspection: inspection, caseID: caseID)
        while !status.progress.isComplete {
            let edits = status.progress.missing.map { id in
                let question = framework.question(id)!
                return JudgementEdit(caseID: caseID, questionID: id, answer: question.kind == .judgement ? .yes : .option(question.options[0]),
                                     assessor: "Synthetic Assessor", baseVersion: nil)
            }
            _ = try await fixture.store.assessment.saveCaseAnswers(inspection: inspection, caseID: caseID, edits: edits, actor: "assessor@demo.yji.invalid")
            status = try await fixture.store.assessment.caseStatus(inspection: inspection, caseID: caseID).0
        }
        _ = try await fixture.store.assessment.markAssessed(inspection: inspection, caseID: caseID, actor: "assessor@demo.yji.invalid")
    }

    @Test func changingAnEarlierAnswerAsksBeforeSettingAnswersAsideAndTheyComeBack() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci))
            let session = try await WebSession.demo(client, .localAssessor)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            var page = Web.body(try await session.get(client, path))
            #expect(page.contains("Answer \(Self.quoted(framework, "roh-screening-done")) first"))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "yes"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))
            #expect(page.contains(#"name="answer.roh-classification-accurate""#))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-classification-accurate": "yes"],
                                                                      notes: ["roh-classification-accurate": "classified high, rightly"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))

            // The change comes back as a question, with everything typed still in the form and nothing written.
            let change = Self.fields(from: page, answers: ["roh-screening-done": "no", "roh-screening-timely": "yes"],
                                     notes: ["roh-screening-timely": "typed, not saved"])
            let asked = try await session.post(client, path, change)
            #expect(asked.status == .ok)
            let question = Web.body(asked)
            #expect(question.contains("Changing \(Self.quoted(framework, "roh-screening-done").htmlEscaped) sets aside your answers to:"))
            #expect(question.contains("<li>\(framework.question("roh-classification-accurate")!.text.htmlEscaped)</li>"))
            #expect(question.contains(#"name="confirm-set-aside" value="yes""#) && question.contains("Keep the earlier answer"))
            #expect(question.contains("typed, not saved"))
            #expect(try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == "roh-screening-done" }?.answer == .yes)

            // Confirmed: the answer is set aside, listed on the case page, and audited.
            let confirmed = try await session.post(client, path, change.merging(["confirm-set-aside": "yes"]) { $1 })
            #expect(confirmed.status == .seeOther)
            let answers = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1
            #expect(answers.first { $0.questionID == "roh-screening-done" }?.answer == .no)
            #expect(!answers.contains { $0.questionID == "roh-classification-accurate" })
            #expect(answers.first { $0.questionID == "roh-screening-timely" }?.note == "typed, not saved")
            page = Web.body(try await session.get(client, path))
            #expect(page.contains("Answers set aside"))
            #expect(page.contains("classified high, rightly"))
            let trail = try await fixture.store.inspections.auditTrail(inspection: cci)
            #expect(trail.contains { $0.entityID == "\(caseID)/roh-classification-accurate" && $0.entity == "set-aside-judgement" && $0.action == "create" })

            // Back to yes: the set-aside answer returns by itself.
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "yes"])).status == .seeOther)
            let restored = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.first { $0.questionID == "roh-classification-accurate" }
            #expect(restored?.answer == .yes && restored?.note == "classified high, rightly")
            #expect(!Web.body(try await session.get(client, path)).contains("Answers set aside"))
        }
    }

    @Test func keepingTheEarlierAnswerSavesEverythingElseTyped() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let session = try await WebSession.demo(client, .localAssessor)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            var page = Web.body(try await session.get(client, path))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-screening-done": "yes"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))
            #expect(try await session.post(client, path, Self.fields(from: page, answers: ["roh-classification-accurate": "no"])).status == .seeOther)
            page = Web.body(try await session.get(client, path))
            let keep = Self.fields(from: page, answers: ["roh-screening-done": "no", "roh-screening-timely": "yes"],
                                   notes: ["roh-screening-done": "screening seen on file"]).merging(["confirm-set-aside": "keep"]) { $1 }
            #expect(try await session.post(client, path, keep).status == .seeOther)
            let answers = Dictionary(uniqueKeysWithValues: try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.map { ($0.questionID, $0) })
            #expect(answers["roh-screening-done"]?.answer == .yes)
            #expect(answers["roh-screening-done"]?.note == "screening seen on file")
            #expect(answers["roh-screening-timely"]?.answer == .yes)
            #expect(answers["roh-classification-accurate"]?.answer == .no)
            #expect(try await fixture.store.assessment.setAsideJudgements(inspection: cci, caseID: caseID).isEmpty)
        }
    }

    @Test func theAPIRefusesASetAsideUntilConfirmedAndTheDocumentDescribesIt() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci))
            let session = try await WebSession.demo(client, .localAssessor)
            let api = APIProbe(client: client, log: ConformanceLog(document: try OpenAPIDocument.source()))
            let path = "/inspections/{inspection}/cases/{case}/judgements/{question}"
            func at(_ question: String) -> [String: String] { ["inspection": "\(cci)", "case": caseID, "question": question] }
            try await api.call(.put, path, at("roh-screening-done"), as: session, body: #"{"answer": "yes"}"#, expect: .created)
            try await api.call(.put, path, at("roh-classification-accurate"), as: session, body: #"{"answer": "no", "note": "tier wrong"}"#,
                               expect: .created)
            let refused = try await api.call(.put, path, at("roh-screening-done"), as: session, body: #"{"answer": "no", "version": 1}"#,
                                             expect: .conflict, code: "set-aside-needed")
            let listed = try #require(refused["setAside"]?.array)
            #expect(listed.count == 1)
            #expect(listed.first?["questionId"]?.string == "roh-classification-accurate")
            #expect(listed.first?["text"]?.string == framework.question("roh-classification-accurate")?.text)
            #expect(listed.first?["note"]?.string == "tier wrong")
            #expect(refused["error"]?["message"]?.string?.contains(Self.quoted(framework, "roh-classification-accurate")) == true)
            #expect(try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.count == 2)
            let saved = try await api.call(.put, path, at("roh-screening-done"), as: session,
                                           body: #"{"answer": "no", "version": 1, "setAside": true}"#, expect: .ok)
            #expect(saved["version"]?.int == 2)
            #expect(try await fixture.store.assessment.setAsideJudgements(inspection: cci, caseID: caseID).map(\.questionID) == ["roh-classification-accurate"])
            // An answer where its question does not apply is refused in words, naming questions by text.
            let invalid = try await api.call(.put, path, at("roh-classification-accurate"), as: session, body: #"{"answer": "yes"}"#,
                                             expect: .unprocessableContent, code: "invalid")
            let message = try #require(invalid["error"]?["message"]?.string)
            #expect(message.contains(Self.quoted(framework, "roh-screening-done")) && !message.contains("roh-screening-done"))
        }
    }

    @Test func anAssessedCaseThatLosesAnswersReturnsToInProgressAndItsAssessorIsTold() async throws {
        try await WebFixture.with { fixture, client in
            let (cci, caseID) = try await Self.assessorCase(fixture)
            try await Self.assessFully(fixture, cci, caseID)
            let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci))
            let lead = try await WebSession.demo(client, .leadInspector)
            let path = "/inspections/\(cci)/cases/\(caseID)"
            let page = Web.body(try await lead.get(client, path))
            let change = Self.fields(from: page, answers: ["rmp-required": "not required"]).merging(["confirm-set-aside": "yes"]) { $1 }
            #expect(try await lead.post(client, path, change).status == .seeOther)
            let (status, _) = try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID)
            #expect(status.assessedAt == nil)
            #expect(status.stage == "In progress")

            let assessor = try await WebSession.demo(client, .localAssessor)
            let notice = "Case \(caseID) was returned to in progress on "
            let because = "because answers were set aside after the answer to \(Self.quoted(framework, "rmp-required").htmlEscaped) changed"
            let mine = Web.body(try await assessor.get(client, "/my-cases"))
            #expect(mine.contains(notice) && mine.contains(because))
            let casePage = Web.body(try await assessor.get(client, path))
            #expect(casePage.contains(notice) && casePage.contains(because))
            #expect(casePage.contains("Answers set aside"))
            #expect(Web.body(try await assessor.get(client, "\(path)/check")).contains(notice))
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
            let framework = try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci))
            #expect(Web.body(response).contains("\(Self.quoted(framework, "roh-screening-done").htmlEscaped): choose one of the answers given"))
            #expect(try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.isEmpty)
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
            #expect(try await fixture.store.assessment.caseStatus(inspection: cci, caseID: caseID).1.isEmpty)
        }
    }
}

extension String {
    /// As the page templates escape text (quotation marks are kept as typed; the curly ones need no escaping).
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
