import Foundation

/// One published inspection as the benchmark sees it: which area, where, when, and its scores.
///
/// Only published inspections may ever become entries: a draft's scores would leak into every other area's
/// benchmark. YJICore cannot tell a draft from a published scorecard, so that choice is the caller's
/// (`Store.benchmarkEntries` loads published inspections only).
public struct BenchmarkEntry: Sendable, Hashable, Codable {
    /// The inspection's id in the store.
    public let inspectionID: Int
    /// The programme inspected under (cci, sqs, fji).
    public let programme: String
    /// The youth offending team or service, as printed; an area's inspections are matched by this name.
    public let areaName: String
    /// Its region of England (or "Wales").
    public let region: String
    /// England or Wales.
    public let country: String
    /// The day the inspection counts from: the last day of fieldwork, or the first when no last day is recorded.
    public let date: CalendarDate
    /// The inspection's scores.
    public let scorecard: Scorecard

    /// An entry for one published inspection.
    public init(inspectionID: Int, programme: String, areaName: String, region: String, country: String,
                date: CalendarDate, scorecard: Scorecard) {
        self.inspectionID = inspectionID
        self.programme = programme
        self.areaName = areaName
        self.region = region
        self.country = country
        self.date = date
        self.scorecard = scorecard
    }

    /// The date the entry counts from: fieldwork's last day, else its first; nil when neither is a date.
    public static func countingDate(fieldworkStart: CalendarDate?, fieldworkEnd: CalendarDate?) -> CalendarDate? {
        fieldworkEnd ?? fieldworkStart
    }

    /// Later inspections sort after earlier ones; the id breaks a tie between inspections dated the same day.
    fileprivate var chronology: (CalendarDate, Int) { (date, inspectionID) }
}

/// The lowest, highest and average of one score over the areas inspected to date (the Harrow foreword's table).
public struct ScoreBenchmark: Sendable, Hashable, Codable {
    /// Headline, section or criterion.
    public let level: ScoreLevel
    /// The score's id in the framework ("safeguarding", "1.1").
    public let id: String
    /// The score's name as printed.
    public let name: String
    /// The lowest area's whole percentage; null when no area had applicable cases.
    @ExplicitNull public private(set) var lowest: Int?
    /// The highest area's whole percentage; null when no area had applicable cases.
    @ExplicitNull public private(set) var highest: Int?
    /// The mean of the areas' whole percentages, rounded half up; null when no area had applicable cases.
    @ExplicitNull public private(set) var average: Int?
    /// The areas whose score counted: those with at least one applicable answer for it.
    public let areas: Int

    /// A score's statistics from the whole percentages of the areas that had applicable cases for it.
    init(level: ScoreLevel, id: String, name: String, percents: [Int]) {
        self.level = level
        self.id = id
        self.name = name
        lowest = percents.min()
        highest = percents.max()
        // "Average" in the foreword is over areas, each area weighing the same whatever its sample size, so it is the
        // mean of the printed whole percentages, not a pooled n of N. The sum of k percentages out of 100 × k is that
        // mean as a proportion, which gives Proportion's integer half-up rounding (67.5 -> 68) without floating point.
        average = percents.isEmpty ? nil : Proportion(percents.reduce(0, +), of: 100 * percents.count).wholePercent
        areas = percents.count
    }
}

/// Every headline, section and criterion benchmark of one programme, as of a date, for all areas or a region or country.
public struct BenchmarkTable: Sendable, Hashable, Codable {
    /// The programme benchmarked.
    public let programme: String
    /// Inspections counted up to and including this date; null for every inspection so far.
    @ExplicitNull public private(set) var asOf: CalendarDate?
    /// Only areas of this region, when given.
    @ExplicitNull public private(set) var region: String?
    /// Only areas of this country, when given.
    @ExplicitNull public private(set) var country: String?
    /// The inspections whose scores were counted, oldest first: each area's latest as of the date.
    public let inspectionIDs: [Int]
    /// Headline theme benchmarks, in framework order.
    public let headlines: [ScoreBenchmark]
    /// Section benchmarks, in framework order.
    public let sections: [ScoreBenchmark]
    /// Criterion benchmarks, in framework order.
    public let criteria: [ScoreBenchmark]

    /// How many areas are in the table.
    public var areas: Int { inspectionIDs.count }

    /// Every benchmark: headlines, then sections, then criteria.
    public var scores: [ScoreBenchmark] { headlines + sections + criteria }

    /// The benchmark of one score, or nil when no counted scorecard has it.
    public func benchmark(_ level: ScoreLevel, _ id: String) -> ScoreBenchmark? {
        switch level {
        case .headline: return headlines.first { $0.id == id }
        case .section: return sections.first { $0.id == id }
        case .criterion: return criteria.first { $0.id == id }
        case .question: return nil
        }
    }

