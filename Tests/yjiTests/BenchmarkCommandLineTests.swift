import Foundation
import Testing
import YJICore
import YJIReports
import YJIStore

/// `yji benchmark` as an analyst runs it, on an SQLite store prepared through YJIStore.
@Suite("yji benchmark")
struct BenchmarkCommandLineTests {
    /// A store of synthetic CCI inspections: three published (two London areas and one in Wales) and a poor draft.
    static func prepareStore(at path: String) async throws -> (published: [Int], draft: Int) {
        let store = try await Store.open(.sqlite(path: path))
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        func add(_ area: String, _ region: String, _ country: Country, end: String, status: InspectionStatus,
                 seed: UInt64, quality: Double) async throws -> Int {
            let inspection = try await store.inspections.createInspection(
                NewInspection(areaName: area, region: region, country: country, framework: framework,
                              fieldworkStart: end, fieldworkEnd: end, status: status == .published ? .factualAccuracy : status),
                frameworkYAML: yaml, actor: "Test Lead")
            let data = SyntheticInspection(framework: framework, caseCount: 10, seed: seed, quality: quality)
            try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
            _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                 file: "judgements.csv", actor: "Test Assessor")
            if status == .published {
                // Published as any inspection is: through the gate, which stores the card the benchmark reads.
                _ = try await store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: "Test Lead")
                try await store.reports.publish(inspection: inspection.id, actor: "Test Lead")
            }
            return inspection.id
        }
        do {
            let published = [
                try await add("Syntheticshire 001", "Synthetic London", .england, end: "2011-03-04", status: .published, seed: 1, quality: 0.5),
                try await add("Syntheticshire 002", "Synthetic London", .england, end: "2011-06-10", status: .published, seed: 2, quality: 0.8),
                try await add("Synthetic Cymru 001", "Wales", .wales, end: "2011-09-09", status: .published, seed: 3, quality: 0.6),
            ]
            let draft = try await add("Syntheticshire 003", "Synthetic London", .england, end: "2011-05-05", status: .draftReport,
                                      seed: 4, quality: 0)
            await store.close()
            return (published, draft)
        } catch {
            await store.close()
            throw error
        }
    }

    @Test func printsTheTableInEveryFormatFromPublishedInspectionsOnly() async throws {
        let folder = try TemporaryFolder()
        let database = folder.path("yji.sqlite")
        let (published, _) = try await Self.prepareStore(at: database)
        func yji(_ arguments: [String]) throws -> YJIProcess.Result {
            try YJIProcess.run(["benchmark", "--programme", "cci"] + arguments + ["--database", database])
        }

        let json = try yji(["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let table = try JSONDecoder().decode(BenchmarkTable.self, from: Data(json.stdout.utf8))
        #expect(table.inspectionIDs == published, "the draft is not in the benchmark")
        // The command's figures are YJICore's, computed from the published scorecards.
        let store = try await Store.open(.sqlite(path: database))
        let entries = try await store.benchmark.benchmarkEntries(programme: "cci", asOf: nil)
        await store.close()
        #expect(table == Benchmarking.table(programme: "cci", entries: entries, asOf: nil))
        let roh = try #require(table.benchmark(.headline, "roh"))
        let percents = entries.compactMap { $0.scorecard.score(.headline, "roh")?.percent }
        #expect(roh.lowest == percents.min() && roh.highest == percents.max() && roh.areas == 3)

        let text = try yji([])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Benchmark of cci: 3 areas, each with its latest published inspection\n"))
        let rohLine = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("  Risk of Harm to others") })
        #expect(rohLine.split(separator: " ").suffix(4) == ["\(roh.lowest!)%", "\(roh.highest!)%", "\(roh.average!)%", "3"])
        #expect(text.stdout.contains("Scoring summary") && text.stdout.contains("  3.2 "))

        let csv = try yji(["--format", "csv"])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "level,id,name,lowest,highest,average,areas")
        #expect(rows.contains("headline,roh,Risk of Harm to others,\(roh.lowest!),\(roh.highest!),\(roh.average!),3"))
    }

    @Test func asOfRegionAndCountryNarrowTheAreas() async throws {
        let folder = try TemporaryFolder()
        let database = folder.path("yji.sqlite")
        let (published, _) = try await Self.prepareStore(at: database)
        func ids(_ arguments: [String]) throws -> [Int] {
            let result = try YJIProcess.run(["benchmark", "--programme", "cci", "--format", "json", "--database", database] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode(BenchmarkTable.self, from: Data(result.stdout.utf8)).inspectionIDs
        }
        #expect(try ids(["--as-of", "2011-06-10"]) == Array(published.prefix(2)))
        #expect(try ids(["--region", "Synthetic London"]) == Array(published.prefix(2)))
        #expect(try ids(["--country", "wales"]) == [published[2]])
        #expect(try ids(["--as-of", "2011-01-01"]) == [])

        let nothing = try YJIProcess.run(["benchmark", "--programme", "cci", "--as-of", "2011-01-01", "--database", database])
        #expect(nothing.stdout == "Benchmark of cci: 0 areas, each with its latest published inspection to 2011-01-01\n")
        let london = try YJIProcess.run(["benchmark", "--programme", "cci", "--region", "Synthetic London", "--database", database])
        #expect(london.stdout.hasPrefix("Benchmark of cci: 2 areas, each with its latest published inspection (Synthetic London)\n"))
    }

    @Test func generateStoresAProgrammeOfPublishedSyntheticInspections() throws {
        let folder = try TemporaryFolder()
        let database = ["--database", folder.path("yji.sqlite")]
        let made = try YJIProcess.run(["generate", "--programme", "cci", "--areas", "3", "--rounds", "2", "--cases", "6"] + database)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("stored 6 published cci inspections (3 areas × 2 rounds, ids 1-6)"))
        let listed = try YJIProcess.run(["inspection", "list"] + database).stdout
        #expect(listed.contains("Syntheticshire 001\tcci 2011.1\tpublished\t2009-04-06 to 2009-04-10"))
        func ids(_ arguments: [String]) throws -> [Int] {
            let result = try YJIProcess.run(["benchmark", "--programme", "cci", "--format", "json"] + arguments + database)
            return try JSONDecoder().decode(BenchmarkTable.self, from: Data(result.stdout.utf8)).inspectionIDs
        }
        #expect(try ids([]) == [4, 5, 6], "each area counts once, with its second-round inspection")
        #expect(try ids(["--as-of", "2009-12-31"]) == [1, 2, 3])
        #expect(try ids(["--as-of", "2010-04-09"]) == [2, 3, 4], "the second round has reached only the first area")
        let wrong = try YJIProcess.run(["generate", "--programme", "xyz", "--areas", "1", "--rounds", "1"] + database)
        #expect(wrong.status == 64 && wrong.stderr.contains("--programme must be one of: cci, sqs, fji"))
    }

    @Test func badOptionsAreRefused() throws {
        let folder = try TemporaryFolder()
        let badDate = try YJIProcess.run(["benchmark", "--programme", "cci", "--as-of", "2011-02-30", "--database", folder.path("y.sqlite")])
        #expect(badDate.status == 64 && badDate.stderr.contains("--as-of '2011-02-30' is not a date"))
        let badCountry = try YJIProcess.run(["benchmark", "--programme", "cci", "--country", "France", "--database", folder.path("y.sqlite")])
        #expect(badCountry.status == 64 && badCountry.stderr.contains("--country must be England or Wales"))
    }
}
