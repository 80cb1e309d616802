import ArgumentParser
import Foundation
import YJICore
import YJIReports
import YJIStore

/// `yji generate`: a synthetic, obviously fictional inspection written as interchange files, or a whole programme of
/// published synthetic inspections written into a store.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic cases.csv and judgements.csv (the same seed gives the same bytes).",
        discussion: "With --programme, --areas and --rounds: add that many published synthetic inspections per area to the store instead."
    )

    @Option(help: "A shipped framework id (cci, sqs, fji) or the path of a framework YAML file.")
    var framework: String?

    @Option(name: .customLong("cases"), help: "How many cases.")
    var caseCount: Int = 38

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Quality of the fictional service's work, from 0 (poor) to 1 (excellent).")
    var quality: Double = 0.6

    @Option(help: "Folder to write cases.csv and judgements.csv into (created if missing).")
    var out: String?

    @Option(help: "Also write caseload.csv: a service caseload of this many cases to draw a sample from.")
    var caseload: Int?

    @Option(help: "With --caseload: the date the caseload is extracted on, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "Store a national programme instead of files: the programme's shipped id (cci, sqs, fji).")
    var programme: String?

    @Option(help: "With --programme: how many synthetic areas (\"Syntheticshire 001\", ...).")
    var areas: Int?

    @Option(help: "With --programme: how many published inspections of each area, a year apart.")
    var rounds: Int?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...100_000).contains(caseCount) else { throw ValidationError("--cases must be from 1 to 100000") }
        if programme != nil || areas != nil || rounds != nil {
            guard programme != nil, let areas, let rounds else { throw ValidationError("--programme, --areas and --rounds go together") }
            guard framework == nil, out == nil, caseload == nil else {
                throw ValidationError("--programme writes to the store; leave out --framework, --out and --caseload")
            }
            guard (1...999).contains(areas) else { throw ValidationError("--areas must be from 1 to 999") }
            guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be from 1 to 20") }
            guard let programme, SyntheticProgramme.frameworkID(for: programme) != nil else {
                throw ValidationError("--programme must be one of: \(FrameworkCatalog.shippedIDs.joined(separator: ", "))")
            }
            return
        }
        guard framework != nil, out != nil else { throw ValidationError("give --framework and --out (or --programme, --areas and --rounds)") }
        guard (0...1).contains(quality) else { throw ValidationError("--quality must be from 0 to 1") }
        if let caseload, !(1...1_000_000).contains(caseload) { throw ValidationError("--caseload must be from 1 to 1000000") }
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date") }
    }

    func run() async throws {
        if let programme, let areas, let rounds {
            let made = try await store.withStore { store in
                try await SyntheticProgramme.store(programme: programme, areas: areas, rounds: rounds, casesEach: caseCount,
                                                   seed: seed, into: store, actor: self.store.actorName)
            }
            print("stored \(made.inspections) published \(programme) inspections (\(areas) areas × \(rounds) rounds, "
                  + "ids \(made.ids.lowerBound)-\(made.ids.upperBound)) with \(made.judgements) judgements")
            return
        }
        guard let out, let frameworkName = self.framework else { return }
        let framework = try Terminal.framework(frameworkName)
        let written = try SyntheticFiles.write(framework: framework, caseCount: caseCount, seed: seed, quality: quality,
                                               folder: URL(fileURLWithPath: out))
        print("wrote \(written.cases.path) (\(caseCount) cases) and \(written.judgements.path) (\(written.judgementCount) judgements)")
        if let caseload {
            let date = asOf.flatMap(CalendarDate.parse) ?? CalendarDate.today
            let file = URL(fileURLWithPath: out).appendingPathComponent("caseload.csv")
            try Terminal.write(CaseloadFile.write(SyntheticCaseload.make(count: caseload, seed: seed, asOf: date)), to: file)
            print("wrote \(file.path) (a caseload of \(caseload) cases as of \(date))")
        }
    }
}

/// Writes a synthetic inspection's two files into a folder.
enum SyntheticFiles {
    struct Written {
        let cases: URL
        let judgements: URL
        let judgementCount: Int
    }

