import Foundation
import SQLKit
import YJICore

/// The service's caseload, the sample drawn from it, replacements, and the allocation of sampled cases.
public struct SamplingRepository: Sendable {
    let store: Store
}

extension SamplingRepository {
    /// Imports a service's caseload into an inspection: all rows, or (on any problem) none.
    @discardableResult
    public func importCaseload(inspection inspectionID: Int, csv text: String, file: String, actor: String) async throws -> Int {
        try await importCaseload(inspection: inspectionID, data: Data(text.utf8), file: file, actor: actor)
    }

    /// Imports a caseload from the file's bytes (a file that is not text is refused at its first bad line).
    @discardableResult
    public func importCaseload(inspection inspectionID: Int, data: Data, file: String, actor: String) async throws -> Int {
        let contents: CaseloadFile.Contents
        do throws(ProblemList) { contents = try CaseloadFile.read(data: data, file: file) } catch { throw StoreError.problems(error) }
        // Kept as given (it has just been read without a problem, so it reads the same again), which spares
        // rewriting a large file.
        let text = String(decoding: data, as: UTF8.self)
        return try await store.transaction { db in
            _ = try await store.inspections.inspection(db, id: inspectionID)
            if let existing = try await db.raw("SELECT row_count FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first() {
                let rows = try existing.decode(column: "row_count", as: Int.self)
                throw StoreError.invalid("inspection \(inspectionID) already has a caseload of \(rows) cases; a caseload is imported once")
            }
            try await db.raw("""
                INSERT INTO caseloads (inspection_id, file_name, row_count, csv, imported_at)
                VALUES (\(bind: inspectionID), \(bind: file), \(bind: contents.entries.count), \(bind: text), \(bind: isoTimestamp()))
                """).run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "caseload", entityID: String(inspectionID),
                            action: "create", before: Optional<String>.none, after: "\(contents.entries.count) cases from \(file)",
                            reason: "imported from \(file)")
            return contents.entries.count
        }
    }

    /// How many cases the inspection's caseload holds, or nil if none has been imported.
    public func caseloadSummary(inspection inspectionID: Int) async throws -> Int? {
        try await store.transaction(.read) { db in
            try await db.raw("SELECT row_count FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first()?
                .decode(column: "row_count", as: Int.self)
        }
    }

    /// The inspection's caseload, in import order.
    public func caseload(inspection inspectionID: Int) async throws -> [CaseloadEntry] {
        try await store.transaction(.read) { db in try await caseload(db, inspection: inspectionID) }
    }

    /// The current sample, if one has been drawn.
    public func sample(inspection inspectionID: Int) async throws -> Sample? {
        try await store.transaction(.read) { db in try await sample(db, inspection: inspectionID) }
    }

    /// What drawing the sample again would change, without changing anything: the cases leaving and joining it.
    /// Refused, as the draw is, once any case has a judgement.
    public func samplePreview(inspection inspectionID: Int, asOf: CalendarDate, size: Int?, seed: UInt64) async throws
        -> (sample: Sample, changes: SampleChanges) {
        try await store.transaction(.read) { db in
            let planned = try await plannedDraw(db, inspection: inspectionID, asOf: asOf, size: size, seed: seed)
            return (planned.sample, planned.changes)
        }
    }

    /// Draws the inspection's sample from its caseload and makes the selected cases the inspection's cases.
    /// Refused once any case has a judgement: from then on cases are replaced one by one, with a reason.
    ///
    /// With `confirming`, the fingerprint of the preview the person saw, the draw happens only if it would still make
    /// exactly those changes; otherwise it throws `StalePreview` and nothing changes. Only the cases that leave and
    /// join the sample are deleted and added, each with its own audit row.
    public func drawSample(inspection inspectionID: Int, asOf: CalendarDate, size: Int?, seed: UInt64, confirming: String? = nil,
                           actor: String) async throws -> Sample {
        try await store.transaction { db in
            let planned = try await plannedDraw(db, inspection: inspectionID, asOf: asOf, size: size, seed: seed)
            if let confirming, confirming != planned.changes.fingerprint { throw StalePreview(changes: .sample(planned.changes)) }
            let sample = planned.sample
            if planned.previous == sample { return sample }
            let leaving = Set(planned.changes.leaving.map(\.caseID))
            for removed in try await store.assessment.cases(db, inspection: inspectionID) where leaving.contains(removed.id) {
                try await db.raw("DELETE FROM cases WHERE inspection_id = \(bind: inspectionID) AND case_ref = \(bind: removed.id)").run()
                try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: removed.id, action: "delete",
                                before: removed, after: Optional<CaseRecord>.none, reason: "sample redrawn with seed \(seed)")
            }
            let byID = Dictionary(planned.caseload.map { ($0.record.id, $0) }, uniquingKeysWith: { first, _ in first })
            for joining in planned.changes.joining {
                try await store.assessment.insertCase(db, byID[joining.caseID]!.record, inspection: inspectionID, actor: actor,
                                     reason: planned.previous == nil ? "drawn in the sample" : "drawn in the sample with seed \(seed)")
            }
            try await saveSample(db, sample, inspection: inspectionID, replacing: planned.previous, actor: actor,
                                 reason: "drawn with seed \(seed), size \(sample.selected.count)")
            return sample
        }
    }

    /// What replacing one sampled case would change, without changing anything: the case leaving and the one joining.
    public func replacementPreview(inspection inspectionID: Int, caseID: String, because reason: String) async throws
        -> (sample: Sample, changes: SampleChanges) {
        try await store.transaction(.read) { db in
            let planned = try await plannedReplacement(db, inspection: inspectionID, caseID: caseID, because: reason)
            return (planned.sample, planned.changes)
        }
    }

    /// Replaces one sampled case (it must have no judgements) by the next case of its stratum; the reason is required.
    /// With `confirming`, only if it would still make exactly the changes of that preview (else `StalePreview`).
    public func replaceSampledCase(inspection inspectionID: Int, caseID: String, because reason: String, confirming: String? = nil,
                                   actor: String) async throws -> Sample {
        try await store.transaction { db in
            let planned = try await plannedReplacement(db, inspection: inspectionID, caseID: caseID, because: reason)
            if let confirming, confirming != planned.changes.fingerprint { throw StalePreview(changes: .sample(planned.changes)) }
            let caseload = try await caseload(db, inspection: inspectionID)
            let added = Set(planned.changes.joining.map(\.caseID))
            let removed = try await store.assessment.cases(db, inspection: inspectionID, caseRef: caseID)
            try await db.raw("DELETE FROM cases WHERE inspection_id = \(bind: inspectionID) AND case_ref = \(bind: caseID)").run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: caseID, action: "delete",
                            before: removed.first, after: Optional<CaseRecord>.none, reason: reason)
            for entry in caseload where added.contains(entry.record.id) {
                try await store.assessment.insertCase(db, entry.record, inspection: inspectionID, actor: actor, reason: "replaces \(caseID): \(reason)")
            }
            try await saveSample(db, planned.sample, inspection: inspectionID, replacing: planned.previous, actor: actor,
                                 reason: "replaced \(caseID): \(reason)")
            return planned.sample
        }
    }

    /// What allocating the sampled cases to this team would change, without changing anything: each case that moves
    /// between assessors, each interview that changes, and the started work that would move.
    public func allocationPreview(inspection inspectionID: Int, team: [TeamMember], slotsPerDay: Int) async throws
        -> (plan: AllocationPlan, changes: AllocationChanges) {
        try await store.transaction(.read) { db in
            let planned = try await plannedAllocation(db, inspection: inspectionID, team: team, slotsPerDay: slotsPerDay)
            return (planned.plan, planned.changes)
        }
    }

    /// Allocates the sampled cases to the team and books interviews over the fieldwork days; replaces any earlier plan.
    ///
    /// Every case whose assessor or interview changes gets its own audit row (assessor and slot before and after), as
    /// well as the row for the plan as a whole. With `confirming`, the fingerprint of the preview the person saw, the
    /// plan is replaced only if it would still make exactly those changes; otherwise it throws `StalePreview`.
    public func allocate(inspection inspectionID: Int, team: [TeamMember], slotsPerDay: Int, confirming: String? = nil,
                         actor: String) async throws -> AllocationPlan {
        try await store.transaction { db in
            let planned = try await plannedAllocation(db, inspection: inspectionID, team: team, slotsPerDay: slotsPerDay)
            if let confirming, confirming != planned.changes.fingerprint { throw StalePreview(changes: .allocation(planned.changes)) }
            let (previous, plan) = (planned.previous, planned.plan)
            if previous == plan { return plan }
            let json = try Store.auditJSON(plan)
            if previous == nil {
                try await db.raw("INSERT INTO allocations (inspection_id, document) VALUES (\(bind: inspectionID), \(bind: json))").run()
            } else {
                try await db.raw("UPDATE allocations SET document = \(bind: json) WHERE inspection_id = \(bind: inspectionID)").run()
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "allocation", entityID: String(inspectionID),
                            action: previous == nil ? "create" : "update", before: previous, after: plan, reason: "allocated")
            let before = Dictionary((previous?.allocations ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(plan.allocations.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
            let now = isoTimestamp()
            try await store.audit(db, try planned.changes.changes.map { change in
                AuditEntry(id: 0, recordedAt: now, actor: actor, inspectionID: inspectionID, entity: "allocation", entityID: change.caseID,
                           action: change.joins ? "create" : change.leaves ? "delete" : "update",
                           before: try before[change.caseID].map { try Store.auditJSON($0) },
                           after: try after[change.caseID].map { try Store.auditJSON($0) },
                           reason: (previous == nil ? "allocated: " : "allocated again: ") + change.summary)
            })
            return plan
        }
    }

    /// Gives one case to another assessor, keeping its interview slot unless that would double-book them.
    public func reassign(inspection inspectionID: Int, caseID: String, to assessor: String, because reason: String, actor: String) async throws -> AllocationPlan {
        try await store.transaction { db in
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalid("a reassignment needs a reason") }
            guard let plan = try await allocation(db, inspection: inspectionID) else {
                throw StoreError.invalid("inspection \(inspectionID) has not been allocated yet")
            }
            let updated: AllocationPlan
            do throws(AllocationError) { updated = try plan.reassigning(caseID, to: assessor) } catch { throw StoreError.invalid(error.description) }
            try await db.raw("UPDATE allocations SET document = \(bind: try Store.auditJSON(updated)) WHERE inspection_id = \(bind: inspectionID)").run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "allocation", entityID: caseID,
                            action: "update", before: plan, after: updated, reason: reason)
            return updated
        }
    }

    /// The current allocation plan, if any.
    public func allocation(inspection inspectionID: Int) async throws -> AllocationPlan? {
        try await store.transaction(.read) { db in try await allocation(db, inspection: inspectionID) }
    }
}

