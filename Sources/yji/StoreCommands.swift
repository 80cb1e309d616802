import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji migrate`: bring the database's schema up to date (also done whenever a store command starts).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let location = try StoreLocation.resolve(option: store.database)
        let versions = try await store.withStore { try await $0.appliedMigrations() }
        print("\(location): schema at version \(versions.last ?? 0) (\(versions.count) migrations applied)")
    }
}

/// `yji inspection create|list`.
struct InspectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection", abstract: "Create and list inspections.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an inspection; prints its id.")

        @Option(help: "The youth offending team or service inspected.") var area: String
        @Option(help: "Its region.") var region: String = ""
        @Option(help: "England or Wales.") var country: String = "England"
        @Option(help: "A shipped framework id (cci, sqs, fji) or a framework file.") var framework: String
        @Option(help: "First day of fieldwork, YYYY-MM-DD.") var fieldworkStart: String?
        @Option(help: "Last day of fieldwork, YYYY-MM-DD.") var fieldworkEnd: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let country = Country.allCases.first(where: { $0.rawValue.lowercased() == country.lowercased() }) else {
                throw ValidationError("--country must be England or Wales")
            }
            let (framework, yaml): (Framework, String)
            do {
                (framework, yaml) = try FrameworkCatalog.resolveWithSource(self.framework)
            } catch {
                Terminal.report(error)
                throw ExitStatus.dataError
            }
            let new = NewInspection(areaName: area, region: region, country: country, framework: framework,
                                    fieldworkStart: fieldworkStart, fieldworkEnd: fieldworkEnd)
            let inspection = try await store.withStore { try await $0.inspections.createInspection(new, frameworkYAML: yaml, actor: store.actorName) }
            print(inspection.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List inspections, newest first.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let inspections = try await store.withStore { try await $0.inspections.inspections() }
            for inspection in inspections {
                let dates = [inspection.fieldworkStart, inspection.fieldworkEnd].compactMap { $0?.description }.joined(separator: " to ")
                print("\(inspection.id)\t\(inspection.area.name)\t\(inspection.frameworkID) \(inspection.frameworkVersion)\t"
                      + "\(inspection.status.rawValue)\t\(dates)")
            }
        }
    }
}

/// `yji import cases|judgements|inspection`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a caseload, cases, judgements, questionnaires, indicators or a whole inspection; all or nothing.",
        subcommands: [Caseload.self, Cases.self, Judgements.self, Questionnaire.self, Indicators.self, Archive.self])

    struct Questionnaire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import questionnaire responses (children, victims) or staff interview records from CSV into an inspection.")
        @Option(help: "Inspection id.") var inspection: Int
        @Option(help: "children, victims or staff.") var questionnaire: String
        @Argument(help: "The responses file: one row per response, a column per question id.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let definition: YJICore.Questionnaire
            do throws(ProblemList) { definition = try QuestionnaireCatalog.shipped(questionnaire) } catch {
                Terminal.report(error)
                throw ExitStatus.dataError
            }
            let text = try Terminal.readText(file)
            let count = try await store.withStore {
                try await $0.evidence.importQuestionnaireResponses(inspection: inspection, questionnaire: definition, csv: text, file: file,
                                                          actor: store.actorName)
            }
            print("imported \(count) \(questionnaire) responses into inspection \(inspection)")
        }
    }

    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import areas' published figures (reoffending, first-time entrants, custody, population) from CSV.")
        @Argument(help: "The indicators file: one row per area and period.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let text = try Terminal.readText(file)
            let count = try await store.withStore { try await $0.evidence.importIndicators(csv: text, file: file, actor: store.actorName) }
            print("imported \(count) rows of indicators")
        }
    }

    struct Caseload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the service's caseload (caseload.csv) into an inspection, to draw its sample from.")
        @Option(help: "Inspection id.") var inspection: Int
        @Argument(help: "The caseload file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                Terminal.fail("\(file): cannot be read (no such file)")
                throw ExitStatus.noInput
            }
            let count = try await store.withStore {
                try await $0.sampling.importCaseload(inspection: inspection, data: data, file: file, actor: store.actorName)
            }
            print("imported a caseload of \(count) cases into inspection \(inspection)")
        }
    }

    struct Cases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a cases.csv file into an inspection.")
        @Option(help: "Inspection id.") var inspection: Int
        @Argument(help: "The cases file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let text = try Terminal.readText(file)
            let count = try await store.withStore {
                try await $0.assessment.importCases(inspection: inspection, csv: text, file: file, actor: store.actorName)
            }
            print("imported \(count) cases into inspection \(inspection)")
        }
    }

    struct Judgements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a judgements.csv file into an inspection.")
        @Option(help: "Inspection id.") var inspection: Int
        @Argument(help: "The judgements file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let text = try Terminal.readText(file)
            let summary = try await store.withStore {
                try await $0.assessment.importJudgements(inspection: inspection, csv: text, file: file, actor: store.actorName)
            }
            print("judgements: \(summary.created) new, \(summary.updated) changed, \(summary.unchanged) unchanged")
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspection", abstract: "Create an inspection from a JSON archive made by yji export.")
        @Argument(help: "The archive (JSON).") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                Terminal.fail("\(file): cannot be read (no such file)")
                throw ExitStatus.noInput
            }
            let inspection = try await store.withStore { store in
                try await store.archives.importArchive(try InspectionArchive.read(data, file: file), file: file, actor: self.store.actorName)
            }
            print(inspection.id)
        }
    }
}

/// `yji export`: an inspection as a JSON archive, or as the two CSV interchange files.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export an inspection: json (the whole inspection) or csv (cases.csv and judgements.csv).")

    @Option(help: "Inspection id.") var inspection: Int
    @Option(help: "json or csv.") var format: OutputFormat = .json
    @Option(help: "json: the file to write (default: standard output); csv: the folder to write into.") var out: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if format == .text { throw ValidationError("export writes json or csv") }
        if format == .csv, out == nil { throw ValidationError("--format csv needs --out FOLDER") }
    }

    func run() async throws {
        let archive = try await store.withStore { try await $0.archives.export(inspection: inspection) }
        switch format {
        case .json:
            let text = String(decoding: try archive.jsonData(), as: UTF8.self) + "\n"
            if let out { try Terminal.write(text, to: URL(fileURLWithPath: out)) } else { print(text, terminator: "") }
        case .csv, .text:
            let folder = URL(fileURLWithPath: out!)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Terminal.write(CaseFile.write(archive.cases), to: folder.appendingPathComponent("cases.csv"))
            try Terminal.write(JudgementFile.write(archive.judgements.map(\.judgement)),
                               to: folder.appendingPathComponent("judgements.csv"))
            print("wrote \(folder.path)/cases.csv and judgements.csv")
        }
    }
}

/// `yji audit`: the audit trail of an inspection.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Print an inspection's audit trail, oldest first.")

    @Option(help: "Inspection id.") var inspection: Int
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let entries = try await store.withStore { try await $0.inspections.auditTrail(inspection: inspection) }
        for entry in entries {
            var line = "\(entry.recordedAt)  \(entry.actor)  \(entry.action) \(entry.entity) \(entry.entityID)"
            if let before = entry.before { line += "\n    before: \(before)" }
            if let after = entry.after { line += "\n    after:  \(after)" }
            if !entry.reason.isEmpty { line += "\n    why:    \(entry.reason)" }
            print(line)
        }
    }
}

/// `yji backup`: a consistent copy of an SQLite store, taken while it is in use.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the SQLite database to a new file while it stays in use (PostgreSQL: use pg_dump).")

    @Option(help: "The new backup file.") var to: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.withStore { try await $0.backup(to: to) }
        print("backed up to \(to)")
    }
}

/// `yji check`: is the database sound? (SQLite's integrity check; for PostgreSQL, that the server answers.)
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check the database's integrity.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let result = try await store.withStore { try await $0.integrityCheck() }
        print(result)
        if result != "ok" { throw ExitStatus.dataError }
    }
}
