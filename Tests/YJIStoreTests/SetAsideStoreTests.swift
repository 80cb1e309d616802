import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// Answers that stop applying are set aside only when confirmed, kept, and brought back when their questions apply
/// again; an assessed case that becomes incomplete goes back to in progress and says why.
@Suite("Set-aside answers in the store")
struct SetAsideStoreTests {
    /// A community case of a fresh CCI inspection with a risk management plan answered: required, produced (yes), on time
    /// (no, with a note) and of sufficient quality (yes).
    static func caseWithAPlan(_ test: TestStore) async throws -> (Inspection, CaseRecord, Framework) {
        let (inspection, data) = try await test.seededInspection(cases: 4, judgements: false)
        let record = try #require(data.cases.first { $0.setting == .community })
        let framework = try await test.store.inspections.framework(of: inspection)
        for (question, answer, note) in [("rmp-required", Answer.option("required"), ""), ("rmp-produced", .yes, "in the file"),
                                         ("rmp-timely", .no, "three weeks late"), ("rmp-quality", .yes, "")] {
            let outcome = try await test.store.assessment.saveJudgement(
                inspection: inspection.id, JudgementEdit(caseID: record.id, questionID: question, answer: answer, assessor: "A", note: note, baseVersion: nil),
                actor: "assessor@example.invalid", setAside: false)
            guard case .saved = outcome else { throw StoreError.invalid("could not answer \(question): \(outcome)") }
        }
        return (inspection, record, framework)
    }

    static func quoted(_ framework: Framework, _ id: String) -> String { "\u{201C}\(framework.question(id)!.text)\u{201D}" }

    @Test(arguments: TestEngine.available)
    func aChangeThatClosesAnsweredQuestionsAsksFirstThenKeepsThemAside(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, record, framework) = try await Self.caseWithAPlan(test)
            let notRequired = JudgementEdit(caseID: record.id, questionID: "rmp-required", answer: .option("not required"), assessor: "A", baseVersion: 1)

