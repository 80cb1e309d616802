import Foundation
import SQLKit
import YJICore

extension AssessmentRepository {
    /// Imports a cases file into an inspection: all of it, or (on any problem) none of it.
    @discardableResult
    public func importCases(inspection inspectionID: Int, csv text: String, file: String, actor: String) async throws -> Int {
        let contents: CaseFile.Contents
        do { contents = try CaseFile.readContents(text, file: file) } catch { throw StoreError.problems(error) }
        return try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            let existing = Set(try await caseRefs(db, inspection: inspectionID))
            let clashes = zip(contents.cases, contents.lines).filter { existing.contains($0.0.id) }
            if !clashes.isEmpty {
                throw StoreError.problems(ProblemList(clashes.map {
                    Problem(file: file, line: $0.1, subject: "case_id", message: "'\($0.0.id)' is already in inspection \(inspectionID)")
                }))
            }
            for record in contents.cases {
                try await insertCase(db, record, inspection: inspectionID, actor: actor, reason: "imported from \(file)")
            }
            return contents.cases.count
        }
    }

    /// The cases of an inspection, in the order they were added.
    public func cases(inspection inspectionID: Int) async throws -> [CaseRecord] {
        try await store.transaction(.read) { db in try await cases(db, inspection: inspectionID) }
    }
}

extension AssessmentRepository {
    func insertCase(_ db: any SQLDatabase, _ record: CaseRecord, inspection inspectionID: Int, actor: String, reason: String) async throws {
        try await db.raw("""
            INSERT INTO cases (inspection_id, case_ref, age, gender, ethnicity, disposal, setting, status, rosh, vulnerability, looked_after)
            VALUES (\(bind: inspectionID), \(bind: record.id), \(bind: record.age), \(bind: record.gender.rawValue),
                    \(bind: record.ethnicity.rawValue), \(bind: record.disposal.rawValue), \(bind: record.setting.rawValue),
                    \(bind: record.status.rawValue), \(bind: record.riskOfHarm.rawValue), \(bind: record.vulnerability.rawValue),
                    \(bind: record.lookedAfter))
            """).run()
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: record.id, action: "create",
                        before: Optional<CaseRecord>.none, after: record, reason: reason)
    }

    func cases(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String? = nil) async throws -> [CaseRecord] {
        var query: SQLQueryString = """
            SELECT case_ref, age, gender, ethnicity, disposal, setting, status, rosh, vulnerability, looked_after
            FROM cases WHERE inspection_id = \(bind: inspectionID)
            """
        if let caseRef { query = query + " AND case_ref = \(bind: caseRef)" }
        return try await db.raw(query + " ORDER BY id").all().map { row in
            func value<V: RecordedValue>(_ column: String, _: V.Type) throws -> V {
                let text = try row.decode(column: column, as: String.self)
                guard let value = V(rawValue: text) else { throw StoreError.invalid("stored \(column) '\(text)' is not recognised") }
                return value
            }
            return CaseRecord(
                id: try row.decode(column: "case_ref", as: String.self), age: try row.decode(column: "age", as: Int.self),
                gender: try value("gender", Gender.self), ethnicity: try value("ethnicity", Ethnicity.self),
                disposal: try value("disposal", Disposal.self), setting: try value("setting", CaseSetting.self),
                status: try value("status", CaseStatus.self), riskOfHarm: try value("rosh", RiskLevel.self),
                vulnerability: try value("vulnerability", RiskLevel.self),
                lookedAfter: try row.decode(column: "looked_after", as: Bool.self))
        }
    }

    fileprivate func caseRefs(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [String] {
        try await db.raw("SELECT case_ref FROM cases WHERE inspection_id = \(bind: inspectionID)").all()
            .map { try $0.decode(column: "case_ref", as: String.self) }
    }
}

