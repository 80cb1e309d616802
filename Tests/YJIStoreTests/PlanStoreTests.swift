import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// Improvement plans on every available engine: actions and updates, versions, the published-only rule, frozen
/// recommendations, all-or-nothing writes and overdue actions across a programme.
@Suite("Improvement plan store")
struct PlanStoreTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate.parse(text)! }

    static let recommendations = [
        ReportRecommendation(position: 1, text: "Synthetic recommendation about timely assessments.", responsible: "YOT Manager"),
        ReportRecommendation(position: 2, text: "Synthetic recommendation about the management board.", responsible: "Chair of the Management Board"),
    ]

    /// A seeded inspection with two recommendations, published on `publishedOn`.
    static func published(_ test: TestStore, framework: String = "cci", seed: UInt64 = 5, publishedOn: String = "2026-03-20") async throws -> Inspection {
        let (inspection, _) = try await test.seededInspection(framework: framework, cases: 2, seed: seed)
        try await test.store.reports.saveRecommendations(inspection: inspection.id, recommendations, actor: "Test Lead")
        return try await test.publish(inspection.id, on: day(publishedOn))
    }

    static func action(_ recommendation: Int = 1, _ description: String = "Synthetic action", owner: String = "Synthetic Team",
                       due: String = "2026-06-30", status: ActionStatus = .notStarted, reason: String? = nil) throws -> ActionDetails {
        try ActionDetails(recommendation: recommendation, description: description, owner: owner, due: day(due), status: status, reason: reason)
    }

    static func update(_ date: String, _ note: String = "Synthetic progress", evidence: String? = nil) throws -> ProgressDetails {
        try ProgressDetails(date: day(date), note: note, evidence: evidence, today: day("2030-01-01"))
    }

    private func audits(_ test: TestStore, _ inspection: Inspection, entity: String) async throws -> [AuditEntry] {
        try await test.store.inspections.auditTrail(inspection: inspection.id).filter { $0.entity == entity }
    }

    @Test(arguments: TestEngine.available)
    func actionsAndUpdatesAreKeptUnderTheirRecommendationWithAnAuditTrail(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let first = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(1, "Audit a synthetic sample of assessments"),
                                                           actor: "service@example.invalid")
            #expect(first.version == 1 && first.createdBy == "service@example.invalid" && first.updates.isEmpty)
            let second = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(2, "Invite synthetic partners", due: "2026-05-31"),
                                                            actor: "service@example.invalid")
            let changed = try await test.store.plans.updatePlanAction(
                inspection: inspection.id, action: first.id, try Self.action(1, "Audit a synthetic sample of assessments", status: .inProgress),
                baseVersion: 1, actor: "manager@example.invalid")
            #expect(changed.version == 2 && changed.updatedBy == "manager@example.invalid" && changed.details.status == .inProgress)
            let update = try await test.store.plans.addProgressUpdate(
                inspection: inspection.id, action: first.id, try Self.update("2026-04-15", "First synthetic audit done", evidence: "https://example.invalid/audit"),
                actor: "manager@example.invalid", today: Self.day("2026-04-16"))
            #expect(update.actionID == first.id && update.details.link != nil)

            let plan = try await test.store.plans.plan(inspection: inspection.id)
            #expect(plan.recommendations.map(\.recommendation) == Self.recommendations)
            #expect(plan.recommendations.map { $0.actions.map(\.id) } == [[first.id], [second.id]])
            #expect(plan.actions.first?.updates == [update])
            #expect(plan.publishedOn == Self.day("2026-03-20"))
            // The plan's own date comes from the framework's lifecycle, counted from publication.
            let rules = try FrameworkCatalog.shipped("cci").lifecycle
            #expect(plan.dueOn == Self.day("2026-03-20").adding(days: rules.milestone(ImprovementPlanRules.milestoneID)!.toDays))
            #expect(plan.summary(on: Self.day("2026-06-01")).overdue == 1, "the second action was due on 31 May")

            #expect(try await audits(test, inspection, entity: "plan-action").map(\.action) == ["create", "create", "update"])
            let statusChange = try #require(try await audits(test, inspection, entity: "plan-action").last)
            #expect(statusChange.reason == "status not-started to in-progress")
            #expect(statusChange.before?.contains("\"version\":1") == true && statusChange.after?.contains("\"version\":2") == true)
            #expect(try await audits(test, inspection, entity: "plan-update").map(\.entityID) == ["\(first.id)/\(update.id)"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aStaleVersionIsAConflictAndChangesNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let added = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(), actor: "A")
            _ = try await test.store.plans.updatePlanAction(inspection: inspection.id, action: added.id, try Self.action(owner: "Team B"), baseVersion: 1, actor: "B")
            let before = try await test.store.plans.plan(inspection: inspection.id)
            let auditBefore = try await test.count("audit_log")
            for stale in [1, 3] {
                do {
                    _ = try await test.store.plans.updatePlanAction(inspection: inspection.id, action: added.id, try Self.action(owner: "Team A"),
                                                              baseVersion: stale, actor: "A")
                    Issue.record("a change from version \(stale) must be refused")
                } catch StoreError.conflict(let message) {
                    #expect(message.contains("action \(added.id)") && message.contains("by B"))
                }
            }
            #expect(try await test.store.plans.plan(inspection: inspection.id) == before)
            #expect(try await test.count("audit_log") == auditBefore)
            // Sending again exactly what is stored is no conflict and writes nothing.
            let again = try await test.store.plans.updatePlanAction(inspection: inspection.id, action: added.id, try Self.action(owner: "Team B"),
                                                              baseVersion: 1, actor: "A")
            #expect(again.version == 2)
            #expect(try await test.count("audit_log") == auditBefore)
        }
    }

    @Test(arguments: TestEngine.available)
    func twoWritersFromTheSameVersionOneWins(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let added = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(), actor: "A")
            let other = try await test.second()
            let mine = try Self.action(owner: "Team A"), theirs = try Self.action(owner: "Team B")
            async let first: Result<PlanAction, any Error> = {
                do { return .success(try await test.store.plans.updatePlanAction(inspection: inspection.id, action: added.id, mine, baseVersion: 1, actor: "A")) }
                catch { return .failure(error) }
            }()
            async let second: Result<PlanAction, any Error> = {
                do { return .success(try await other.plans.updatePlanAction(inspection: inspection.id, action: added.id, theirs, baseVersion: 1, actor: "B")) }
                catch { return .failure(error) }
            }()
            let outcomes = await [first, second]
            let saved = outcomes.compactMap { try? $0.get() }
            #expect(saved.count == 1)
            for case .failure(let error) in outcomes {
                guard case StoreError.conflict = error else { Issue.record("expected a conflict, got \(error)"); continue }
            }
            #expect(try await test.store.plans.plan(inspection: inspection.id).actions.map(\.details.owner) == saved.map(\.details.owner))
            #expect(try await audits(test, inspection, entity: "plan-action").count == 2)
            await other.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func onlyAPublishedInspectionHasAPlan(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2)
            try await test.store.reports.saveRecommendations(inspection: inspection.id, Self.recommendations, actor: "Test Lead")
            do {
                _ = try await test.store.plans.plan(inspection: inspection.id)
                Issue.record("an inspection in planning has no plan to read")
            } catch StoreError.invalid(let message) {
                #expect(message.contains("not published") && message.contains("starts when the report is published"))
            }
            await #expect(throws: StoreError.self) { try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(), actor: "A") }
            #expect(try await test.count("plan_actions") == 0)
            await #expect(throws: StoreError.notFound("no inspection with id 999999")) {
                try await test.store.plans.plan(inspection: 999_999)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func recommendationsAreFrozenOncePublished(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let renumbered = [ReportRecommendation(position: 1, text: "A different synthetic recommendation.", responsible: "Head of Service")]
            do {
                try await test.store.reports.saveRecommendations(inspection: inspection.id, renumbered, actor: "Test Lead")
                Issue.record("a published inspection's recommendations were replaced")
            } catch StoreError.published(let message) {
                #expect(message.contains("is published") && message.contains("reopens it with a reason"))
            }
            #expect(try await test.store.reports.recommendations(inspection: inspection.id) == Self.recommendations)
            // The database refuses too, whoever writes to it.
            await #expect(throws: (any Error).self) {
                try await test.store.transaction { db in
                    try await db.raw("UPDATE report_recommendations SET text = 'changed' WHERE inspection_id = \(bind: inspection.id)").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await test.store.transaction { db in
                    try await db.raw("DELETE FROM report_recommendations WHERE inspection_id = \(bind: inspection.id)").run()
                }
            }
            #expect(try await test.store.reports.recommendations(inspection: inspection.id) == Self.recommendations)
            // An inspection not yet published can still change its recommendations.
            let (draft, _) = try await test.seededInspection(cases: 2, seed: 6)
            try await test.store.reports.saveRecommendations(inspection: draft.id, Self.recommendations, actor: "Test Lead")
            try await test.store.reports.saveRecommendations(inspection: draft.id, renumbered, actor: "Test Lead")
            #expect(try await test.store.reports.recommendations(inspection: draft.id) == renumbered)
        }
    }

    @Test(arguments: TestEngine.available)
    func theSchemaKeepsThePlansRules(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            func insert(recommendation: Int, status: String, reason: String?) async throws {
                try await test.store.transaction { db in
                    try await db.raw("""
                        INSERT INTO plan_actions (inspection_id, recommendation_position, description, owner_name, due_on, status, reason, version,
                                                  created_at, created_by, updated_at, updated_by)
                        VALUES (\(bind: inspection.id), \(bind: recommendation), 'x', 'y', '2026-06-30', \(bind: status), \(bind: reason), 1, 'now', 'T', 'now', 'T')
                        """).run()
                }
            }
            await #expect(throws: (any Error).self, "no such recommendation") { try await insert(recommendation: 9, status: "done", reason: nil) }
            await #expect(throws: (any Error).self, "dropped without a reason") { try await insert(recommendation: 1, status: "dropped", reason: nil) }
            await #expect(throws: (any Error).self, "unknown status") { try await insert(recommendation: 1, status: "finished", reason: nil) }
            #expect(try await test.count("plan_actions") == 0)
            try await insert(recommendation: 1, status: "dropped", reason: "Synthetic reason")
            #expect(try await test.count("plan_actions") == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func badInputAndOtherInspectionsActionsAreRefused(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let other = try await Self.published(test, seed: 6)
            let theirs = try await test.store.plans.addPlanAction(inspection: other.id, try Self.action(), actor: "B")
            do {
                _ = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(3), actor: "A")
                Issue.record("an action for a recommendation the report does not have was kept")
            } catch StoreError.invalid(let message) {
                #expect(message.hasPrefix("recommendation:") && message.contains("numbered 1, 2"))
            }
            // Another inspection's action is not found through this inspection, for changes and for updates alike.
            await #expect(throws: StoreError.self) {
                try await test.store.plans.updatePlanAction(inspection: inspection.id, action: theirs.id, try Self.action(owner: "A"), baseVersion: 1, actor: "A")
            }
            await #expect(throws: StoreError.self) {
                try await test.store.plans.addProgressUpdate(inspection: inspection.id, action: theirs.id, try Self.update("2026-04-01"), actor: "A",
                                                       today: Self.day("2026-04-02"))
            }
            // The store checks the date against its own today, whatever the details were checked against.
            do {
                _ = try await test.store.plans.addProgressUpdate(inspection: other.id, action: theirs.id, try Self.update("2026-04-03"), actor: "B",
                                                           today: Self.day("2026-04-02"))
                Issue.record("an update dated tomorrow was kept")
            } catch StoreError.invalid(let message) {
                #expect(message.hasPrefix("date:"))
            }
            #expect(try await test.store.plans.plan(inspection: other.id).actions == [theirs])
            #expect(try await test.count("plan_updates") == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func everyPlanWriteKeepsItsAuditRowOrNeither(_ engine: TestEngine) async throws {
        struct InjectedFault: Error {}
        let faults = StoreFaults(afterAudit: { entry in
            if entry.entity.hasPrefix("plan-") { throw InjectedFault() }
        })
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let added = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(), actor: "A")
            let failing = try await test.second(faults: faults)
            let before = try await test.store.plans.plan(inspection: inspection.id)
            let auditBefore = try await test.count("audit_log")

            await #expect(throws: InjectedFault.self) { try await failing.plans.addPlanAction(inspection: inspection.id, try Self.action(2), actor: "A") }
            await #expect(throws: InjectedFault.self) {
                try await failing.plans.updatePlanAction(inspection: inspection.id, action: added.id, try Self.action(status: .done), baseVersion: 1, actor: "A")
            }
            await #expect(throws: InjectedFault.self) {
                try await failing.plans.addProgressUpdate(inspection: inspection.id, action: added.id, try Self.update("2026-04-01"), actor: "A",
                                                    today: Self.day("2026-04-02"))
            }
            #expect(try await test.store.plans.plan(inspection: inspection.id) == before)
            #expect(try await test.count("plan_actions") == 1)
            #expect(try await test.count("plan_updates") == 0)
            #expect(try await test.count("audit_log") == auditBefore)
            await failing.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func overdueActionsAcrossTheProgramme(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let cciA = try await Self.published(test, seed: 5)
            let cciB = try await Self.published(test, seed: 6)
            let sqs = try await Self.published(test, framework: "sqs", seed: 7)
            let late = try await test.store.plans.addPlanAction(inspection: cciA.id, try Self.action(due: "2026-05-31"), actor: "A")
            let later = try await test.store.plans.addPlanAction(inspection: cciB.id, try Self.action(2, due: "2026-06-15", status: .inProgress), actor: "B")
            _ = try await test.store.plans.addPlanAction(inspection: cciB.id, try Self.action(due: "2026-05-01", status: .done), actor: "B")
            _ = try await test.store.plans.addPlanAction(inspection: cciB.id, try Self.action(due: "2026-05-01", status: .dropped, reason: "Synthetic"), actor: "B")
            _ = try await test.store.plans.addPlanAction(inspection: cciA.id, try Self.action(due: "2026-07-31"), actor: "A")
            let sqsLate = try await test.store.plans.addPlanAction(inspection: sqs.id, try Self.action(due: "2026-06-30"), actor: "C")
            // An inspection not yet published has no plan to count, even with recommendations.
            let (draft, _) = try await test.seededInspection(cases: 2, seed: 8)
            try await test.store.reports.saveRecommendations(inspection: draft.id, Self.recommendations, actor: "Test Lead")

            let day = Self.day("2026-07-01")
            let all = try await test.store.plans.overdueActions(on: day)
            #expect(all.map(\.action.id) == [late.id, later.id, sqsLate.id], "longest overdue first; done and dropped actions are not overdue")
            #expect(all.map(\.daysOverdue) == [31, 16, 1])
            #expect(all.first?.inspection.id == cciA.id)
            #expect(all.first?.recommendation == Self.recommendations[0])
            #expect(all[1].recommendation.responsible == "Chair of the Management Board")
            #expect(try await test.store.plans.overdueActions(programme: "sqs", on: day).map(\.action.id) == [sqsLate.id])
            #expect(try await test.store.plans.overdueActions(programme: "cci", on: day).map(\.action.id) == [late.id, later.id])
            #expect(try await test.store.plans.overdueActions(programme: "fji", on: day).isEmpty)
            // The due date itself is still on time.
            #expect(try await test.store.plans.overdueActions(on: Self.day("2026-05-31")).isEmpty)
            let plans = try await test.store.plans.plans()
            #expect(Set(plans.map(\.inspection.id)) == [cciA.id, cciB.id, sqs.id], "every published inspection, and only those")
            #expect(plans.first { $0.inspection.id == cciB.id }?.summary(on: day).total == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func theArchiveCarriesThePlan(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let inspection = try await Self.published(test)
            let added = try await test.store.plans.addPlanAction(inspection: inspection.id, try Self.action(), actor: "A")
            _ = try await test.store.plans.updatePlanAction(inspection: inspection.id, action: added.id, try Self.action(status: .inProgress),
                                                      baseVersion: 1, actor: "B")
            _ = try await test.store.plans.addProgressUpdate(inspection: inspection.id, action: added.id, try Self.update("2026-04-01", evidence: "Synthetic minutes"),
                                                       actor: "B", today: Self.day("2026-04-02"))
            let archive = try await test.store.archives.export(inspection: inspection.id)
            let plan = try #require(archive.plan)
            #expect(plan.actions.count == 1 && plan.actions[0].version == 2 && plan.actions[0].updates.count == 1)

            let read = try InspectionArchive.read(try archive.jsonData(), file: "plan.json")
            let copy = try await test.store.archives.importArchive(read, file: "plan.json", actor: "Importer")
            let copied = try await test.store.plans.plan(inspection: copy.id)
            #expect(copied.actions.map(\.details) == [try Self.action(status: .inProgress)])
            #expect(copied.actions.first?.version == 2 && copied.actions.first?.updatedBy == "B")
            #expect(copied.actions.first?.updates.map(\.details.evidence) == ["Synthetic minutes"])
            #expect(try await test.store.archives.export(inspection: copy.id).plan == plan)

            // An archive whose plan answers a recommendation its report lacks is refused before anything is written.
            let inspectionsBefore = try await test.count("inspections")
            var json = String(decoding: try archive.jsonData(), as: UTF8.self)
            json = json.replacingOccurrences(of: "\"recommendation\" : 1", with: "\"recommendation\" : 5")
            let broken = try InspectionArchive.read(Data(json.utf8), file: "broken.json")
            await #expect(throws: StoreError.self) { try await test.store.archives.importArchive(broken, file: "broken.json", actor: "Importer") }
            #expect(try await test.count("inspections") == inspectionsBefore)
        }
    }
}