            // Unconfirmed: nothing is written, and the answers that would go are listed with the question that closes them.
            let asked = try await store.assessment.saveJudgement(inspection: inspection.id, notRequired, actor: "assessor@example.invalid", setAside: false)
            guard case .needsSetAside(let candidates) = asked else { Issue.record("expected a request to confirm, got \(asked)"); return }
            #expect(candidates.map(\.questionID) == ["rmp-produced", "rmp-timely", "rmp-quality"])
            #expect(candidates.allSatisfy { $0.becauseOf == "rmp-required" })
            #expect(candidates.first { $0.questionID == "rmp-timely" }?.note == "three weeks late")
            #expect(try await store.assessment.judgements(inspection: inspection.id).count == 4)
            // Callers that cannot confirm get the refusal in words, questions by their text.
            do {
                _ = try await store.assessment.saveJudgement(inspection: inspection.id, notRequired, actor: "assessor@example.invalid")
                Issue.record("the unconfirmed change was saved")
            } catch let error as StoreError {
                #expect(error.description == "Changing \(Self.quoted(framework, "rmp-required")) sets aside your answers to: "
                    + "\(Self.quoted(framework, "rmp-produced")), \(Self.quoted(framework, "rmp-timely")), \(Self.quoted(framework, "rmp-quality")).")
            }

            // Confirmed: the answers move aside, whole, each with its audit rows.
            let confirmed = try await store.assessment.saveJudgement(inspection: inspection.id, notRequired, actor: "lead@example.invalid", setAside: true)
            guard case .saved(let saved, let setAside, let restored) = confirmed else { Issue.record("expected a save, got \(confirmed)"); return }
            #expect(saved.answer == .option("not required") && saved.version == 2)
            #expect(setAside.count == 3 && restored.isEmpty)
            #expect(try await store.assessment.judgements(inspection: inspection.id).map(\.questionID) == ["rmp-required"])
            let kept = try await store.assessment.setAsideJudgements(inspection: inspection.id, caseID: record.id)
            #expect(kept.map(\.questionID) == ["rmp-produced", "rmp-timely", "rmp-quality"])
            let timely = try #require(kept.first { $0.questionID == "rmp-timely" })
            #expect(timely.answer == .no && timely.note == "three weeks late" && timely.version == 1)
            #expect(timely.setAsideBy == "lead@example.invalid" && timely.becauseOf == "rmp-required")
            let trail = try await store.inspections.auditTrail(inspection: inspection.id)
            #expect(trail.filter { $0.entity == "set-aside-judgement" && $0.action == "create" }.count == 3)
            #expect(trail.contains { $0.entityID == "\(record.id)/rmp-timely" && $0.entity == "judgement" && $0.action == "delete"
                && $0.reason.contains(Self.quoted(framework, "rmp-required")) })
        }
    }

    @Test(arguments: TestEngine.available)
    func setAsideAnswersComeBackWhenTheirQuestionsApplyAgain(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, record, _) = try await Self.caseWithAPlan(test)
            _ = try await store.assessment.saveJudgement(inspection: inspection.id, JudgementEdit(
                caseID: record.id, questionID: "rmp-required", answer: .option("not required"), assessor: "A", baseVersion: 1),
                actor: "a@example.invalid", setAside: true)
            // Back to "required": rmp-produced comes back, and with it the two questions that depend on it.
            let back = try await store.assessment.saveJudgement(inspection: inspection.id, JudgementEdit(
                caseID: record.id, questionID: "rmp-required", answer: .option("required"), assessor: "A", baseVersion: 2),
                actor: "b@example.invalid", setAside: false)
            guard case .saved(_, let setAside, let restored) = back else { Issue.record("expected a save, got \(back)"); return }
            #expect(setAside.isEmpty)
            #expect(Set(restored.map(\.questionID)) == ["rmp-produced", "rmp-timely", "rmp-quality"])
            let stored = Dictionary(uniqueKeysWithValues: try await store.assessment.judgements(inspection: inspection.id).map { ($0.questionID, $0) })
            #expect(stored["rmp-timely"]?.answer == .no)
            #expect(stored["rmp-timely"]?.note == "three weeks late")
            #expect(stored["rmp-timely"]?.version == 2, "a restored answer gets a new version, so a stale page cannot overwrite it")
            #expect(try await store.assessment.setAsideJudgements(inspection: inspection.id, caseID: record.id).isEmpty)
            #expect(try await test.count("set_aside_judgements") == 0)
            let trail = try await store.inspections.auditTrail(inspection: inspection.id)
            #expect(trail.filter { $0.entity == "judgement" && $0.action == "create" && $0.reason.hasPrefix("restored") }.count == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func anAssessedCaseThatBecomesIncompleteReturnsToInProgressAndSaysWhy(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, record, framework) = try await Self.caseWithAPlan(test)
            // Answer everything else, round by round, and mark the case assessed.
            var status = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0
            while !status.progress.isComplete {
                let edits = status.progress.missing.map { id -> JudgementEdit in
                    let question = framework.question(id)!
                    return JudgementEdit(caseID: record.id, questionID: id, answer: question.kind == .judgement ? .yes : .option(question.options[0]),
                                         assessor: "A", baseVersion: nil)
                }
                guard case .saved = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: edits, actor: "a") else {
                    Issue.record("could not answer the case")
                    return
                }
                status = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0
            }
            #expect(try await store.assessment.markAssessed(inspection: inspection.id, caseID: record.id, actor: "assessor@example.invalid").stage == "Assessed")

            // The form's save: without confirmation it asks and writes nothing, the case stays assessed.
            let change = [JudgementEdit(caseID: record.id, questionID: "rmp-required", answer: .option("not required"), assessor: "A",
                                        note: "plan not needed after all", baseVersion: 1)]
            let asked = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: change, actor: "lead@example.invalid")
            guard case .needsSetAside(let candidates) = asked else { Issue.record("expected a request to confirm, got \(asked)"); return }
            #expect(Set(candidates.map(\.questionID)) == ["rmp-produced", "rmp-timely", "rmp-quality", "rmp-oversight"])
            #expect(try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0.stage == "Assessed")

            let saved = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: change, actor: "lead@example.invalid",
                                                        setAside: true)
            guard case .saved(_, let cleared) = saved else { Issue.record("expected a save, got \(saved)"); return }
            #expect(cleared.count == 4)
            // roh-planning-recognised now applies and has no answer: the case is no longer complete.
            status = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0
            #expect(status.assessedAt == nil && status.assessedBy == nil)
            #expect(status.stage == "In progress")
            #expect(status.progress.missing == ["roh-planning-recognised"])
            let returned = try #require(status.returned)
            #expect(returned.wasAssessedBy == "assessor@example.invalid" && returned.returnedBy == "lead@example.invalid")
            #expect(returned.reason == "answers were set aside after the answer to \(Self.quoted(framework, "rmp-required")) changed")
            #expect(try await store.assessment.caseStatuses(inspection: inspection.id).first { $0.record.id == record.id }?.returned == returned)
            let trail = try await store.inspections.auditTrail(inspection: inspection.id)
            #expect(trail.contains { $0.entity == "case" && $0.entityID == record.id && $0.after == "\"in progress\"" })

            // Answering what now applies and marking it assessed again clears the notice.
            _ = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: [
                JudgementEdit(caseID: record.id, questionID: "roh-planning-recognised", answer: .yes, assessor: "A", baseVersion: nil),
            ], actor: "assessor@example.invalid")
            let again = try await store.assessment.markAssessed(inspection: inspection.id, caseID: record.id, actor: "assessor@example.invalid")
            #expect(again.stage == "Assessed")
            #expect(try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0.returned == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func anAnswerTypedInTheSameSaveAsTheChangeThatClosesItIsSetAsideAsTyped(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, record, _) = try await Self.caseWithAPlan(test)
            let edits = [
                JudgementEdit(caseID: record.id, questionID: "rmp-required", answer: .option("not required"), assessor: "A", baseVersion: 1),
                JudgementEdit(caseID: record.id, questionID: "rmp-timely", answer: .yes, assessor: "A", note: "on time after all", baseVersion: 1),
            ]
            guard case .saved = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: edits, actor: "a",
                                                              setAside: true) else { Issue.record("expected a save"); return }
            let timely = try #require(try await store.assessment.setAsideJudgements(inspection: inspection.id, caseID: record.id).first { $0.questionID == "rmp-timely" })
            #expect(timely.answer == .yes && timely.note == "on time after all" && timely.version == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func refusalsNameQuestionsByTheirText(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, data) = try await test.seededInspection(cases: 4, judgements: false)
            let record = try #require(data.cases.first { $0.setting == .community })
            let framework = try await store.inspections.framework(of: inspection)
            let early = JudgementEdit(caseID: record.id, questionID: "rmp-timely", answer: .yes, baseVersion: nil)
            do {
                _ = try await store.assessment.saveJudgement(inspection: inspection.id, early, actor: "a", setAside: false)
                Issue.record("an answer to a question that does not apply yet was saved")
            } catch let error as StoreError {
                #expect(error.description == "\(Self.quoted(framework, "rmp-timely")) cannot be answered in case \(record.id) until "
                    + "\(Self.quoted(framework, "rmp-produced")) is answered")
            }
            do {
                _ = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: [
                    JudgementEdit(caseID: record.id, questionID: "custody-plan-produced", answer: .yes, baseVersion: nil),
                ], actor: "a")
                Issue.record("a custody question was answered in a community case")
            } catch let error as StoreError {
                #expect(error.description.contains(Self.quoted(framework, "custody-plan-produced")))
                #expect(error.description.contains("asked in custody cases only"))
                #expect(!error.description.contains("custody-plan-produced"))
            }
            #expect(try await store.assessment.judgements(inspection: inspection.id).isEmpty)
        }
    }
}
