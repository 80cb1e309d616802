import Foundation
import SQLKit
import YJICore

extension Store {
    /// Every published inspection of a programme up to `asOf` (all when nil), with its scorecard, for `Benchmarking`.
    ///
    /// Only status `published` is loaded: an inspection in any earlier status is another area's unpublished draft and
    /// must never reach a benchmark. An inspection is dated by its last day of fieldwork, else its first, else the day
    /// it was created. Each scorecard is computed by `scorecard(inspection:)`, one inspection at a time.
    public func benchmarkEntries(programme: String, asOf: CalendarDate?) async throws -> [BenchmarkEntry] {
        let published = try await transaction(.read) { db in
            try await db.raw("""
                \(unsafeRaw: Self.inspectionQuery)
                WHERE i.programme = \(bind: programme) AND i.status = \(bind: InspectionStatus.published.rawValue)
                ORDER BY i.id
                """).all().map(Self.inspection(from:))
        }
        var entries: [BenchmarkEntry] = []
        for inspection in published {
            let date = try Self.benchmarkDate(of: inspection)
            // Scoring is the costly part, so inspections after the date are dropped before it; Benchmarking.table
            // applies the same limit again for callers who pass it entries from elsewhere.
            if let asOf, date > asOf { continue }
            let (_, card) = try await scorecard(inspection: inspection.id)
            entries.append(BenchmarkEntry(
                inspectionID: inspection.id, programme: inspection.programme, areaName: inspection.area.name,
                region: inspection.area.region, country: inspection.area.country.rawValue, date: date, scorecard: card))
        }
        return entries
    }

    /// The date a published inspection counts from; a stored inspection always has a creation timestamp to fall back on.
    static func benchmarkDate(of inspection: Inspection) throws -> CalendarDate {
        if let date = BenchmarkEntry.countingDate(fieldworkStart: inspection.fieldworkStart, fieldworkEnd: inspection.fieldworkEnd) {
            return date
        }
        guard let created = CalendarDate.parse(String(inspection.createdAt.prefix(10))) else {
            throw StoreError.invalid("inspection \(inspection.id) has no fieldwork dates and an unreadable creation time '\(inspection.createdAt)'")
        }
        return created
    }
}
