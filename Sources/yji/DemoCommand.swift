import ArgumentParser
import Foundation
import YJICore
import YJIStore
import YJIWeb

/// `yji demo`: a first look at yji with synthetic data, needing nothing installed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve yji with synthetic demo inspections and one user per role (or, with --files, write and score demo files)."
    )

    @Option(help: "SQLite file for the demo database; reused if it exists.")
    var database: String = "yji-demo.sqlite"

    @OptionGroup var listen: ListenOptions

    @Flag(help: "Prepare the demo database and print the sign-in details, without serving.")
    var noServe = false

    @Flag(help: "Instead of serving: write the demo inspections as CSV files and print their scores.")
    var files = false

    @Option(help: "With --files: folder for the demo files.")
    var out: String = "yji-demo"

    /// The demo's inspections: one per shipped programme, sized like the published samples.
    static let inspections: [(framework: String, cases: Int, seed: UInt64, quality: Double)] = [
        ("cci", 38, 7, 0.55), ("sqs", 20, 11, 0.7), ("fji", 57, 13, 0.8),
    ]

    func run() async throws {
        if files { return try writeFiles() }
        let location = try StoreLocation.resolve(option: database)
        let store = try await Store.open(location)
        do {
            let created = try await DemoData.prepare(store)
            let banner = (created ? "Created" : "Reusing") + " the demo database \(database): synthetic inspections, no real data.\n"
                + "Sign in with any of these (each role sees different things):\n"
                + DemoData.accounts.map { "  \($0.role.label.padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.email)  password: \($0.password)" }
                    .joined(separator: "\n")
                + "\nStart with the local assessor: \"My cases\" lists the cases waiting to be assessed.\n"
            if noServe {
                print(banner)
            } else {
                try await listen.serve(store, banner: banner)
            }
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    private func writeFiles() throws {
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