    /// Pretty, key-sorted JSON, stable for diffs and tests.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// One row per score: level, id, name, lowest, highest, average, areas; empty cells where no area had applicable cases.
    public func csv() -> String {
        var lines = ["level,id,name,lowest,highest,average,areas"]
        func text(_ value: Int?) -> String { value.map(String.init) ?? "" }
        for score in scores {
            lines.append([score.level.rawValue, score.id, score.name, text(score.lowest), text(score.highest),
                          text(score.average), String(score.areas)].map(csvEscaped).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// How one of an area's scores moved since its previous inspection of the same programme.
public struct ScoreChange: Sendable, Hashable, Codable {
    /// Headline, section or criterion.
    public let level: ScoreLevel
    /// The score's id in the framework.
    public let id: String
    /// The score's name as printed.
    public let name: String
    /// This inspection's whole percentage; null with no applicable cases.
    @ExplicitNull public private(set) var current: Int?
    /// The previous inspection's whole percentage; null with no applicable cases or when it had no such score.
    @ExplicitNull public private(set) var previous: Int?
    /// Current minus previous, in percentage points; null unless both are percentages.
    @ExplicitNull public private(set) var points: Int?

    init(level: ScoreLevel, id: String, name: String, current: Int?, previous: Int?) {
        self.level = level
        self.id = id
        self.name = name
        self.current = current
        self.previous = previous
        if let current, let previous { points = current - previous } else { points = nil }
    }
}

/// Benchmark statistics across inspected areas: pure functions of published inspections' scorecards.
public enum Benchmarking {
    /// The benchmark of every headline, section and criterion score of `programme`.
    ///
    /// Counts each area once, with its latest inspection on or before `asOf` (every inspection when nil), so an area
    /// inspected twice does not weigh double; region and country match without regard to case. A score with no
    /// applicable cases in an area leaves that area out of the score's statistics rather than counting as 0%.
    /// Scores are listed in the order of the newest counted scorecard's framework, with ids and names taken from it;
    /// ids only older framework versions had follow. Pass published inspections only.
    public static func table(programme: String, entries: [BenchmarkEntry], asOf: CalendarDate?,
                             region: String? = nil, country: String? = nil) -> BenchmarkTable {
        func matches(_ value: String, _ wanted: String?) -> Bool {
            wanted.map { value.caseInsensitiveCompare($0) == .orderedSame } ?? true
        }
        let eligible = entries.filter { entry in
            entry.programme == programme && (asOf.map { entry.date <= $0 } ?? true)
                && matches(entry.region, region) && matches(entry.country, country)
        }
        var latestByArea: [String: BenchmarkEntry] = [:]
        for entry in eligible where latestByArea[entry.areaName].map({ $0.chronology < entry.chronology }) ?? true {
            latestByArea[entry.areaName] = entry
        }
        let counted = latestByArea.values.sorted { $0.chronology < $1.chronology }
        let newestFirst = Array(counted.reversed())

        func benchmarks(_ level: ScoreLevel, _ scores: (Scorecard) -> [Score]) -> [ScoreBenchmark] {
            var order: [String] = []
            var names: [String: String] = [:]
            var percents: [String: [Int]] = [:]
            for entry in newestFirst {
                for score in scores(entry.scorecard) {
                    if names[score.id] == nil {
                        order.append(score.id)
                        names[score.id] = score.name
                    }
                    if let percent = score.percent { percents[score.id, default: []].append(percent) }
                }
            }
            return order.map { ScoreBenchmark(level: level, id: $0, name: names[$0]!, percents: percents[$0] ?? []) }
        }
        return BenchmarkTable(
            programme: programme, asOf: asOf, region: region, country: country,
            inspectionIDs: counted.map(\.inspectionID),
            headlines: benchmarks(.headline, \.headlines), sections: benchmarks(.section, \.sections),
            criteria: benchmarks(.criterion, \.criteria))
    }

    /// The area's inspection of the same programme before `inspectionID`: the latest earlier one with the same area name.
    public static func previous(of inspectionID: Int, entries: [BenchmarkEntry]) -> BenchmarkEntry? {
        guard let current = entries.first(where: { $0.inspectionID == inspectionID }) else { return nil }
        return entries
            .filter { $0.areaName == current.areaName && $0.programme == current.programme && $0.chronology < current.chronology }
            .max { $0.chronology < $1.chronology }
    }

    /// Every score's change since the area's previous inspection, in the current scorecard's order; empty when
    /// there is no previous inspection (or `inspectionID` is not among the entries).
    public static func change(for inspectionID: Int, entries: [BenchmarkEntry]) -> [ScoreChange] {
        guard let current = entries.first(where: { $0.inspectionID == inspectionID }),
              let previous = previous(of: inspectionID, entries: entries) else { return [] }
        let card = current.scorecard
        return (card.headlines + card.sections + card.criteria).map { score in
            ScoreChange(level: score.level, id: score.id, name: score.name, current: score.percent,
                        previous: previous.scorecard.score(score.level, score.id)?.percent)
        }
    }
}
