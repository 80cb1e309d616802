import Foundation
import SQLKit
import YJICore

/// Inspections, their areas, the framework each is judged against, and their audit trail.
public struct InspectionRepository: Sendable {
    let store: Store
}

extension InspectionRepository {
    /// Creates an inspection for someone signed in (the pages and the API): the inspection, its area the first time the
    /// area is named, the framework's definition and, when the creator is a lead inspector, their place as its lead,
    /// all in one transaction, so no inspection is ever left without the lead who made it.
    public func createInspection(_ new: NewInspection, frameworkYAML: String, createdBy creator: User) async throws -> Inspection {
        try Self.refuseCreatingPublished(new)
        return try await createInspection(new, frameworkYAML: frameworkYAML, actor: creator.email,
                                          lead: creator.role == .leadInspector ? creator : nil, beforeCommit: { _, _ in })
    }

    /// Creates an inspection for a command or generator acting without an account (`yji inspection create`, the demo):
    /// the same as `createInspection(_:frameworkYAML:createdBy:)`, with no one put on its team.
    public func createInspection(_ new: NewInspection, frameworkYAML: String, actor: String) async throws -> Inspection {
        try Self.refuseCreatingPublished(new)
        return try await createInspection(new, frameworkYAML: frameworkYAML, actor: actor, lead: nil, beforeCommit: { _, _ in })
    }

    /// Publishing is `ReportRepository.publish`, past its gate; an inspection is never created published (an archive
    /// of a published inspection is restored as it was published, by `ArchiveRepository.importArchive`).
    private static func refuseCreatingPublished(_ new: NewInspection) throws {
        if new.status == .published {
            throw StoreError.invalid("an inspection is published from its report page (or `yji publish`), which checks it is ready first")
        }
    }

    /// One inspection with its area.
    public func inspection(_ id: Int) async throws -> Inspection {
        try await store.transaction(.read) { db in try await inspection(db, id: id) }
    }

    /// Every inspection, newest first.
    public func inspections() async throws -> [Inspection] {
        try await store.transaction(.read) { db in
            try await db.raw("\(unsafeRaw: Self.inspectionQuery) ORDER BY i.id DESC").all().map(Self.inspection(from:))
        }
    }

    /// The framework an inspection is judged against.
    public func framework(of inspection: Inspection) async throws -> Framework {
        try await store.transaction(.read) { db in try await framework(db, of: inspection) }
    }
}

