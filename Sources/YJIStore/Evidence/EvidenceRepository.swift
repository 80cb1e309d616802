import Foundation
import SQLKit
import YJICore

/// Evidence beyond case files: contextual indicators, findings, practice examples, questionnaires and interviews.
public struct EvidenceRepository: Sendable {
    let store: Store
}

extension EvidenceRepository {
    /// Counts of questionnaire responses (and interviews), findings and practice examples.
    public func evidenceSummary(inspection inspectionID: Int) async throws -> EvidenceSummary {
        try await store.transaction(.read) { db in
            func count(_ table: String) async throws -> Int {
                try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE inspection_id = \(bind: inspectionID)")
                    .first()!.decode(column: "n", as: Int.self)
            }
            return EvidenceSummary(responses: try await count("questionnaire_responses"), findings: try await count("structured_findings"),
                                   examples: try await count("practice_examples"))
        }
    }

    /// Saves an area's indicators for a period, replacing any earlier figures for the same area and period.
    /// The area must already exist (it is created with its first inspection).
    public func saveIndicators(_ indicators: ContextualIndicators, actor: String) async throws {
        try await store.transaction { db in try await saveIndicators(db, indicators, actor: actor, reason: "entered") }
    }

    /// Imports indicators from CSV (one row per area and period): all rows, or on any problem none.
    @discardableResult
    public func importIndicators(csv text: String, file: String, actor: String) async throws -> Int {
        let rows: [ContextualIndicators]
        do throws(ProblemList) { rows = try ContextualIndicatorFile.read(text, file: file) } catch { throw StoreError.problems(error) }
        return try await store.transaction { db in
            for indicators in rows { try await saveIndicators(db, indicators, actor: actor, reason: "imported from \(file)") }
            return rows.count
        }
    }

    /// An area's indicators, newest period first.
    public func indicators(area areaID: Int) async throws -> [ContextualIndicators] {
        try await store.transaction(.read) { db in try await indicators(db, areaID: areaID) }
    }

    /// Adds a finding (governance, operational management, a theme or a criterion) to an inspection; returns it with its id.
    @discardableResult
    public func addFinding(inspection inspectionID: Int, _ finding: StructuredFinding, actor: String) async throws -> StructuredFinding {
        return try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            return try await insertFinding(db, finding, inspection: inspectionID, actor: actor, reason: "recorded")
        }
    }

    /// An inspection's findings in the order they were recorded.
    public func findings(inspection inspectionID: Int) async throws -> [StructuredFinding] {
        try await store.transaction(.read) { db in try await findings(db, inspection: inspectionID) }
    }

    /// Adds a practice example or quote; one about a child must have had the names changed.
    @discardableResult
    public func addPracticeExample(inspection inspectionID: Int, _ example: PracticeExample, actor: String) async throws -> PracticeExample {
        return try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            return try await insertPracticeExample(db, example, inspection: inspectionID, actor: actor, reason: "recorded")
        }
    }

    /// Rewrites a practice example's or quote's text (to change a name the anonymisation check found, say), keeping
    /// what it is about; the rule that a child's story has had its names changed still holds.
    @discardableResult
    public func updatePracticeExample(inspection inspectionID: Int, id: Int, text: String, namesChanged: Bool,
                                      actor: String) async throws -> PracticeExample {
        try await store.transaction { db in
            guard let before = try await practiceExamples(db, inspection: inspectionID).first(where: { $0.id == id }) else {
                throw StoreError.notFound("practice example \(id) of inspection \(inspectionID)")
            }
            var after = before
            after.text = text
            after.namesChanged = namesChanged
            let problems = after.validate()
            guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
            if after == before { return before }
            try await db.raw("""
                UPDATE practice_examples SET text = \(bind: text), names_changed = \(bind: namesChanged)
                WHERE id = \(bind: id) AND inspection_id = \(bind: inspectionID)
                """).run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "practice-example", entityID: String(id),
                            action: "update", before: before, after: after, reason: "edited")
            return after
        }
    }

    /// An inspection's practice examples and quotes in the order they were recorded.
    public func practiceExamples(inspection inspectionID: Int) async throws -> [PracticeExample] {
        try await store.transaction(.read) { db in try await practiceExamples(db, inspection: inspectionID) }
    }
}

