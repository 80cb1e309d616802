import ArgumentParser
import Foundation
import YJICore

/// `yji demo`: a first look at yji with synthetic data, needing nothing installed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate synthetic inspections for all three programmes and show their scores."
    )

    @Option(help: "Folder for the demo files.")
    var out: String = "yji-demo"

    /// The demo's inspections: one per shipped programme, sized like the published samples.
    static let inspections: [(framework: String, cases: Int, seed: UInt64, quality: Double)] = [
        ("cci", 38, 7, 0.55), ("sqs", 20, 11, 0.7), ("fji", 57, 13, 0.8),
    ]

    func run() throws {
        print("yji demo: synthetic inspections (fictional cases, no real data).\n")
        for demo in Self.inspections {
            let framework = try Terminal.framework(demo.framework)
            let folder = URL(fileURLWithPath: out).appendingPathComponent(demo.framework)
            let written = try SyntheticFiles.write(framework: framework, caseCount: demo.cases, seed: demo.seed,
                                                   quality: demo.quality, folder: folder)
            let card: Scorecard
            do {
                card = try InspectionFiles.score(
                    framework: framework,
                    casesText: try Terminal.readText(written.cases.path), casesFile: written.cases.path,
                    judgementsText: try Terminal.readText(written.judgements.path), judgementsFile: written.judgements.path)
            } catch let problems as ProblemList {
                Terminal.report(problems)
                throw ExitStatus.dataError
            }
            print(ScorecardTable.render(card, framework: framework))
            print("Files: \(written.cases.path), \(written.judgements.path)")
            print("Again: yji score --framework \(demo.framework) --cases \(written.cases.path) --judgements \(written.judgements.path)\n")
        }
        print("Next: yji framework show cci | yji score --format json ... | yji generate --help")
    }
}
