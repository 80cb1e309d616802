import Foundation
import SQLKit
import YJICore

/// Published inspections' scores for benchmarking within a programme.
public struct BenchmarkRepository: Sendable {
    let store: Store
}

extension BenchmarkRepository {
    /// Every published inspection of a programme up to `asOf` (all when nil), with its scorecard, for `Benchmarking`.
    ///
    /// Only status `published` is loaded: an inspection in any earlier status is another area's unpublished draft and
    /// must never reach a benchmark. An inspection is dated by its last day of fieldwork, else its first, else the day
    /// it was created. Scorecards come from `published_scorecards`, stored at publication and forgotten whenever the
    /// inspection's cases or judgements change; an inspection without one is scored now and its card stored, so the
    /// next benchmark reads it.
    public func benchmarkEntries(programme: String, asOf: CalendarDate?) async throws -> [BenchmarkEntry] {
        let rows: [(Inspection, String?)] = try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT \(unsafeRaw: InspectionRepository.inspectionColumns), s.scorecard AS stored_scorecard
                FROM \(unsafeRaw: InspectionRepository.inspectionTables) LEFT JOIN published_scorecards s ON s.inspection_id = i.id
                WHERE i.programme = \(bind: programme) AND i.status = \(bind: InspectionStatus.published.rawValue)
                ORDER BY i.id
                """).all().map { (try InspectionRepository.inspection(from: $0), try $0.decode(column: "stored_scorecard", as: String?.self)) }
        }
        let decoder = JSONDecoder()
        var entries: [BenchmarkEntry] = []
        for (inspection, stored) in rows {
            let date = try Self.benchmarkDate(of: inspection)
            // Inspections after the date are dropped before any scoring; Benchmarking.table applies the same limit again
            // for callers who pass it entries from elsewhere.
            if let asOf, date > asOf { continue }
            let card: Scorecard
            if let stored, let cached = store.decodedScorecards.value(for: inspection.id), cached.json == stored {
                card = cached.card
            } else if let stored, let decoded = try? decoder.decode(Scorecard.self, from: Data(stored.utf8)) {
                store.decodedScorecards.set(DecodedScorecard(json: stored, card: decoded), for: inspection.id)
                card = decoded
            } else {
                card = try await publishedScorecard(inspection: inspection.id)
            }
            entries.append(BenchmarkEntry(
                inspectionID: inspection.id, programme: inspection.programme, areaName: inspection.area.name,
                region: inspection.area.region, country: inspection.area.country.rawValue, date: date, scorecard: card))
        }
        return entries
    }
}

extension BenchmarkRepository {
    /// Scores a published inspection that has no stored card, stores it, and returns it (without question rows).
    fileprivate func publishedScorecard(inspection inspectionID: Int) async throws -> Scorecard {
        try await store.transaction { db in
            try await store.lifecycle.storePublishedScorecard(db, inspection: inspectionID)
            let row = try await db.raw("SELECT scorecard FROM published_scorecards WHERE inspection_id = \(bind: inspectionID)").first()
            return try JSONDecoder().decode(Scorecard.self, from: Data(try row!.decode(column: "scorecard", as: String.self).utf8))
        }
    }

    /// The date a published inspection counts from; a stored inspection always has a creation timestamp to fall back on.
    static func benchmarkDate(of inspection: Inspection) throws -> CalendarDate {
        if let date = BenchmarkEntry.countingDate(fieldworkStart: inspection.fieldworkStart, fieldworkEnd: inspection.fieldworkEnd) {
            return date
        }
        guard let created = CalendarDate(dayOfTimestamp: inspection.createdAt) else {
            throw StoreError.invalid("inspection \(inspection.id) has no fieldwork dates and an unreadable creation time '\(inspection.createdAt)'")
        }
        return created
    }
}

