import Foundation
import Testing
import YJICore

/// Runs the built `yji` executable as a user would, and checks what it prints and how it exits.
struct YJIProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `yji` binary beside the test bundle in the build folder.
    static var executable: URL {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("yji")
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh temporary folder per test, removed afterwards.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("yji-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

@Suite("yji command line")
struct CommandLineTests {
    @Test func validateAcceptsTheShippedFrameworks() throws {
        let paths = FrameworkCatalog.shippedIDs.compactMap { FrameworkCatalog.url(of: $0)?.path }
        #expect(paths.count == 3)
        let result = try YJIProcess.run(["framework", "validate"] + paths)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 3)
        #expect(result.stdout.contains("ok: cci"))
    }

    @Test func validateRejectsABrokenFileWithFileAndLine() throws {
        let folder = try TemporaryFolder()
        let cci = try String(contentsOf: try #require(FrameworkCatalog.url(of: "cci")), encoding: .utf8)
        let broken = cci
            .replacingOccurrences(of: "  - id: roh-screening-timely\n", with: "  - id: roh-screening-done\n")
            .replacingOccurrences(of: "      - label: \"MODERATE improvement required\"\n        from: 60\n",
                                  with: "      - label: \"MODERATE improvement required\"\n        from: 62\n")
        let file = try folder.write("broken.yaml", broken)
        let lines = broken.components(separatedBy: "\n")
        let duplicateLine = try #require(lines.indices.filter { lines[$0] == "  - id: roh-screening-done" }.last) + 1
        let bandLine = try #require(lines.indices.first { lines[$0].contains("MODERATE") && lines[$0 + 1].contains("from: 62") }) + 1

        let result = try YJIProcess.run(["framework", "validate", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(file):\(duplicateLine): roh-screening-done: duplicate question id"))
        #expect(result.stderr.contains("\(file):\(bandLine): improvement-required: bands leave a gap: nothing covers 60-61"))
    }

    @Test func showPrintsTheWholeFrameworkAsJSON() throws {
        let result = try YJIProcess.run(["framework", "show", "cci", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let questions = try #require(json["questions"] as? [[String: Any]])
        #expect(questions.count > 80)
        for question in questions {
            #expect(question["id"] is String && question["criterion"] is String)
            #expect(question["applicability"] is [String: Any] && question["headlines"] is [Any])
        }
        let text = try YJIProcess.run(["framework", "show", "fji"])
        #expect(text.stdout.contains("5 Governance and partnerships (judged by inspectors, not scored)"))
    }

    @Test func generateIsReproducibleAndScoresCleanly() throws {
        let folder = try TemporaryFolder()
        for name in ["a", "b"] {
            let result = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "99", "--seed", "7", "--out", folder.path(name)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let other = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "99", "--seed", "8", "--out", folder.path("c")])
        #expect(other.status == 0)
        for file in ["cases.csv", "judgements.csv"] {
            let a = try Data(contentsOf: folder.url.appendingPathComponent("a/\(file)"))
            #expect(a == (try Data(contentsOf: folder.url.appendingPathComponent("b/\(file)"))), "same seed, same \(file)")
            #expect(a != (try Data(contentsOf: folder.url.appendingPathComponent("c/\(file)"))), "other seed, other \(file)")
        }
        let cases = try String(contentsOfFile: folder.path("a/cases.csv"), encoding: .utf8)
        #expect(cases.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 100)
        #expect(cases.contains("SYN-0099"))
        let custody = cases.components(separatedBy: "\n").filter { $0.contains(",custody,") }.count
        #expect((10...30).contains(custody), "about a fifth in custody, got \(custody) of 99")

        let score = try YJIProcess.run(["score", "--framework", "cci", "--cases", folder.path("a/cases.csv"),
                                        "--judgements", folder.path("a/judgements.csv"), "--format", "json"])
        #expect(score.status == 0, "\(score.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        for key in ["headlines", "sections", "criteria", "questions"] {
            let items = try #require(json[key] as? [[String: Any]], "\(key)")
            #expect(!items.isEmpty)
            for item in items {
                #expect(item["id"] is String && item["name"] is String && item["sufficient"] is Int && item["applicable"] is Int)
                #expect(item.keys.contains("percent") && item.keys.contains("band"))
            }
        }
        let headlines = try #require(json["headlines"] as? [[String: Any]])
        #expect(headlines.map { $0["id"] as? String } == ["safeguarding", "roh", "lor"])
    }

    @Test func scoreTextIsTheSummaryTableThenEverySectionAndCriterion() throws {
        let folder = try TemporaryFolder()
        _ = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "38", "--seed", "3", "--out", folder.path("x")])
        let result = try YJIProcess.run(["score", "--framework", "cci", "--cases", folder.path("x/cases.csv"),
                                         "--judgements", folder.path("x/judgements.csv")])
        #expect(result.status == 0)
        let text = result.stdout
        let summary = try #require(text.range(of: "Scoring summary"))
        let sections = try #require(text.range(of: "Sections"))
        #expect(summary.lowerBound < sections.lowerBound)
        for id in ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2"] { #expect(text.contains("  \(id) ")) }
        #expect(text.contains("improvement required"))
        let csv = try YJIProcess.run(["score", "--framework", "cci", "--cases", folder.path("x/cases.csv"),
                                      "--judgements", folder.path("x/judgements.csv"), "--format", "csv"])
        #expect(csv.stdout.hasPrefix("level,id,name,sufficient,applicable,not_applicable,unanswered,percent,band"))
        #expect(csv.stdout.contains("\nheadline,roh,Risk of Harm to others,"))
    }

    @Test func badInputIsReportedByFileLineAndFieldAndNothingIsScored() throws {
        let folder = try TemporaryFolder()
        let cases = try folder.write("cases.csv", """
            case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after
            X-1,15,male,white,yro,community,current,medium,low,no
            X-2,15,male,white,yro,community,current,extreme,low,no
            X-3,9,female,mixed,referral order,community,closed,low,low,maybe
            X-4,16,male,white,yro,custody,current,low,low,no

            """)
        let judgements = try folder.write("judgements.csv", """
            case_id,question_id,answer,assessor,note
            X-1,roh-screening-done,yes,Synthetic Assessor A,
            X-1,no-such-question,yes,,
            X-1,roh-screening-timely,perhaps,,

            """)
        let result = try YJIProcess.run(["score", "--framework", "cci", "--cases", cases, "--judgements", judgements])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let expected = [
            "\(cases):3: rosh: 'extreme' is not one of low|medium|high|very high",
            "\(cases):4: age: '9' is not a whole number from 10 to 19",
            "\(cases):4: looked_after: 'maybe' is not yes or no",
            "\(cases):5: setting: custody, but the disposal 'yro' is not a custodial sentence",
            "\(judgements):3: question_id: 'no-such-question' is not a question of framework cci",
            "\(judgements):4: answer: 'perhaps' is not an answer to roh-screening-timely (yes|no|na)",
        ]
        for line in expected { #expect(result.stderr.contains(line), "missing: \(line)\n\(result.stderr)") }
    }

    @Test func aJudgementThatDoesNotApplyIsReportedAtItsLine() throws {
        let folder = try TemporaryFolder()
        let cases = try folder.write("cases.csv", """
            case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after
            X-1,15,male,white,yro,community,current,medium,low,no

            """)
        let judgements = try folder.write("judgements.csv", """
            case_id,question_id,answer,assessor,note
            X-1,roh-screening-done,yes,,
            X-1,custody-plan-produced,yes,,

            """)
        let result = try YJIProcess.run(["score", "--framework", "cci", "--cases", cases, "--judgements", judgements])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(judgements):3: question_id: case X-1, question custody-plan-produced: answered, but the question applies to custody cases only"))
    }

    @Test func missingFilesExitWithNoInput() throws {
        let result = try YJIProcess.run(["score", "--framework", "cci", "--cases", "/nonexistent/cases.csv", "--judgements", "/nonexistent/j.csv"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/cases.csv: cannot be read (no such file)"))
    }

    @Test func demoWritesAndScoresAllThreeProgrammes() throws {
        let folder = try TemporaryFolder()
        let result = try YJIProcess.run(["demo", "--files"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        for id in ["cci", "sqs", "fji"] {
            #expect(FileManager.default.fileExists(atPath: folder.path("yji-demo/\(id)/judgements.csv")))
        }
        #expect(result.stdout.contains("Scoring summary"))
        #expect(result.stdout.contains("5 Governance and partnerships"))
    }
}
