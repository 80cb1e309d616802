import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji benchmark`: the lowest, highest and average of every score over the published inspections of a programme.
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Benchmark a programme: every score's lowest, highest and average over the areas inspected to date.",
        discussion: """
            Only published inspections count. Each area counts once, with its latest published inspection on or before \
            --as-of (dated by the last day of fieldwork); an area with no applicable cases for a score is left out of \
            that score. The average is the mean of the areas' whole percentages, rounded half up.
            """
    )

    @Option(help: "The programme: cci, sqs or fji.")
    var programme: String

    @Option(help: "Count inspections up to and including this date, YYYY-MM-DD (default: all published inspections).")
    var asOf: String?

    @Option(help: "Only areas in this region.")
    var region: String?

    @Option(help: "Only areas in this country (England or Wales).")
    var country: String?

    @Option(help: "text (a table), json or csv.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date") }
        if let country, !Country.allCases.contains(where: { $0.rawValue.lowercased() == country.lowercased() }) {
            throw ValidationError("--country must be England or Wales")
        }
    }

    func run() async throws {
        let date = asOf.flatMap(CalendarDate.parse)
        let entries = try await store.withStore { try await $0.benchmark.benchmarkEntries(programme: programme, asOf: date) }
        let table = Benchmarking.table(programme: programme, entries: entries, asOf: date, region: region, country: country)
        switch format {
        case .text: print(BenchmarkText.render(table), terminator: "")
        case .json: print(String(decoding: try table.jsonData(), as: UTF8.self))
        case .csv: print(table.csv(), terminator: "")
        }
    }
}

/// The benchmark as the Harrow foreword's table: a row per score with the lowest, highest and average beside it.
enum BenchmarkText {
    /// The title line (programme, areas, date and scope), then a block of rows per level.
    static func render(_ table: BenchmarkTable) -> String {
        let scope = [table.region, table.country].compactMap { $0 }.joined(separator: ", ")
        var title = "Benchmark of \(table.programme): \(table.areas) \(table.areas == 1 ? "area" : "areas"), "
            + "each with its latest published inspection"
        if let asOf = table.asOf { title += " to \(asOf)" }
        if !scope.isEmpty { title += " (\(scope))" }
        guard table.areas > 0 else { return title + "\n" }

        func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "n/a" }
        let header = ["Lowest", "Highest", "Average", "Areas"]
        let blocks: [(String, [ScoreBenchmark], (ScoreBenchmark) -> String)] = [
            ("Scoring summary", table.headlines, { $0.name }),
            ("Sections", table.sections, { "\($0.id) \($0.name)" }),
            ("Criteria", table.criteria, { "\($0.id) \($0.name)" }),
        ]
        let rows = blocks.map { _, scores, label in
            scores.map { ["  " + label($0), percent($0.lowest), percent($0.highest), percent($0.average), String($0.areas)] }
        }
        // One set of widths for every block, so the figures line up down the whole table.
        let everyRow = rows.flatMap { $0 } + [[""] + header] + blocks.map { [$0.0] }
        let labelWidth = everyRow.map { $0[0].count }.max() ?? 0
        let figureWidths = (1...4).map { column in everyRow.compactMap { $0.count > column ? $0[column].count : nil }.max() ?? 0 }
        func line(_ label: String, _ figures: [String]) -> String {
            let padded = figures.enumerated().map { String(repeating: " ", count: figureWidths[$0] - $1.count) + $1 }
            return label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + padded.joined(separator: "  ")
        }
        var lines = [title]
        for ((name, scores, _), blockRows) in zip(blocks, rows) where !scores.isEmpty {
            lines.append("")
            lines.append(line(name, header))
            lines += blockRows.map { line($0[0], Array($0.dropFirst())) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
