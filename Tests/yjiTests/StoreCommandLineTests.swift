import Foundation
import Testing
import YJICore

/// The store's commands as a user runs them, on SQLite (and PostgreSQL where the crash test allows it).
@Suite("yji store commands")
struct StoreCommandLineTests {
    @Test func aNewcomersRoundTripThroughTheStore() throws {
        let folder = try TemporaryFolder()
        let database = ["--database", folder.path("yji.sqlite"), "--actor", "Test Lead"]
        func yji(_ arguments: [String]) throws -> YJIProcess.Result { try YJIProcess.run(arguments + database) }

        #expect(try yji(["migrate"]).stdout.contains("schema at version 13 (13 migrations applied)"))
        let created = try yji(["inspection", "create", "--area", "Synthetic Borough", "--region", "Test Region",
                               "--framework", "cci", "--fieldwork-start", "2026-03-02", "--fieldwork-end", "2026-03-06"])
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(id) != nil)

        _ = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "30", "--seed", "4", "--out", folder.path("in")])
        #expect(try yji(["import", "cases", "--inspection", id, folder.path("in/cases.csv")]).stdout.contains("imported 30 cases"))
        let imported = try yji(["import", "judgements", "--inspection", id, folder.path("in/judgements.csv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("0 changed, 0 unchanged"))
        let again = try yji(["import", "judgements", "--inspection", id, folder.path("in/judgements.csv")])
        #expect(again.stdout.contains("judgements: 0 new, 0 changed"))

        // The stored inspection scores exactly as its files do.
        let fromFiles = try YJIProcess.run(["score", "--framework", "cci", "--cases", folder.path("in/cases.csv"),
                                            "--judgements", folder.path("in/judgements.csv"), "--format", "json"])
        let fromStore = try yji(["score", "--inspection", id, "--format", "json"])
        #expect(fromStore.status == 0 && fromStore.stdout == fromFiles.stdout)

        // Export as json, import as a new inspection, export again: the same bytes, the same scores.
        let archive = folder.path("archive.json")
        #expect(try yji(["export", "--inspection", id, "--out", archive]).status == 0)
        let copy = try yji(["import", "inspection", archive]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(copy != id && Int(copy) != nil)
        let reexported = try yji(["export", "--inspection", copy]).stdout
        #expect(reexported == (try String(contentsOfFile: archive, encoding: .utf8)))
        #expect(try yji(["score", "--inspection", copy, "--format", "json"]).stdout == fromStore.stdout)

        // Export as the two CSV files gives back what was imported.
        #expect(try yji(["export", "--inspection", id, "--format", "csv", "--out", folder.path("out")]).status == 0)
        for file in ["cases.csv", "judgements.csv"] {
            #expect(try String(contentsOfFile: folder.path("out/\(file)"), encoding: .utf8)
                    == (try String(contentsOfFile: folder.path("in/\(file)"), encoding: .utf8)))
        }

        let audit = try yji(["audit", "--inspection", id])
        #expect(audit.stdout.contains("Test Lead  create inspection \(id)"))
        #expect(audit.stdout.contains("create judgement SYN-0001/"))
        let listed = try yji(["inspection", "list"]).stdout
        #expect(listed.contains("Synthetic Borough\tcci 2011.1\tplanning\t2026-03-02 to 2026-03-06"))

        #expect(try yji(["backup", "--to", folder.path("backup.sqlite")]).stdout.contains("backed up"))
        let fromBackup = try YJIProcess.run(["score", "--inspection", id, "--format", "json", "--database", folder.path("backup.sqlite")])
        #expect(fromBackup.stdout == fromStore.stdout)
    }

    @Test func badImportsChangeNothingAndSayWhere() throws {
        let folder = try TemporaryFolder()
        let database = ["--database", folder.path("yji.sqlite")]
        let id = try YJIProcess.run(["inspection", "create", "--area", "Synthetic Town", "--framework", "sqs"] + database)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cases = try folder.write("cases.csv", """
            case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after
            X-1,15,male,white,yro,community,current,medium,low,no
            X-2,21,male,white,yro,community,current,medium,low,no

            """)
        let result = try YJIProcess.run(["import", "cases", "--inspection", id, cases] + database)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(cases):3: age: '21' is not a whole number from 10 to 19"))
        let audit = try YJIProcess.run(["audit", "--inspection", id] + database).stdout
        #expect(!audit.contains("create case"))
        let missing = try YJIProcess.run(["score", "--inspection", "999"] + database)
        #expect(missing.status == 65 && missing.stderr.contains("no inspection with id 999"))
    }

    /// Kill -9 in the middle of a stream of saves: every save acknowledged before the kill is there afterwards,
    /// and the SQLite file passes its integrity check.
    @Test(arguments: ["sqlite"] + (ProcessInfo.processInfo.environment["YJI_TEST_POSTGRES_URL"].map { _ in ["postgres"] } ?? []))
    func everyAcknowledgedSaveSurvivesKillMinus9(_ engine: String) throws {
        let folder = try TemporaryFolder()
        let schema = "yji_crash_\(UUID().uuidString.prefix(8).lowercased())"
        let location = engine == "sqlite"
            ? folder.path("crash.sqlite")
            : ProcessInfo.processInfo.environment["YJI_TEST_POSTGRES_URL"]! + "?schema=\(schema)"
        let database = ["--database", location]
        let id = try YJIProcess.run(["inspection", "create", "--area", "Synthetic Crash Area", "--framework", "cci"] + database)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "10", "--seed", "2", "--out", folder.path("in")])
        #expect(try YJIProcess.run(["import", "cases", "--inspection", id, folder.path("in/cases.csv")] + database).status == 0)

        // Start the writer, let it run, then SIGKILL it while it is saving.
        let writer = Process()
        writer.executableURL = YJIProcess.executable
        writer.arguments = ["save-loop", "--inspection", id] + database
        let pipe = Pipe()
        writer.standardOutput = pipe
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        // Read on a thread of its own: a blocking read must not occupy one of Swift concurrency's few threads.
        let output = OutputCollector(pipe.fileHandleForReading)
        Thread.sleep(forTimeInterval: 3)
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        let acknowledged = String(decoding: output.wait(), as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("ack ") && $0.split(separator: " ").count == 4 }
        #expect(acknowledged.count > 20, "the writer should have saved for a while; got \(acknowledged.count)")

        // After reopening: each acknowledged (case, question) holds at least the acknowledged version.
        let archiveText = try YJIProcess.run(["export", "--inspection", id] + database).stdout
        let archive = try #require(try JSONSerialization.jsonObject(with: Data(archiveText.utf8)) as? [String: Any])
        let stored = (archive["judgements"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { versions, item in
            versions["\(item["caseID"] as? String ?? "")/\(item["questionID"] as? String ?? "")"] = item["version"] as? Int
        }
        var lost = 0
        for line in acknowledged {
            let parts = line.split(separator: " ")
            if (stored["\(parts[1])/\(parts[2])"] ?? 0) < Int(parts[3])! { lost += 1 }
        }
        #expect(lost == 0, "\(lost) of \(acknowledged.count) acknowledged saves were lost")
        print("kill -9 on \(engine): \(acknowledged.count) saves acknowledged before the kill, \(lost) lost")

        // The database itself is sound after the kill (SQLite's integrity check; PostgreSQL answers).
        let check = try YJIProcess.run(["check"] + database)
        #expect(check.status == 0 && check.stdout == "ok\n", "\(check.stdout)\(check.stderr)")
    }
}

/// Collects everything a pipe delivers, on a dispatch thread, until the writer's end closes.
final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

@Suite("yji sample and allocate")
struct SampleCommandLineTests {
    @Test func fromCaseloadToAllocatedInterviews() throws {
        let folder = try TemporaryFolder()
        let database = ["--database", folder.path("yji.sqlite"), "--actor", "Test Lead"]
        func yji(_ arguments: [String]) throws -> YJIProcess.Result { try YJIProcess.run(arguments + database) }
        let id = try yji(["inspection", "create", "--area", "Synthetic Vale", "--framework", "cci",
                          "--fieldwork-start", "2026-03-02", "--fieldwork-end", "2026-03-06"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let generated = try YJIProcess.run(["generate", "--framework", "cci", "--cases", "1", "--seed", "12", "--caseload", "500",
                                            "--as-of", "2026-03-02", "--out", folder.path("in")])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try yji(["import", "caseload", "--inspection", id, folder.path("in/caseload.csv")]).stdout.contains("caseload of 500"))

        let drawn = try yji(["sample", "--inspection", id, "--draw", "--seed", "3", "--size", "45"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(drawn.stdout.contains("Sample of 45 from"))
        #expect(drawn.stdout.contains("characteristic") && drawn.stdout.contains("caseload") && drawn.stdout.contains("sample"))
        let again = try yji(["sample", "--inspection", id])
        #expect(again.stdout == drawn.stdout, "showing the sample prints what the draw printed")

        let firstCase = try #require(drawn.stdout.split(separator: "\n").dropFirst(2).first?.split(separator: " ").first.map(String.init))
        #expect(try yji(["sample", "--inspection", id, "--replace", firstCase]).status != 0, "a replacement needs a reason")
        let replaced = try yji(["sample", "--inspection", id, "--replace", firstCase, "--because", "transferred out of area"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("replaces \(firstCase) (transferred out of area)"))
        #expect(replaced.stdout.contains("excluded \(firstCase): transferred out of area"))

        let allocated = try yji(["allocate", "--inspection", id, "--team", "Inspector Ash:inspector",
                                 "--team", "Inspector Birch:lead-inspector", "--team", "Assessor Cedar:local-assessor:Elsewhere YJS"])
        #expect(allocated.status == 0, "\(allocated.stderr)")
        for name in ["Inspector Ash", "Inspector Birch", "Assessor Cedar"] { #expect(allocated.stdout.contains("\(name): ")) }
        #expect(allocated.stdout.contains("2026-03-02 slot 1"))
        let badTeam = try yji(["allocate", "--inspection", id, "--team", "Someone:local-assessor"])
        #expect(badTeam.status != 0 && badTeam.stderr.contains("home service"))
        let audit = try yji(["audit", "--inspection", id]).stdout
        #expect(audit.contains("create sample") && audit.contains("update sample") && audit.contains("create allocation"))
    }
}
