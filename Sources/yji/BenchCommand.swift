import ArgumentParser
import Foundation
import YJICore
import YJIReports
import YJIStore

/// `yji bench`: how long the scoring path takes, measured on synthetic data in one run so ratios are comparable.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time reading and scoring synthetic inspections (median of repeated runs)."
    )

    @Option(help: "Framework to score.")
    var framework: String = "cci"

    @Option(help: "Case counts to measure, comma-separated.")
    var cases: String = "38,99,1000"

    @Option(help: "Repetitions per size; the median is reported.")
    var repetitions: Int = 15

    @Option(help: "Also time reading and storing a caseload of this many rows (0 to skip).")
    var caseload: Int = 100_000

    @Option(help: "Also time drafting and writing the report of an inspection this size (0 to skip).")
    var reportCases: Int = 99

    func validate() throws {
        guard repetitions > 0 else { throw ValidationError("--repetitions must be at least 1") }
        guard !sizes.isEmpty else { throw ValidationError("--cases needs at least one positive number") }
    }

    var sizes: [Int] { cases.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 } }

    func run() async throws {
        let framework = try Terminal.framework(self.framework)
        defer { print("") }
        if caseload > 0 { try await benchCaseload(framework: framework) }
        if reportCases > 0 { try benchReport(framework: framework) }
        print("cases  judgements   read median  score median  total median   total max   (framework \(framework.id), medians of \(repetitions) runs)")
        for size in sizes {
            let inspection = SyntheticInspection(framework: framework, caseCount: size, seed: 42)
            let casesText = CaseFile.write(inspection.cases)
            let judgementsText = JudgementFile.write(inspection.judgements)
            var reading: [Double] = [], scoring: [Double] = [], totals: [Double] = []
            for _ in 0..<repetitions {
                let start = ContinuousClock.now
                let cases = try CaseFile.read(casesText, file: "cases.csv")
                let judgements = try JudgementFile.read(judgementsText, file: "judgements.csv", framework: framework)
                let read = ContinuousClock.now
                _ = try ScoringEngine(framework: framework).scorecard(cases: cases, judgements: judgements.judgements)
                let end = ContinuousClock.now
                reading.append(Self.seconds(read - start))
                scoring.append(Self.seconds(end - read))
                totals.append(Self.seconds(end - start))
            }
            print(String(format: "%5d  %10d  %9.1f ms  %9.1f ms  %9.1f ms  %7.1f ms", size, inspection.judgements.count,
                         Self.median(reading) * 1000, Self.median(scoring) * 1000, Self.median(totals) * 1000,
                         (totals.max() ?? 0) * 1000))
        }
    }

    /// Caseload import: parsing the CSV, then parsing and storing it in a fresh SQLite file, each once per repetition.
    func benchCaseload(framework: Framework) async throws {
        let asOf = CalendarDate(year: 2026, month: 3, day: 2)!
        let entries = SyntheticCaseload.make(count: caseload, seed: 42, asOf: asOf)
        let text = CaseloadFile.write(entries)
        let data = Data(text.utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yji-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var reading: [Double] = [], importing: [Double] = []
        let (_, yaml) = try FrameworkCatalog.resolveWithSource(framework.id)
        for run in 0..<min(repetitions, 5) {
            let start = ContinuousClock.now
            _ = try CaseloadFile.read(data: data, file: "caseload.csv")
            reading.append(Self.seconds(ContinuousClock.now - start))
            let store = try await Store.open(.sqlite(path: folder.appendingPathComponent("run\(run).sqlite").path))
            let inspection = try await store.inspections.createInspection(NewInspection(areaName: "Synthetic Bench", framework: framework),
                                                              frameworkYAML: yaml, actor: "bench")
            let before = ContinuousClock.now
            try await store.sampling.importCaseload(inspection: inspection.id, data: data, file: "caseload.csv", actor: "bench")
            importing.append(Self.seconds(ContinuousClock.now - before))
            await store.close()
        }
        print(String(format: "caseload of %d rows (%.1f MB): read median %.0f ms; read and store in SQLite median %.0f ms",
                     caseload, Double(data.count) / 1_000_000, Self.median(reading) * 1000, Self.median(importing) * 1000))
        if let rules = framework.sampling {
            var drawing: [Double] = []
            var drawn = 0
            for run in 0..<min(repetitions, 5) {
                let start = ContinuousClock.now
                drawn = try SampleDraw.draw(caseload: entries, rules: rules, asOf: asOf, size: nil, seed: UInt64(run + 1)).selected.count
                drawing.append(Self.seconds(ContinuousClock.now - start))
            }
            print(String(format: "sample of %d drawn from the %d-row caseload (%@ rules): median %.0f ms",
                         drawn, caseload, framework.id, Self.median(drawing) * 1000))
        }
        print("")
    }

    /// The report: drafting it from the scorecard and evidence, then writing HTML (with its charts) and Markdown.
    func benchReport(framework: Framework) throws {
        let caseload = SyntheticCaseload.make(count: reportCases, seed: 42, asOf: CalendarDate(year: 2026, month: 3, day: 2)!)
        let inspection = SyntheticInspection(framework: framework, cases: caseload.map(\.record), seed: 42)
        let scorecard = try ScoringEngine(framework: framework).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let input = ReportInput(framework: framework, scorecard: scorecard,
                                facts: InspectionFacts(inspectionID: 1, area: "Synthetic Bench"), cases: inspection.cases,
                                caseload: caseload)
        var html: [Double] = [], markdown: [Double] = []
        var bytes = 0
        for _ in 0..<repetitions {
            let start = ContinuousClock.now
            let text = Reports.text(try Reports.draft(input), format: .html)
            let drafted = ContinuousClock.now
            _ = Reports.text(try Reports.draft(input), format: .md)
            markdown.append(Self.seconds(ContinuousClock.now - drafted))
            html.append(Self.seconds(drafted - start))
            bytes = text.utf8.count
        }
        print(String(format: "report of %d cases (%@): draft and write HTML median %.1f ms (%d KB); Markdown median %.1f ms",
                     reportCases, framework.id, Self.median(html) * 1000, bytes / 1024, Self.median(markdown) * 1000))
        print("")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
