import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// Publication through the gate, published inspections frozen by the database, and reopening with a reason.
@Suite("Publication store")
struct PublicationStoreTests {
    func day(_ text: String) -> CalendarDate { CalendarDate.parse(text)! }

    @Test(arguments: TestEngine.available)
    func everyWriteToAPublishedInspectionIsRefusedAndNothingMoves(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, data) = try await test.seededInspection(cases: 4)
            try await store.reports.saveRecommendations(inspection: inspection.id, [
                ReportRecommendation(position: 1, text: "Synthetic recommendation", responsible: "Synthetic Head of Service"),
            ], actor: "Test Lead")
            try await test.publish(inspection.id)
            let markBefore = try await store.inspections.auditMark(inspection: inspection.id)
            let (_, cardBefore) = try await store.scores.scorecard(inspection: inspection.id)
            let judgementsBefore = try await store.assessment.judgements(inspection: inspection.id)
            let reportBefore = try await store.reports.publishedReport(inspection: inspection.id)
            #expect(reportBefore == TestStore.syntheticReport(inspection.id))

            let stored = try #require(judgementsBefore.first)
            let flipped: Answer = stored.answer == .yes ? .no : .yes
            let caseRef = stored.caseID
            let framework = try await store.inspections.framework(of: inspection)
            let refused: [(String, () async throws -> Void)] = [
                ("a judgement", {
                    _ = try await store.assessment.saveJudgement(inspection: inspection.id, JudgementEdit(
                        caseID: caseRef, questionID: stored.questionID, answer: flipped, baseVersion: stored.version), actor: "Test Assessor")
                }),
                ("a case's answers", {
                    _ = try await store.assessment.saveCaseAnswers(inspection: inspection.id, caseID: caseRef, edits: [JudgementEdit(
                        caseID: caseRef, questionID: stored.questionID, answer: flipped, baseVersion: stored.version)], actor: "Test Assessor")
                }),
                ("a judgements file", {
                    let rows = data.judgements.map { Judgement(caseID: $0.caseID, questionID: $0.questionID,
                                                               answer: $0.answer == .yes ? .no : $0.answer, assessor: $0.assessor) }
                    _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(rows), file: "late.csv", actor: "Test")
                }),
                ("more cases", {
                    let existing = Set(data.cases.map(\.id))
                    let more = Array(SyntheticInspection(framework: framework, caseCount: 12, seed: 99).cases.filter { !existing.contains($0.id) }.prefix(2))
                    #expect(!more.isEmpty)
                    _ = try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(more), file: "late-cases.csv", actor: "Test")
                }),
                ("a report text", {
                    _ = try await store.reports.saveReportText(inspection: inspection.id, key: "foreword", text: "Changed after publication.",
                                                       seenFigures: [:], baseVersion: nil, actor: "Test Lead")
                }),
                ("the recommendations", {
                    try await store.reports.saveRecommendations(inspection: inspection.id, [
                        ReportRecommendation(position: 1, text: "Another", responsible: "Someone"),
                    ], actor: "Test Lead")
                }),
                ("the protected names", {
                    try await store.reports.saveProtectedNames(inspection: inspection.id, ["Synthetic Name"], actor: "Test Lead")
                }),
                ("a finding", {
                    _ = try await store.evidence.addFinding(inspection: inspection.id, StructuredFinding(
                        area: .operationalManagement, keyFindings: ["Added after publication (synthetic)."], documents: []), actor: "Test Lead")
                }),
                ("a practice example", {
                    _ = try await store.evidence.addPracticeExample(inspection: inspection.id, PracticeExample(
                        area: .criterion("1.1"), kind: .example, text: "Added after publication (synthetic).", namesChanged: true),
                        actor: "Test Lead")
                }),
                ("a status move", {
                    _ = try await store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .draftReport, actor: "Test Lead")
                }),
            ]
            for (what, attempt) in refused {
                do {
                    try await attempt()
                    Issue.record("changing \(what) of a published inspection was accepted")
                } catch let error as StoreError {
                    switch error {
                    case .published: #expect(error.description.contains("reopens it with a reason"), "\(what): \(error)")
                    case .invalid where what == "a status move": #expect(error.description.contains("reopened with a reason"))
                    default: Issue.record("changing \(what): expected the published refusal, got \(error)")
                    }
                }
            }
            #expect(try await store.inspections.auditMark(inspection: inspection.id) == markBefore)
            #expect(try await store.scores.scorecard(inspection: inspection.id).1 == cardBefore)
            #expect(try await store.assessment.judgements(inspection: inspection.id) == judgementsBefore)
            #expect(try await store.reports.publishedReport(inspection: inspection.id) == reportBefore)
            #expect(try await store.benchmark.benchmarkEntries(programme: "cci", asOf: nil).count == 1)
        }
    }

    /// The triggers hold even for SQL that goes round the store's functions.
    @Test(arguments: TestEngine.available)
    func theDatabaseItselfRefusesChangesToAPublishedInspection(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2)
            try await test.publish(inspection.id)
            for statement in [
                "UPDATE judgements SET answer = 'no' WHERE inspection_id = \(inspection.id)",
                "DELETE FROM judgements WHERE inspection_id = \(inspection.id)",
                "UPDATE cases SET rosh = 'high' WHERE inspection_id = \(inspection.id)",
                "INSERT INTO report_recommendations (inspection_id, position, text, responsible) VALUES (\(inspection.id), 9, 'Late', 'Someone')",
            ] {
                await #expect(throws: StoreError.publishedInspection, "\(statement)") {
                    try await test.store.transaction { db in try await db.raw("\(unsafeRaw: statement)").run() }
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func publishingWaitsForEveryConditionAndNamesEachOne(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, _) = try await test.seededInspection(cases: 3)
            func attempt(moved: Int = 0, names: Int = 0) async throws -> [PublicationGate.Condition] {
                let checks = ReportChecks(movedSentences: moved, protectedNamesFound: names, auditMark: try await store.inspections.auditMark(inspection: inspection.id))
                do {
                    _ = try await store.reports.publish(inspection: inspection.id, report: TestStore.syntheticReport(inspection.id), checks: checks,
                                                actor: "Test Lead")
                    return []
                } catch StoreError.notReady(let blockers) {
                    return blockers.map(\.condition)
                }
            }
            // Moving straight to published is not a way round the gate.
            await #expect(throws: StoreError.self) {
                try await store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .published, actor: "Test Lead")
            }
            #expect(try await attempt(moved: 2, names: 1) == [.stage, .cases, .movedFigures, .anonymisation])
            _ = try await store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "Test Lead")
            #expect(try await attempt() == [.cases])
            #expect(try await store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: "Test Lead") == 3)
            #expect(try await attempt(moved: 1) == [.movedFigures])
            #expect(try await attempt(names: 2) == [.anonymisation])
            #expect(try await store.reports.publications(inspection: inspection.id).isEmpty)
            #expect(try await store.inspections.inspection(inspection.id).status == .factualAccuracy)

            // A change between the report's checks and the publication makes it refuse: the checks are stale.
            let stale = ReportChecks(movedSentences: 0, protectedNamesFound: 0, auditMark: try await store.inspections.auditMark(inspection: inspection.id))
            try await store.reports.saveProtectedNames(inspection: inspection.id, ["Synthetic Late Name"], actor: "Test Lead")
            await #expect(throws: StoreError.self) {
                try await store.reports.publish(inspection: inspection.id, report: TestStore.syntheticReport(inspection.id), checks: stale, actor: "Test Lead")
            }
            #expect(try await attempt() == [])
            #expect(try await store.inspections.inspection(inspection.id).status == .published)
            #expect(try await attempt() == [.alreadyPublished])
        }
    }

    @Test(arguments: TestEngine.available)
    func reopeningNeedsAReasonKeepsTheEditionAndAllowsACorrectedRepublication(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, _) = try await test.seededInspection(cases: 2)
            try await test.publish(inspection.id, on: day("2026-03-02"))
            #expect(try await store.benchmark.benchmarkEntries(programme: "cci", asOf: nil).count == 1)
            await #expect(throws: StoreError.self) { try await store.reports.reopen(inspection: inspection.id, reason: "  ", actor: "Test Lead") }
            let reopened = try await store.reports.reopen(inspection: inspection.id, reason: "Criterion 1.1's finding quoted the wrong case count",
                                                  actor: "Test Lead")
            #expect(reopened.status == .factualAccuracy)
            #expect(try await store.reports.publishedReport(inspection: inspection.id) == nil)
            // Out of the benchmark until it is published again, so no figure under correction is shown as published.
            #expect(try await store.benchmark.benchmarkEntries(programme: "cci", asOf: nil).isEmpty)
            // Now a correction can be made.
            try await store.reports.saveProtectedNames(inspection: inspection.id, ["Synthetic Corrected Name"], actor: "Test Lead")
            try await test.publish(inspection.id, on: day("2026-03-09"))
            let history = try await store.reports.publications(inspection: inspection.id)
            #expect(history.map(\.edition) == [1, 2])
            #expect(history[0].reopenReason == "Criterion 1.1's finding quoted the wrong case count")
            #expect(history[0].reopenedBy == "Test Lead")
            #expect(history[1].isReopened == false)
            #expect(history[1].publishedOn == day("2026-03-09"))
            let moves = try await store.lifecycle.timetable(inspection: inspection.id).changes
            #expect(moves.contains { $0.from == .published && $0.reason == "Criterion 1.1's finding quoted the wrong case count" })
            let trail = try await store.inspections.auditTrail(inspection: inspection.id).map(\.reason)
            #expect(trail.contains("reopened for correction: Criterion 1.1's finding quoted the wrong case count"))
            #expect(trail.contains { $0.hasPrefix("published edition 2") })
            await #expect(throws: StoreError.self) { try await store.reports.reopen(inspection: 999_999, reason: "x", actor: "Test Lead") }
        }
    }

    /// Every surface asks the store for a published inspection's scores, and gets the card stored with the edition: a
    /// tampered stored card shows through, which proves nothing scored the inspection again.
    @Test(arguments: TestEngine.available)
    func theScoresOfAPublishedInspectionAreTheOnesStoredAtPublication(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 3)
            let (_, computed) = try await test.store.scores.scorecard(inspection: inspection.id)
            try await test.publish(inspection.id)
            #expect(try await test.store.scores.scorecard(inspection: inspection.id).1 == computed)
            let stored = try await test.store.transaction { db in
                try await db.raw("SELECT scorecard FROM publications WHERE inspection_id = \(bind: inspection.id)").first()!
                    .decode(column: "scorecard", as: String.self)
            }
            let tampered = stored.replacingOccurrences(of: "\"cases\":3", with: "\"cases\":777")
            #expect(tampered != stored)
            try await test.store.transaction { db in
                try await db.raw("UPDATE publications SET scorecard = \(bind: tampered) WHERE inspection_id = \(bind: inspection.id)").run()
            }
            #expect(try await test.store.scores.scorecard(inspection: inspection.id).1.cases == 777)
            // Reopened, the inspection is scored from its data again.
            _ = try await test.store.reports.reopen(inspection: inspection.id, reason: "Synthetic correction", actor: "Test Lead")
            #expect(try await test.store.scores.scorecard(inspection: inspection.id).1 == computed)
        }
    }

    /// A stage reached means the stages it passed have happened: their milestones stop showing as overdue.
    @Test(arguments: TestEngine.available)
    func publicationCompletesTheMilestonesOfTheStagesItPassed(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2)
            let today = day("2026-09-01")
            let before = try await test.store.lifecycle.timetable(inspection: inspection.id).schedule(today: today)
            #expect(before.contains { $0.state.isOverdue })
            try await test.publish(inspection.id, on: day("2026-04-20"))
            let after = try await test.store.lifecycle.timetable(inspection: inspection.id)
            let rules = after.rules
            for status in InspectionStatus.allCases {
                guard let milestone = rules.milestone(reachedBy: status) else { continue }
                let entry = try #require(after.schedule(today: today).first { $0.id == milestone.id })
                #expect(entry.state.isDone, "\(milestone.id) should be done once the inspection is published")
            }
        }
    }
}