    static func write(framework: Framework, caseCount: Int, seed: UInt64, quality: Double, folder: URL) throws -> Written {
        let inspection = SyntheticInspection(framework: framework, caseCount: caseCount, seed: seed, quality: quality)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            Terminal.fail("\(folder.path): cannot create the folder (\(error.localizedDescription))")
            throw ExitStatus.cannotCreate
        }
        let cases = folder.appendingPathComponent("cases.csv")
        let judgements = folder.appendingPathComponent("judgements.csv")
        try Terminal.write(CaseFile.write(inspection.cases), to: cases)
        try Terminal.write(JudgementFile.write(inspection.judgements), to: judgements)
        return Written(cases: cases, judgements: judgements, judgementCount: inspection.judgements.count)
    }
}

/// A national programme of synthetic areas, each inspected once a year for a number of rounds, all published: the
/// dataset benchmarks across areas are measured on.
enum SyntheticProgramme {
    /// What was stored: how many inspections, their ids, and how many judgements they hold.
    struct Made {
        let inspections: Int
        let ids: ClosedRange<Int>
        let judgements: Int
    }

    /// Obviously fictional regions; every ninth area is Welsh, about the share of Welsh youth offending teams.
    static let regions = ["Synthetic North East", "Synthetic North West", "Synthetic Yorkshire", "Synthetic Midlands",
                          "Synthetic East", "Synthetic London", "Synthetic South East", "Synthetic South West"]

    /// The shipped framework of a programme, if yji ships one.
    static func frameworkID(for programme: String) -> String? {
        FrameworkCatalog.shippedIDs.first { (try? FrameworkCatalog.shipped($0).programme) == programme }
    }

    /// Stores `rounds` published inspections of `areas` synthetic areas, each with `casesEach` judged cases.
    static func store(programme: String, areas: Int, rounds: Int, casesEach: Int, seed: UInt64,
                      into store: Store, actor: String) async throws -> Made {
        let (framework, yaml): (Framework, String)
        do { (framework, yaml) = try FrameworkCatalog.resolveWithSource(frameworkID(for: programme) ?? programme) } catch {
            Terminal.report(error)
            throw ExitStatus.dataError
        }
        let firstRound = CalendarDate(year: 2009, month: 4, day: 6)!
        var ids: [Int] = []
        var judgements = 0
        for round in 0..<rounds {
            for area in 1...areas {
                var random = SeededGenerator(seed: seed &* 1_000_003 &+ UInt64(area))
                // Each area keeps its own standard of work across rounds, and improves a little each time.
                let quality = min(0.95, 0.35 + 0.45 * Double.random(in: 0..<1, using: &random) + 0.03 * Double(round))
                let welsh = area % 9 == 0
                // A round visits the areas one after another over most of a year, so an as-of date catches some of them.
                let start = firstRound.adding(days: round * 364 + (area - 1) * 2)
                let inspection = try await store.inspections.createInspection(
                    NewInspection(areaName: "Syntheticshire \(String(format: "%03d", area))",
                                  region: welsh ? "Wales" : regions[area % regions.count], country: welsh ? .wales : .england,
                                  framework: framework, fieldworkStart: start.description,
                                  fieldworkEnd: start.adding(days: 4).description, status: .factualAccuracy),
                    frameworkYAML: yaml, actor: actor)
                let data = SyntheticInspection(framework: framework, caseCount: casesEach,
                                               seed: seed &* 7919 &+ UInt64(round * 1000 + area), quality: quality)
                try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: actor)
                _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                     file: "judgements.csv", actor: actor)
                // Published once its judgements are in, as a real inspection is, about twelve weeks after fieldwork:
                // publishing stores the scorecard the programme's benchmark reads.
                _ = try await store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: actor)
                try await store.reports.publish(inspection: inspection.id, actor: actor, on: start.adding(days: 4 + 84))
                ids.append(inspection.id)
                judgements += data.judgements.count
            }
        }
        return Made(inspections: ids.count, ids: ids.min()!...ids.max()!, judgements: judgements)
    }
}