extension InspectionRepository {
    /// Creates an inspection, makes `lead` its lead inspector when given, and lets `beforeCommit` add to it in the same
    /// transaction (an archive's cases and judgements): every way an inspection is created runs through here.
    func createInspection(
        _ new: NewInspection, frameworkYAML: String, actor: String, lead: User?,
        beforeCommit: (any SQLDatabase, Int) async throws -> Void
    ) async throws -> Inspection {
        guard !new.areaName.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalid("the area needs a name") }
        let start = try Self.fieldworkDate(new.fieldworkStart, field: "fieldwork start")
        let end = try Self.fieldworkDate(new.fieldworkEnd, field: "fieldwork end")
        if let start, let end, end < start {
            throw StoreError.invalid("fieldwork ends (\(end)) before it starts (\(start))")
        }
        let id = try await store.transaction { db in
            let area = try await findOrCreateArea(db, name: new.areaName, region: new.region, country: new.country, actor: actor)
            try await db.raw("""
                INSERT INTO frameworks (id, version, definition)
                VALUES (\(bind: new.framework.id), \(bind: new.framework.version), \(bind: frameworkYAML))
                ON CONFLICT (id, version) DO NOTHING
                """).run()
            // An archive of a published inspection is written while the inspection is still open and published last,
            // since the database refuses additions to a published inspection.
            let openStatus = new.status == .published ? PublicationGate.stageBeforePublication : new.status
            let row = try await db.raw("""
                INSERT INTO inspections (area_id, framework_id, framework_version, programme, fieldwork_start, fieldwork_end, status, created_at)
                VALUES (\(bind: area.id), \(bind: new.framework.id), \(bind: new.framework.version), \(bind: new.framework.programme),
                        \(bind: new.fieldworkStart), \(bind: new.fieldworkEnd), \(bind: openStatus.rawValue), \(bind: isoTimestamp()))
                RETURNING id
                """).first()
            let id = try row!.decode(column: "id", as: Int.self)
            if let lead {
                _ = try await store.accounts.setMembership(db, inspection: try await inspection(db, id: id), user: lead, role: .leadInspector, actor: actor)
            }
            try await beforeCommit(db, id)
            if openStatus != new.status {
                try await db.raw("UPDATE inspections SET status = \(bind: new.status.rawValue) WHERE id = \(bind: id)").run()
            }
            let created = try await inspection(db, id: id)
            try await store.audit(db, actor: actor, inspectionID: id, entity: "inspection", entityID: String(id), action: "create",
                            before: Optional<Inspection>.none, after: created, reason: "")
            return id
        }
        return try await inspection(id)
    }

    fileprivate func findOrCreateArea(_ db: any SQLDatabase, name: String, region: String, country: Country, actor: String) async throws -> Area {
        if let row = try await db.raw("SELECT id, name, region, country FROM areas WHERE name = \(bind: name)").first() {
            return try Self.area(from: row)
        }
        let row = try await db.raw("""
            INSERT INTO areas (name, region, country) VALUES (\(bind: name), \(bind: region), \(bind: country.rawValue))
            RETURNING id, name, region, country
            """).first()
        let area = try Self.area(from: row!)
        try await store.audit(db, actor: actor, inspectionID: nil, entity: "area", entityID: String(area.id), action: "create",
                        before: Optional<Area>.none, after: area, reason: "")
        return area
    }

    func inspection(_ db: any SQLDatabase, id: Int) async throws -> Inspection {
        guard let row = try await db.raw("\(unsafeRaw: Self.inspectionQuery) WHERE i.id = \(bind: id)").first() else {
            throw StoreError.notFound("no inspection with id \(id)")
        }
        return try Self.inspection(from: row)
    }

    /// The inspection, for a write that changes what it is published from: refused with `StoreError.publishedInspection`
    /// before anything is checked or written once it is published, so the refusal says why whatever the change was.
    func openInspection(_ db: any SQLDatabase, id inspectionID: Int) async throws -> Inspection {
        let inspection = try await inspection(db, id: inspectionID)
        guard inspection.status != .published else { throw StoreError.publishedInspection }
        return inspection
    }

    /// The framework an inspection is judged against, exactly as it was stored when the inspection was created.
    /// A stored definition never changes for its id and version, so it is parsed once per store.
    func framework(_ db: any SQLDatabase, of inspection: Inspection) async throws -> Framework {
        let key = "\(inspection.frameworkID)\u{0}\(inspection.frameworkVersion)"
        if let cached = store.frameworks.value(for: key) { return cached }
        guard let row = try await db.raw("""
            SELECT definition FROM frameworks WHERE id = \(bind: inspection.frameworkID) AND version = \(bind: inspection.frameworkVersion)
            """).first() else {
            throw StoreError.notFound("framework \(inspection.frameworkID) \(inspection.frameworkVersion) is missing from the store")
        }
        let yaml = try row.decode(column: "definition", as: String.self)
        do {
            let framework = try FrameworkCatalog.loadKept(yaml: yaml, file: "stored framework \(inspection.frameworkID) \(inspection.frameworkVersion)")
            store.frameworks.set(framework, for: key)
            return framework
        } catch {
            throw StoreError.problems(error)
        }
    }

    /// The columns `inspection(from:)` reads, from `inspectionTables`; a query may add columns of its own after them.
    static let inspectionColumns = """
        i.id, i.framework_id, i.framework_version, i.programme, i.fieldwork_start, i.fieldwork_end, i.status, i.created_at,
        a.id AS area_id, a.name AS area_name, a.region AS area_region, a.country AS area_country
        """

    /// An inspection with its area; a query may join more tables after it.
    static let inspectionTables = "inspections i JOIN areas a ON a.id = i.area_id"

    /// Every inspection with its area, for `inspection(from:)`; a query adds its own conditions.
    static let inspectionQuery = "SELECT \(inspectionColumns) FROM \(inspectionTables)"

    static func inspection(from row: any SQLRow) throws -> Inspection {
        Inspection(
            id: try row.decode(column: "id", as: Int.self),
            area: Area(id: try row.decode(column: "area_id", as: Int.self), name: try row.decode(column: "area_name", as: String.self),
                       region: try row.decode(column: "area_region", as: String.self),
                       country: Country(rawValue: try row.decode(column: "area_country", as: String.self)) ?? .england),
            frameworkID: try row.decode(column: "framework_id", as: String.self),
            frameworkVersion: try row.decode(column: "framework_version", as: String.self),
            programme: try row.decode(column: "programme", as: String.self),
            fieldworkStart: try row.decode(column: "fieldwork_start", as: String?.self).flatMap(CalendarDate.parse),
            fieldworkEnd: try row.decode(column: "fieldwork_end", as: String?.self).flatMap(CalendarDate.parse),
            status: InspectionStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .planning,
            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    static func area(from row: any SQLRow) throws -> Area {
        Area(id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self),
             region: try row.decode(column: "region", as: String.self),
             country: Country(rawValue: try row.decode(column: "country", as: String.self)) ?? .england)
    }

    /// A fieldwork date as given, checked to be a real day in yyyy-mm-dd form (what is stored and compared), so the
    /// database's text comparison of fieldwork dates orders them as the calendar does.
    static func fieldworkDate(_ text: String?, field: String) throws -> CalendarDate? {
        guard let text else { return nil }
        do {
            return try CalendarDate.iso(text, field: field)
        } catch {
            throw StoreError.invalid(error.description)
        }
    }
}

