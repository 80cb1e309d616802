import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

@Suite("Users, sessions and case assessment in the store")
struct UserAndAssessmentStoreTests {
    @Test(arguments: TestEngine.available)
    func usersMembershipsAndSessions(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let user = try await store.accounts.addUser(email: "Lead@Example.invalid", name: "Test Lead", role: .leadInspector,
                                               passwordHash: "hash-not-checked-here", actor: "setup")
            #expect(user.email == "lead@example.invalid")
            await #expect(throws: StoreError.self) {
                _ = try await store.accounts.addUser(email: "lead@example.invalid", name: "Again", role: .inspector, passwordHash: "x", actor: "setup")
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.accounts.addUser(email: "viewer@example.invalid", name: "", role: .serviceViewer, passwordHash: "x", actor: "setup")
            }
            let viewer = try await store.accounts.addUser(email: "viewer@example.invalid", name: "", role: .serviceViewer, passwordHash: "x",
                                                 areaName: inspection.area.name, actor: "setup")
            #expect(viewer.areaID == inspection.area.id)
            #expect(viewer.name == "viewer")

            _ = try await store.accounts.addMember(inspection: inspection.id, email: user.email, role: .leadInspector, actor: "setup")
            #expect(try await store.accounts.memberships(user: user.id) == [inspection.id: .leadInspector])
            _ = try await store.accounts.addMember(inspection: inspection.id, email: user.email, role: .inspector, actor: "setup")
            #expect(try await store.accounts.memberships(inspection: inspection.id).map(\.role) == [.inspector])

            try await store.accounts.startSession(tokenHash: "first", csrfToken: String(repeating: "c", count: 43), user: user.id, replacing: nil)
            #expect(try await store.accounts.session(tokenHash: "first", idleLimit: 60)?.user == user)
            // Signing in again from the same browser replaces the old session: the old id is worthless.
            try await store.accounts.startSession(tokenHash: "second", csrfToken: String(repeating: "d", count: 43), user: user.id, replacing: "first")
            #expect(try await store.accounts.session(tokenHash: "first", idleLimit: 60) == nil)
            #expect(try await store.accounts.session(tokenHash: "second", idleLimit: 60)?.csrfToken == String(repeating: "d", count: 43))
            // Idle longer than the limit: gone, and deleted.
            #expect(try await store.accounts.session(tokenHash: "second", idleLimit: 60, now: Date().addingTimeInterval(120)) == nil)
            #expect(try await test.count("sessions") == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func signInFailuresAreCountedPerSubjectWithinTheWindow(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let old = Date().addingTimeInterval(-3_600)
            try await store.accounts.recordSignInFailure(subjects: ["account:a", "address:1"], now: old)
            try await store.accounts.recordSignInFailure(subjects: ["account:a", "address:1"])
            try await store.accounts.recordSignInFailure(subjects: ["account:b", "address:1"])
            let window = Date().addingTimeInterval(-900)
            #expect(try await store.accounts.signInFailures(subject: "account:a", since: window) == 1)
            #expect(try await store.accounts.signInFailures(subject: "address:1", since: window) == 2)
            try await store.accounts.clearSignInFailures(subject: "account:a")
            #expect(try await store.accounts.signInFailures(subject: "account:a", since: old.addingTimeInterval(-1)) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func caseAnswersSaveAllOrNothingAndMarkAssessedNeedsEveryAnswer(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, data) = try await test.seededInspection(cases: 3, judgements: false)
            let record = data.cases[0]
            let framework = try await store.inspections.framework(of: inspection)
            let engine = ScoringEngine(framework: framework)

            var status = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0
            #expect(status.stage == "Not started")
            #expect(try await store.assessment.markAssessed(inspection: inspection.id, caseID: record.id, actor: "a").assessedAt == nil)

            // Answer everything askable, round by round, as the form does.
            var answers: [String: Answer] = [:]
            while !status.progress.isComplete {
                let edits = status.progress.missing.map { id -> JudgementEdit in
                    let question = framework.question(id)!
                    let answer: Answer = question.kind == .judgement ? .yes : .option(question.options[0])
                    answers[id] = answer
                    return JudgementEdit(caseID: record.id, questionID: id, answer: answer, assessor: "A", baseVersion: nil)
                }
                guard case .saved(let written, _) = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id,
                                                                                     edits: edits, actor: "a") else {
                    Issue.record("unexpected conflict")
                    return
                }
                #expect(written.count == edits.count)
                status = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).0
            }
            #expect(status.progress.answered == engine.progress(of: record, answers: answers).applicable.count)

            // A stale edit among good ones: nothing of the save is written.
            let stored = try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).1
            let first = stored[0], second = stored[1]
            let outcome = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: [
                JudgementEdit(caseID: record.id, questionID: first.questionID, answer: first.answer, assessor: "A", note: "changed", baseVersion: first.version),
                JudgementEdit(caseID: record.id, questionID: second.questionID, answer: second.answer, assessor: "A", note: "stale", baseVersion: nil),
            ], actor: "b")
            guard case .conflicts(let conflicts) = outcome else { Issue.record("expected a conflict"); return }
            #expect(conflicts.count == 1)
            #expect(try await store.assessment.caseStatus(inspection: inspection.id, caseID: record.id).1 == stored)
            // The same answer from a stale form (saved meanwhile by the person's own autosave) is no conflict.
            let same = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: record.id, edits: [
                JudgementEdit(caseID: record.id, questionID: second.questionID, answer: second.answer, assessor: "A", note: second.note, baseVersion: nil),
            ], actor: "b")
            #expect(same == .saved(written: [], cleared: []))

            let marked = try await store.assessment.markAssessed(inspection: inspection.id, caseID: record.id, actor: "a")
            #expect(marked.assessedAt != nil)
            #expect(marked.stage == "Assessed")
            #expect(try await store.assessment.caseStatuses(inspection: inspection.id).filter { $0.assessedAt != nil }.map(\.record.id) == [record.id])
        }
    }
}
