import ArgumentParser
import Foundation
import YJICore

/// `yji generate`: a synthetic, obviously fictional inspection written as interchange files.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic cases.csv and judgements.csv (the same seed gives the same bytes)."
    )

    @Option(help: "A shipped framework id (cci, sqs, fji) or the path of a framework YAML file.")
    var framework: String

    @Option(name: .customLong("cases"), help: "How many cases.")
    var caseCount: Int = 38

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Quality of the fictional service's work, from 0 (poor) to 1 (excellent).")
    var quality: Double = 0.6

    @Option(help: "Folder to write cases.csv and judgements.csv into (created if missing).")
    var out: String

    @Option(help: "Also write caseload.csv: a service caseload of this many cases to draw a sample from.")
    var caseload: Int?

    @Option(help: "With --caseload: the date the caseload is extracted on, YYYY-MM-DD (default: today).")
    var asOf: String?

    func validate() throws {
        guard (1...100_000).contains(caseCount) else { throw ValidationError("--cases must be from 1 to 100000") }
        guard (0...1).contains(quality) else { throw ValidationError("--quality must be from 0 to 1") }
        if let caseload, !(1...1_000_000).contains(caseload) { throw ValidationError("--caseload must be from 1 to 1000000") }
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date") }
    }

    func run() throws {
        let framework = try Terminal.framework(self.framework)
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
