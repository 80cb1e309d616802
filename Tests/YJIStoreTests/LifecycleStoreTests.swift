import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// Status moves with their history, milestone dates, and the scorecards stored at publication.
@Suite("Lifecycle store")
struct LifecycleStoreTests {
    func inspection(_ test: TestStore, area: String = "Syntheticshire 001", status: InspectionStatus = .fieldwork,
                    start: String? = "2026-12-07", end: String? = "2026-12-11", seed: UInt64 = 1) async throws -> Inspection {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        let inspection = try await test.store.inspections.createInspection(
            NewInspection(areaName: area, region: "Synthetic North", framework: framework, fieldworkStart: start, fieldworkEnd: end,
                          status: status),
            frameworkYAML: yaml, actor: "Test Lead")
        let data = SyntheticInspection(framework: framework, caseCount: 6, seed: seed, quality: 0.6)
        try await test.store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
        _ = try await test.store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                  file: "judgements.csv", actor: "Test Assessor")
        return inspection
    }

    func day(_ text: String) -> CalendarDate { CalendarDate.parse(text)! }

    @Test(arguments: TestEngine.available)
    func movesAreRecordedAndMarkTheirMilestonesAcrossTheYearEnd(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await inspection(test)
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .moderation, actor: "lead@example.invalid")
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .provisionalFindings, actor: "lead@example.invalid",
                                                         on: day("2026-12-24"))
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .draftReport, actor: "admin@example.invalid",
                                                         on: day("2027-01-29"))
            let timetable = try await test.store.lifecycle.timetable(inspection: inspection.id)
            #expect(timetable.changes.map(\.to) == [.moderation, .provisionalFindings, .draftReport])
            #expect(timetable.changes.map(\.from) == [.fieldwork, .moderation, .provisionalFindings])
            #expect(timetable.changes.last?.changedBy == "admin@example.invalid")
            #expect(timetable.happened["provisional-findings"]?.happenedOn == day("2026-12-24"))
            #expect(timetable.happened["draft-report"]?.happenedOn == day("2027-01-29"))
            #expect(timetable.happened["moderation"] == nil, "no milestone is marked by moderation")

            // Fieldwork ends 2026-12-11: provisional findings due 14 days later, across Christmas; the draft's window runs
            // 28-42 days into January; publication counts 42 days from the draft's actual date, into March.
            let schedule = timetable.schedule(today: day("2027-02-01"))
            let byID = Dictionary(uniqueKeysWithValues: schedule.map { ($0.id, $0) })
            #expect(byID["provisional-findings"]?.due == day("2026-12-25"))
            #expect(byID["provisional-findings"]?.state == .doneOnTime)
            #expect(byID["draft-report"]?.opens == day("2027-01-08") && byID["draft-report"]?.due == day("2027-01-22"))
            #expect(byID["draft-report"]?.state == .doneLate(days: 7))
            #expect(byID["publication"]?.due == day("2027-03-12") && byID["publication"]?.projected == false)
            #expect(byID["improvement-plan"]?.due == day("2027-04-09") && byID["improvement-plan"]?.projected == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func refusedMovesChangeNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await inspection(test, status: .draftReport)
            await #expect(throws: StoreError.self) {
                _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .fieldwork, actor: "Test Lead")
            }
            #expect(try await test.store.inspections.inspection(inspection.id).status == .draftReport)
            #expect(try await test.store.lifecycle.timetable(inspection: inspection.id).changes.isEmpty)
            // One stage back is allowed: factual accuracy comments can send a draft back.
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .provisionalFindings, actor: "Test Lead",
                                                         on: day("2026-12-20"))
            try await test.publish(inspection.id, on: day("2027-02-01"))
            await #expect(throws: StoreError.self) {
                _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "Test Lead")
            }
            #expect(try await test.store.inspections.inspection(inspection.id).status == .published)
            // A status that marks a milestone already recorded keeps the first date; publication completes the draft.
            let happened = try await test.store.lifecycle.timetable(inspection: inspection.id).happened
            #expect(happened.keys.sorted() == ["draft-report", "provisional-findings", "publication"])
            #expect(happened["provisional-findings"]?.happenedOn == day("2026-12-20"))
            #expect(happened["draft-report"]?.happenedOn == day("2027-02-01"))
        }
    }

    @Test(arguments: TestEngine.available)
    func milestonesRecordedByHand(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await inspection(test)
            try await test.store.lifecycle.recordMilestone(inspection: inspection.id, milestone: "improvement-plan", on: day("2027-03-01"),
                                                 actor: "Test Lead", today: day("2027-03-02"))
            #expect(try await test.store.lifecycle.timetable(inspection: inspection.id).happened["improvement-plan"]?.recordedBy == "Test Lead")
            await #expect(throws: StoreError.self, "a day after today has not happened") {
                try await test.store.lifecycle.recordMilestone(inspection: inspection.id, milestone: "improvement-plan", on: day("2027-03-03"),
                                                     actor: "Test Lead", today: day("2027-03-02"))
            }
            await #expect(throws: StoreError.self, "not a milestone of the programme") {
                try await test.store.lifecycle.recordMilestone(inspection: inspection.id, milestone: "launch-party", on: day("2027-03-01"),
                                                     actor: "Test Lead", today: day("2027-03-02"))
            }
            #expect(try await test.store.lifecycle.timetable(inspection: inspection.id).happened["improvement-plan"]?.happenedOn == day("2027-03-01"))
            try await test.store.lifecycle.recordMilestone(inspection: inspection.id, milestone: "improvement-plan", on: nil, actor: "Test Lead")
            #expect(try await test.store.lifecycle.timetable(inspection: inspection.id).happened.isEmpty)
            let calendar = try await test.store.lifecycle.timetables(programme: "cci")
            #expect(calendar.map(\.inspection.id) == [inspection.id])
            #expect(try await test.store.lifecycle.timetables(programme: "sqs").isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func theArchiveCarriesTheHistoryAndMilestoneDates(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await inspection(test)
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .provisionalFindings, actor: "lead@example.invalid",
                                                         on: day("2026-12-24"))
            try await test.store.lifecycle.recordMilestone(inspection: inspection.id, milestone: "draft-report", on: day("2027-01-20"),
                                                 actor: "admin@example.invalid", today: day("2027-02-01"))
            let archive = try await test.store.archives.export(inspection: inspection.id)
            let timetable = try #require(archive.timetable)
            #expect(timetable.changes.map(\.to) == [.provisionalFindings])
            #expect(timetable.milestones.map(\.milestoneID) == ["draft-report", "provisional-findings"])

            let bytes = try archive.jsonData()
            let copy = try await test.store.archives.importArchive(try InspectionArchive.read(bytes, file: "archive.json"), file: "archive.json",
                                                          actor: "Importer")
            let copied = try await test.store.lifecycle.timetable(inspection: copy.id)
            #expect(copied.changes == (try await test.store.lifecycle.timetable(inspection: inspection.id)).changes)
            #expect(copied.happened["draft-report"] == MilestoneDate(milestoneID: "draft-report", happenedOn: day("2027-01-20"),
                                                                     recordedBy: "admin@example.invalid"))
            // The copy exports to the same bytes: nothing about its lifecycle was lost or invented on the way.
            #expect(try await test.store.archives.export(inspection: copy.id).jsonData() == bytes)

            // A milestone the framework does not have is refused before anything is written.
            let inspectionsBefore = try await test.store.inspections.inspections().count
            let broken = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"draft-report\"", with: "\"final-report\"")
            await #expect(throws: StoreError.self) {
                _ = try await test.store.archives.importArchive(try InspectionArchive.read(Data(broken.utf8), file: "broken.json"),
                                                       file: "broken.json", actor: "Importer")
            }
            #expect(try await test.store.inspections.inspections().count == inspectionsBefore)
        }
    }

    func storedCard(_ test: TestStore, _ id: Int) async throws -> String? {
        try await test.store.transaction(.read) { db in
            try await db.raw("SELECT scorecard FROM published_scorecards WHERE inspection_id = \(bind: id)").first()?
                .decode(column: "scorecard", as: String.self)
        }
    }

    @Test(arguments: TestEngine.available)
    func publicationStoresTheScorecardTheBenchmarkReads(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await inspection(test, status: .factualAccuracy)
            #expect(try await storedCard(test, inspection.id) == nil)
            try await test.publish(inspection.id)
            let stored = try #require(try await storedCard(test, inspection.id))
            let card = try JSONDecoder().decode(Scorecard.self, from: Data(stored.utf8))
            #expect(card == (try await test.store.scores.scorecard(inspection: inspection.id)).1.withoutQuestions)

            // The benchmark reads the stored card: a tampered one shows through, which proves nothing re-scored it.
            let tampered = stored.replacingOccurrences(of: "\"cases\":6", with: "\"cases\":999")
            #expect(tampered != stored)
            try await test.store.transaction { db in
                try await db.raw("UPDATE published_scorecards SET scorecard = \(bind: tampered) WHERE inspection_id = \(bind: inspection.id)").run()
            }
            #expect(try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: nil).first?.scorecard.cases == 999)

            // A published inspection without a card (an archive imported as published brings none) is scored once by
            // the next benchmark and its card stored; its judgements cannot change, so the card cannot go stale.
            try await test.store.transaction { db in
                try await db.raw("DELETE FROM published_scorecards WHERE inspection_id = \(bind: inspection.id)").run()
            }
            #expect(try await storedCard(test, inspection.id) == nil)
            let rescored = try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: nil)
            #expect(rescored.first?.scorecard == (try await test.store.scores.scorecard(inspection: inspection.id)).1.withoutQuestions)
            #expect(rescored.first?.scorecard.cases == 6)
            #expect(try await storedCard(test, inspection.id) != nil)
        }
    }
}
