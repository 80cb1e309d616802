import Foundation
import SQLKit
import YJICore

/// The sample as the store keeps it: the draw, its replacements and the allocation, each a JSON document per inspection.
extension Store {
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
        return try await transaction { db in
            _ = try await inspection(db, id: inspectionID)
            if let existing = try await db.raw("SELECT row_count FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first() {
                let rows = try existing.decode(column: "row_count", as: Int.self)
                throw StoreError.invalid("inspection \(inspectionID) already has a caseload of \(rows) cases; a caseload is imported once")
            }
            try await db.raw("""
                INSERT INTO caseloads (inspection_id, file_name, row_count, csv, imported_at)
                VALUES (\(bind: inspectionID), \(bind: file), \(bind: contents.entries.count), \(bind: text), \(bind: storeTimestamp()))
                """).run()
            try await audit(db, actor: actor, inspectionID: inspectionID, entity: "caseload", entityID: String(inspectionID),
                            action: "create", before: Optional<String>.none, after: "\(contents.entries.count) cases from \(file)",
                            reason: "imported from \(file)")
            return contents.entries.count
        }
    }

    /// How many cases the inspection's caseload holds, or nil if none has been imported.
    public func caseloadSummary(inspection inspectionID: Int) async throws -> Int? {
        try await transaction(.read) { db in
            try await db.raw("SELECT row_count FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first()?
                .decode(column: "row_count", as: Int.self)
        }
    }

    /// The inspection's caseload, in import order.
    public func caseload(inspection inspectionID: Int) async throws -> [CaseloadEntry] {
        try await transaction(.read) { db in try await caseload(db, inspection: inspectionID) }
    }

    func caseload(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [CaseloadEntry] {
        guard let row = try await db.raw("SELECT csv FROM caseloads WHERE inspection_id = \(bind: inspectionID)").first() else { return [] }
        let text = try row.decode(column: "csv", as: String.self)
        do throws(ProblemList) {
            return try CaseloadFile.read(text, file: "stored caseload of inspection \(inspectionID)").entries
        } catch {
            throw StoreError.problems(error)
        }
    }

    /// The current sample, if one has been drawn.
    public func sample(inspection inspectionID: Int) async throws -> Sample? {
        try await transaction(.read) { db in try await sample(db, inspection: inspectionID) }
    }

    func sample(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> Sample? {
        guard let row = try await db.raw("SELECT document FROM samples WHERE inspection_id = \(bind: inspectionID)").first() else { return nil }
        return try JSONDecoder().decode(Sample.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }

    /// Draws the inspection's sample from its caseload and makes the selected cases the inspection's cases.
    /// Refused once any case has a judgement: from then on cases are replaced one by one, with a reason.
    public func drawSample(inspection inspectionID: Int, asOf: CalendarDate, size: Int?, seed: UInt64, actor: String) async throws -> Sample {
        try await transaction { db in
            let inspection = try await inspection(db, id: inspectionID)
            let framework = try await framework(db, of: inspection)
            guard let rules = framework.sampling else {
                throw StoreError.invalid("framework \(framework.id) has no sampling rules")
            }
            let judged = try await db.raw("SELECT COUNT(*) AS n FROM judgements WHERE inspection_id = \(bind: inspectionID)")
                .first()!.decode(column: "n", as: Int.self)
            guard judged == 0 else {
                throw StoreError.invalid("inspection \(inspectionID) already has judgements; replace cases one at a time instead of redrawing")
            }
            let caseload = try await caseload(db, inspection: inspectionID)
            guard !caseload.isEmpty else { throw StoreError.invalid("inspection \(inspectionID) has no caseload; import one first") }
            let sample: Sample
            do throws(SamplingError) {
                sample = try SampleDraw.draw(caseload: caseload, rules: rules, asOf: asOf, size: size, seed: seed)
            } catch {
                throw StoreError.invalid(error.description)
            }
            let previous = try await self.sample(db, inspection: inspectionID)
            // A redraw (allowed only before any judgement) removes the earlier sample's cases, each with its audit row.
            for removed in try await cases(db, inspection: inspectionID) {
                try await audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: removed.id, action: "delete",
                                before: removed, after: Optional<CaseRecord>.none, reason: "sample redrawn with seed \(seed)")
            }
            try await db.raw("DELETE FROM cases WHERE inspection_id = \(bind: inspectionID)").run()
            let byID = Dictionary(caseload.map { ($0.record.id, $0) }, uniquingKeysWith: { first, _ in first })
            for selected in sample.selected {
                try await insertCase(db, byID[selected.caseID]!.record, inspection: inspectionID, actor: actor, reason: "drawn in the sample")
            }
            try await saveSample(db, sample, inspection: inspectionID, replacing: previous, actor: actor,
                                 reason: "drawn with seed \(seed), size \(sample.selected.count)")
            return sample
        }
    }

    /// Replaces one sampled case (it must have no judgements) by the next case of its stratum; the reason is required.
    public func replaceSampledCase(inspection inspectionID: Int, caseID: String, because reason: String, actor: String) async throws -> Sample {
        try await transaction { db in
            guard let sample = try await sample(db, inspection: inspectionID) else {
                throw StoreError.invalid("inspection \(inspectionID) has no sample yet")
            }
            let judged = try await judgements(db, inspection: inspectionID, caseRef: caseID)
            guard judged.isEmpty else { throw StoreError.invalid("case \(caseID) already has \(judged.count) judgements; it cannot be replaced") }
            let updated: Sample
            do throws(SamplingError) { updated = try sample.replacing(caseID, because: reason) } catch { throw StoreError.invalid(error.description) }
            let caseload = try await caseload(db, inspection: inspectionID)
            let added = Set(updated.selected.map(\.caseID)).subtracting(sample.selected.map(\.caseID))
            let removed = try await cases(db, inspection: inspectionID, caseRef: caseID)
            try await db.raw("DELETE FROM cases WHERE inspection_id = \(bind: inspectionID) AND case_ref = \(bind: caseID)").run()
            try await audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: caseID, action: "delete",
                            before: removed.first, after: Optional<CaseRecord>.none, reason: reason)
            for entry in caseload where added.contains(entry.record.id) {
                try await insertCase(db, entry.record, inspection: inspectionID, actor: actor, reason: "replaces \(caseID): \(reason)")
            }
            try await saveSample(db, updated, inspection: inspectionID, replacing: sample, actor: actor, reason: "replaced \(caseID): \(reason)")
            return updated
        }
    }

    private func saveSample(_ db: any SQLDatabase, _ sample: Sample, inspection inspectionID: Int, replacing previous: Sample?,
                            actor: String, reason: String) async throws {
        let json = try Self.auditJSON(sample)
        if previous == nil {
            try await db.raw("INSERT INTO samples (inspection_id, document) VALUES (\(bind: inspectionID), \(bind: json))").run()
        } else {
            try await db.raw("UPDATE samples SET document = \(bind: json) WHERE inspection_id = \(bind: inspectionID)").run()
        }
        try await audit(db, actor: actor, inspectionID: inspectionID, entity: "sample", entityID: String(inspectionID),
                        action: previous == nil ? "create" : "update", before: previous, after: sample, reason: reason)
    }

    /// Allocates the sampled cases to the team and books interviews over the fieldwork days; replaces any earlier plan.
    public func allocate(inspection inspectionID: Int, team: [TeamMember], slotsPerDay: Int, actor: String) async throws -> AllocationPlan {
        try await transaction { db in
            let inspection = try await inspection(db, id: inspectionID)
            guard let start = inspection.fieldworkStart.flatMap(CalendarDate.parse),
                  let end = inspection.fieldworkEnd.flatMap(CalendarDate.parse) else {
                throw StoreError.invalid("inspection \(inspectionID) needs fieldwork dates to book interviews")
            }
            let days = (0...max(0, end.days(since: start))).map { start.adding(days: $0) }
            let sampled = Set(try await cases(db, inspection: inspectionID).map(\.id))
            let entries = try await caseload(db, inspection: inspectionID).filter { sampled.contains($0.record.id) }
            guard !entries.isEmpty else { throw StoreError.invalid("inspection \(inspectionID) has no sampled cases to allocate") }
            let plan: AllocationPlan
            do throws(AllocationError) {
                plan = try Allocator.allocate(cases: entries, team: team, fieldworkDays: days, slotsPerDay: slotsPerDay)
            } catch {
                throw StoreError.invalid(error.description)
            }
            let previous = try await allocation(db, inspection: inspectionID)
            let json = try Self.auditJSON(plan)
            if previous == nil {
                try await db.raw("INSERT INTO allocations (inspection_id, document) VALUES (\(bind: inspectionID), \(bind: json))").run()
            } else {
                try await db.raw("UPDATE allocations SET document = \(bind: json) WHERE inspection_id = \(bind: inspectionID)").run()
            }
            try await audit(db, actor: actor, inspectionID: inspectionID, entity: "allocation", entityID: String(inspectionID),
                            action: previous == nil ? "create" : "update", before: previous, after: plan, reason: "allocated")
            return plan
        }
    }

    /// Gives one case to another assessor, keeping its interview slot unless that would double-book them.
    public func reassign(inspection inspectionID: Int, caseID: String, to assessor: String, because reason: String, actor: String) async throws -> AllocationPlan {
        try await transaction { db in
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalid("a reassignment needs a reason") }
            guard let plan = try await allocation(db, inspection: inspectionID) else {
                throw StoreError.invalid("inspection \(inspectionID) has not been allocated yet")
            }
            let updated: AllocationPlan
            do throws(AllocationError) { updated = try plan.reassigning(caseID, to: assessor) } catch { throw StoreError.invalid(error.description) }
            try await db.raw("UPDATE allocations SET document = \(bind: try Self.auditJSON(updated)) WHERE inspection_id = \(bind: inspectionID)").run()
            try await audit(db, actor: actor, inspectionID: inspectionID, entity: "allocation", entityID: caseID,
                            action: "update", before: plan, after: updated, reason: reason)
            return updated
        }
    }

    /// The current allocation plan, if any.
    public func allocation(inspection inspectionID: Int) async throws -> AllocationPlan? {
        try await transaction(.read) { db in try await allocation(db, inspection: inspectionID) }
    }

    func allocation(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> AllocationPlan? {
        guard let row = try await db.raw("SELECT document FROM allocations WHERE inspection_id = \(bind: inspectionID)").first() else { return nil }
        return try JSONDecoder().decode(AllocationPlan.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }
}