extension EvidenceRepository {
    func saveIndicators(_ db: any SQLDatabase, _ indicators: ContextualIndicators, actor: String, reason: String) async throws {
        guard let areaRow = try await db.raw("SELECT id FROM areas WHERE name = \(bind: indicators.area)").first() else {
            throw StoreError.notFound("no area named '\(indicators.area)': create an inspection of it first")
        }
        let areaID = try areaRow.decode(column: "id", as: Int.self)
        let previous = try await self.indicators(db, areaID: areaID).first { $0.period == indicators.period }
        let document = try Store.auditJSON(indicators)
        if previous == nil {
            try await db.raw("""
                INSERT INTO contextual_indicators (area_id, period, document) VALUES (\(bind: areaID), \(bind: indicators.period), \(bind: document))
                """).run()
        } else {
            try await db.raw("""
                UPDATE contextual_indicators SET document = \(bind: document) WHERE area_id = \(bind: areaID) AND period = \(bind: indicators.period)
                """).run()
        }
        try await store.audit(db, actor: actor, inspectionID: nil, entity: "indicators", entityID: "\(indicators.area)/\(indicators.period)",
                        action: previous == nil ? "create" : "update", before: previous, after: indicators, reason: reason)
    }

    func indicators(_ db: any SQLDatabase, areaID: Int) async throws -> [ContextualIndicators] {
        try await db.raw("SELECT document FROM contextual_indicators WHERE area_id = \(bind: areaID) ORDER BY period DESC").all().map {
            try JSONDecoder().decode(ContextualIndicators.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
        }
    }

    func insertFinding(_ db: any SQLDatabase, _ finding: StructuredFinding, inspection inspectionID: Int, actor: String,
                       reason: String) async throws -> StructuredFinding {
        var problems = finding.validate()
        // A judgement is a label of the scorecard (a judged section's), so it must be one the framework's scale prints.
        let framework = try await store.inspections.framework(db, of: try await store.inspections.inspection(db, id: inspectionID))
        if let problem = InspectorsRatings.judgementProblem(finding, framework: framework) { problems.append(problem) }
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        var stored = finding
        stored.id = nil
        let id = try await db.raw("""
            INSERT INTO structured_findings (inspection_id, area, document)
            VALUES (\(bind: inspectionID), \(bind: finding.area.description), \(bind: try Store.auditJSON(stored)))
            RETURNING id
            """).first()!.decode(column: "id", as: Int.self)
        stored.id = id
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "finding", entityID: String(id), action: "create",
                        before: Optional<StructuredFinding>.none, after: stored, reason: reason)
        return stored
    }

    func findings(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [StructuredFinding] {
        try await db.raw("SELECT id, document FROM structured_findings WHERE inspection_id = \(bind: inspectionID) ORDER BY id").all().map { row in
            var finding = try JSONDecoder().decode(StructuredFinding.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
            finding.id = try row.decode(column: "id", as: Int.self)
            return finding
        }
    }

    func insertPracticeExample(_ db: any SQLDatabase, _ example: PracticeExample, inspection inspectionID: Int, actor: String,
                               reason: String) async throws -> PracticeExample {
        let problems = example.validate()
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        let id = try await db.raw("""
            INSERT INTO practice_examples (inspection_id, area, kind, text, names_changed)
            VALUES (\(bind: inspectionID), \(bind: example.area.description), \(bind: example.kind.rawValue), \(bind: example.text),
                    \(bind: example.namesChanged))
            RETURNING id
            """).first()!.decode(column: "id", as: Int.self)
        var stored = example
        stored.id = id
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "practice-example", entityID: String(id), action: "create",
                        before: Optional<PracticeExample>.none, after: stored, reason: reason)
        return stored
    }

    func practiceExamples(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [PracticeExample] {
        try await db.raw("""
            SELECT id, area, kind, text, names_changed FROM practice_examples WHERE inspection_id = \(bind: inspectionID) ORDER BY id
            """).all().map { row in
            let areaText = try row.decode(column: "area", as: String.self)
            let kindText = try row.decode(column: "kind", as: String.self)
            guard let area = EvidenceArea(areaText), let kind = PracticeExample.Kind(rawValue: kindText) else {
                throw StoreError.invalid("stored practice example has area '\(areaText)' and kind '\(kindText)'")
            }
            return PracticeExample(id: try row.decode(column: "id", as: Int.self), area: area, kind: kind,
                                   text: try row.decode(column: "text", as: String.self),
                                   namesChanged: try row.decode(column: "names_changed", as: Bool.self))
        }
    }
}