/// The sample as the store keeps it: the draw, its replacements and the allocation, each a JSON document per inspection.
extension SamplingRepository {
    func caseload(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [CaseloadEntry] {
        guard let row = try await db.raw("SELECT csv FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first() else { return [] }
        let text = try row.decode(column: "csv", as: String.self)
        do throws(ProblemList) {
            return try CaseloadFile.read(text, file: "stored caseload of inspection \(inspectionID)").entries
        } catch {
            throw StoreError.problems(error)
        }
    }

    func sample(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> Sample? {
        guard let row = try await db.raw("SELECT document FROM samples WHERE inspection_id = \(bind: inspectionID)").first() else { return nil }
        return try JSONDecoder().decode(Sample.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }

    fileprivate func plannedDraw(_ db: any SQLDatabase, inspection inspectionID: Int, asOf: CalendarDate, size: Int?, seed: UInt64) async throws
        -> (previous: Sample?, sample: Sample, changes: SampleChanges, caseload: [CaseloadEntry]) {
        let inspection = try await store.inspections.inspection(db, id: inspectionID)
        let framework = try await store.inspections.framework(db, of: inspection)
        guard let rules = framework.sampling else {
            throw StoreError.invalid("framework \(framework.id) has no sampling rules")
        }
        let judgements = try await judgementCounts(db, inspection: inspectionID)
        guard judgements.isEmpty else {
            throw StoreError.invalid("inspection \(inspectionID) already has judgements; replace cases one at a time instead of redrawing")
        }
        let caseload = try await caseload(db, inspection: inspectionID)
        guard !caseload.isEmpty else { throw StoreError.invalid("inspection \(inspectionID) has no caseload; import one first") }
        let sample: Sample
        do throws(SamplingError) {
            sample = try SampleDraw.draw(caseload: caseload, rules: rules, asOf: asOf, size: size, seed: seed)
        } catch {
            throw error.isAboutSize ? StoreError.invalidField(field: "size", message: error.description) : StoreError.invalid(error.description)
        }
        let previous = try await self.sample(db, inspection: inspectionID)
        let changes = SampleChanges.between(previous, sample, judgements: judgements,
                                            allocation: try await allocation(db, inspection: inspectionID))
        return (previous, sample, changes, caseload)
    }

    fileprivate func plannedReplacement(_ db: any SQLDatabase, inspection inspectionID: Int, caseID: String, because reason: String) async throws
        -> (previous: Sample, sample: Sample, changes: SampleChanges) {
        guard let sample = try await sample(db, inspection: inspectionID) else {
            throw StoreError.invalid("inspection \(inspectionID) has no sample yet")
        }
        let judgements = try await judgementCounts(db, inspection: inspectionID)
        if let judged = judgements[caseID], judged > 0 {
            throw StoreError.invalid("case \(caseID) already has \(judged) judgements; it cannot be replaced")
        }
        let updated: Sample
        do throws(SamplingError) { updated = try sample.replacing(caseID, because: reason) } catch { throw StoreError.invalid(error.description) }
        let changes = SampleChanges.between(sample, updated, judgements: judgements,
                                            allocation: try await allocation(db, inspection: inspectionID))
        return (sample, updated, changes)
    }

    /// Recorded judgements per case reference (cases without any are absent).
    fileprivate func judgementCounts(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [String: Int] {
        let rows = try await db.raw("""
            SELECT c.case_ref, COUNT(*) AS n FROM judgements j JOIN cases c ON c.id = j.case_id
            WHERE j.inspection_id = \(bind: inspectionID) GROUP BY c.case_ref
            """).all()
        return Dictionary(try rows.map { (try $0.decode(column: "case_ref", as: String.self), try $0.decode(column: "n", as: Int.self)) },
                          uniquingKeysWith: { first, _ in first })
    }

    fileprivate func saveSample(_ db: any SQLDatabase, _ sample: Sample, inspection inspectionID: Int, replacing previous: Sample?,
                            actor: String, reason: String) async throws {
        let json = try Store.auditJSON(sample)
        if previous == nil {
            try await db.raw("INSERT INTO samples (inspection_id, document) VALUES (\(bind: inspectionID), \(bind: json))").run()
        } else {
            try await db.raw("UPDATE samples SET document = \(bind: json) WHERE inspection_id = \(bind: inspectionID)").run()
        }
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "sample", entityID: String(inspectionID),
                        action: previous == nil ? "create" : "update", before: previous, after: sample, reason: reason)
    }

    fileprivate func plannedAllocation(_ db: any SQLDatabase, inspection inspectionID: Int, team: [TeamMember], slotsPerDay: Int) async throws
        -> (previous: AllocationPlan?, plan: AllocationPlan, changes: AllocationChanges) {
        let inspection = try await store.inspections.inspection(db, id: inspectionID)
        guard let start = inspection.fieldworkStart,
              let end = inspection.fieldworkEnd else {
            throw StoreError.invalid("inspection \(inspectionID) needs fieldwork dates to book interviews")
        }
        let days = (0...max(0, end.days(since: start))).map { start.adding(days: $0) }
        let sampled = Set(try await store.assessment.cases(db, inspection: inspectionID).map(\.id))
        let entries = try await caseload(db, inspection: inspectionID).filter { sampled.contains($0.record.id) }
        guard !entries.isEmpty else { throw StoreError.invalid("inspection \(inspectionID) has no sampled cases to allocate") }
        let plan: AllocationPlan
        do throws(AllocationError) {
            plan = try Allocator.allocate(cases: entries, team: team, fieldworkDays: days, slotsPerDay: slotsPerDay)
        } catch {
            throw StoreError.invalid(error.description)
        }
        let previous = try await allocation(db, inspection: inspectionID)
        var work = try await judgementCounts(db, inspection: inspectionID).mapValues { $0 > 0 ? CaseWork.inProgress : .notStarted }
        for row in try await db.raw("""
            SELECT case_ref FROM cases WHERE inspection_id = \(bind: inspectionID) AND assessed_at IS NOT NULL
            """).all() {
            work[try row.decode(column: "case_ref", as: String.self)] = .assessed
        }
        return (previous, plan, AllocationChanges.between(previous, plan, work: work))
    }

    func allocation(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> AllocationPlan? {
        guard let row = try await db.raw("SELECT document FROM allocations WHERE inspection_id = \(bind: inspectionID)").first() else { return nil }
        return try JSONDecoder().decode(AllocationPlan.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }
}

/// A confirmation named a preview whose changes are no longer what the change would do (someone else changed the
/// sample, the allocation or a case's progress in between); nothing was changed, and `changes` is the preview as it is now.
public struct StalePreview: Error, Sendable, CustomStringConvertible {
    /// The preview a confirmation was checked against.
    public enum Changes: Sendable, Hashable {
        case sample(SampleChanges)
        case allocation(AllocationChanges)
    }

    public let changes: Changes

    public var description: String {
        "the sample, the allocation or a case's progress changed after you checked, so nothing has been changed: check the changes "
            + "as they are now and confirm again"
    }
}

