import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// The `yji` command line: scoring, frameworks, synthetic data and the demo.
@main
struct YJI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yji",
        abstract: "Inspect the quality of youth offending work: frameworks, case judgements, scores.",
        subcommands: [
            DemoCommand.self, ScoreCommand.self, FrameworkCommand.self, GenerateCommand.self,
            InspectionCommand.self, ImportCommand.self, SampleCommand.self, AllocateCommand.self, ExportCommand.self,
            AuditCommand.self, BackupCommand.self, CheckCommand.self, ServeCommand.self, UserCommand.self,
            MigrateCommand.self, BenchCommand.self, SaveLoopCommand.self, BenchmarkCommand.self, ReportCommand.self,
            PlanCommand.self, PublishCommand.self, ReopenCommand.self,
        ]
    )
}

/// `--database` and `--actor`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "postgres://USER:PASSWORD@HOST:PORT/DB, or an SQLite file (default: $YJI_DATABASE_URL, else ./yji.sqlite).")
    var database: String?

    @Option(help: "Who is making the change, for the audit trail (default: $YJI_ACTOR, else the login name).")
    var actor: String?

    var actorName: String {
        actor ?? ProcessInfo.processInfo.environment["YJI_ACTOR"] ?? ProcessInfo.processInfo.environment["USER"] ?? "yji"
    }

    /// Opens the store (running any pending migrations), runs `body`, and closes it, turning store errors into
    /// messages and exit codes.
    func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
        let store: Store
        do {
            store = try await Store.open(try StoreLocation.resolve(option: database))
        } catch {
            Terminal.fail("\(error)")
            throw ExitCode.failure
        }
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch let error as StoreError {
            await store.close()
            switch error {
            case .problems(let list):
                Terminal.report(list)
                throw ExitStatus.dataError
            case .invalid, .invalidField, .notFound, .published, .notReady:
                Terminal.fail(error.description)
                throw ExitStatus.dataError
            default:
                Terminal.fail(error.description)
                throw ExitCode.failure
            }
        } catch {
            await store.close()
            throw error
        }
    }
}

/// Exit codes from sysexits(3), so scripts can tell bad data from a missing file.
enum ExitStatus {
    /// The input data was wrong (a framework, cases or judgements file with problems).
    static let dataError = ExitCode(65)
    /// An input file could not be opened.
    static let noInput = ExitCode(66)
    /// An output file or folder could not be written.
    static let cannotCreate = ExitCode(73)
}

/// Shared plumbing for commands: reading inputs and reporting problems the same way everywhere.
enum Terminal {
    /// Prints problems to standard error, one per line, as FILE:LINE: field: message.
    static func report(_ problems: ProblemList) {
        FileHandle.standardError.write(Data((problems.description + "\n").utf8))
    }

    /// Prints a one-line message to standard error.
    static func fail(_ message: String) {
        FileHandle.standardError.write(Data(("yji: " + message + "\n").utf8))
    }

    /// Reads a whole text file, or exits with EX_NOINPUT naming it.
    static func readText(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            fail("\(path): cannot be read (\(FileManager.default.fileExists(atPath: path) ? "not UTF-8 text" : "no such file"))")
            throw ExitStatus.noInput
        }
    }

    /// Loads a framework by shipped id or file path, or exits with EX_DATAERR after printing its problems.
    static func framework(_ idOrPath: String) throws -> Framework {
        do {
            return try FrameworkCatalog.resolve(idOrPath)
        } catch {
            report(error)
            throw ExitStatus.dataError
        }
    }

    /// Writes text to a file, or exits with EX_CANTCREAT naming it.
    static func write(_ text: String, to url: URL) throws {
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            fail("\(url.path): cannot be written (\(error.localizedDescription))")
            throw ExitStatus.cannotCreate
        }
    }
}

/// Output formats shared by the commands that print data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
