import Foundation
import Testing
@testable import YJICore

/// Builds benchmark entries over the shipped CCI framework with chosen whole percentages.
struct BenchmarkFixture {
    let cci: Framework

    init() throws { cci = try FrameworkCatalog.shipped("cci") }

    /// A CCI scorecard where every score is `otherwise` percent except those named by id; nil means no applicable cases.
    func card(_ percents: [String: Int?] = [:], otherwise: Int = 60) -> Scorecard {
        func score(_ level: ScoreLevel, _ id: String, _ name: String) -> Score {
            // p of 100 prints exactly p%; a nil percent is a score whose questions never applied.
            let tally = percents[id].map { $0.map { Tally(sufficient: $0, insufficient: 100 - $0) } ?? Tally(notApplicable: 4) }
                ?? Tally(sufficient: otherwise, insufficient: 100 - otherwise)
            return Score(level: level, id: id, name: name, tally: tally, scale: cci.ratingScale(for: level))
        }
        return Scorecard(
            frameworkID: cci.id, frameworkVersion: cci.version, cases: 38, custodyCases: 9, communityCases: 29,
            headlines: cci.headlines.map { score(.headline, $0.id, $0.name) },
            sections: cci.sections.map { score(.section, $0.id, $0.name) },
            criteria: cci.criteria.map { score(.criterion, $0.id, $0.name) },
            questions: [])
    }

    /// A published CCI inspection of a synthetic area.
    func entry(_ id: Int, _ area: String, on date: String = "2026-03-06", region: String = "Synthetic North",
               country: String = "England", programme: String = "cci", _ card: Scorecard) -> BenchmarkEntry {
        BenchmarkEntry(inspectionID: id, programme: programme, areaName: area, region: region, country: country,
                       date: CalendarDate.parse(date)!, scorecard: card)
    }
}

@Suite("Benchmarks across areas")
struct BenchmarkTests {
    let fixture: BenchmarkFixture

    init() throws { fixture = try BenchmarkFixture() }

    /// The three statistics of one score, for compact expectations.
    func stats(_ table: BenchmarkTable, _ level: ScoreLevel, _ id: String) throws -> [Int?] {
        let benchmark = try #require(table.benchmark(level, id), "\(level) \(id)")
        return [benchmark.lowest, benchmark.highest, benchmark.average, benchmark.areas]
    }

    @Test func oneAreaIsItsOwnLowestHighestAndAverage() throws {
        let table = Benchmarking.table(programme: "cci", entries: [fixture.entry(1, "Syntheticshire 001", fixture.card(["roh": 43]))],
                                       asOf: nil)
        #expect(try stats(table, .headline, "roh") == [43, 43, 43, 1])
        #expect(try stats(table, .criterion, "3.2") == [60, 60, 60, 1])
        #expect(table.inspectionIDs == [1])
    }

    @Test func everyScoreOfTheProgrammeIsListedInFrameworkOrder() throws {
        let table = Benchmarking.table(programme: "cci", entries: [fixture.entry(1, "Syntheticshire 001", fixture.card())], asOf: nil)
        #expect(table.headlines.map(\.id) == fixture.cci.headlines.map(\.id))
        #expect(table.sections.map(\.id) == fixture.cci.sections.map(\.id))
        #expect(table.criteria.map(\.id) == fixture.cci.criteria.map(\.id))
        #expect(table.headlines.map(\.name) == fixture.cci.headlines.map(\.name))
        #expect(table.scores.count == 3 + 3 + 8)
        #expect(table.benchmark(.question, "roh-screening-done") == nil)
        #expect(table.benchmark(.criterion, "9.9") == nil)
    }

    @Test func tiedAreasAllCount() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", fixture.card(["safeguarding": 40])),
            fixture.entry(2, "Syntheticshire 002", fixture.card(["safeguarding": 40])),
            fixture.entry(3, "Syntheticshire 003", fixture.card(["safeguarding": 90])),
            fixture.entry(4, "Syntheticshire 004", fixture.card(["safeguarding": 90])),
        ]
        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(try stats(table, .headline, "safeguarding") == [40, 90, 65, 4])
        // Every area the same: lowest, highest and average coincide.
        #expect(try stats(table, .criterion, "2.1") == [60, 60, 60, 4])
    }

    @Test func anAreaWithNoApplicableCasesIsLeftOutNotCountedAsZero() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", fixture.card(["1.3": 70, "3.2": nil])),
            fixture.entry(2, "Syntheticshire 002", fixture.card(["1.3": nil, "3.2": nil])),
            fixture.entry(3, "Syntheticshire 003", fixture.card(["1.3": 51, "3.2": nil])),
        ]
        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(try stats(table, .criterion, "1.3") == [51, 70, 61, 2], "61 is (70 + 51) / 2 = 60.5 rounded half up")
        // No area had applicable cases: the score stays in the table, with no figures rather than 0%.
        #expect(try stats(table, .criterion, "3.2") == [nil, nil, nil, 0])
        #expect(table.areas == 3)
    }

    @Test func inspectionsAfterTheAsOfDateAreLeftOut() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", on: "2011-06-10", fixture.card(["lor": 43])),
            fixture.entry(2, "Syntheticshire 002", on: "2011-12-02", fixture.card(["lor": 87])),
            fixture.entry(3, "Syntheticshire 003", on: "2011-12-03", fixture.card(["lor": 20])),
        ]
        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: CalendarDate.parse("2011-12-02"))
        #expect(table.inspectionIDs == [1, 2], "an inspection dated on the as-of day counts; the day after does not")
        #expect(try stats(table, .headline, "lor") == [43, 87, 65, 2])
        let everything = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(try stats(everything, .headline, "lor") == [20, 87, 50, 3])
        // Before any inspection there are no areas, and no scorecard to take the scores from.
        let before = Benchmarking.table(programme: "cci", entries: entries, asOf: CalendarDate.parse("2011-01-01"))
        #expect(before.areas == 0 && before.scores.isEmpty)
    }

    @Test func theCountingDateIsTheLastDayOfFieldworkElseTheFirst() {
        #expect(BenchmarkEntry.countingDate(fieldworkStart: CalendarDate.parse("2011-09-05"), fieldworkEnd: CalendarDate.parse("2011-09-09"))
                == CalendarDate.parse("2011-09-09"))
        #expect(BenchmarkEntry.countingDate(fieldworkStart: CalendarDate.parse("2011-09-05"), fieldworkEnd: nil) == CalendarDate.parse("2011-09-05"))
        #expect(BenchmarkEntry.countingDate(fieldworkStart: nil, fieldworkEnd: nil) == nil)
    }

    @Test func regionAndCountryNarrowTheAreas() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", region: "Synthetic London", fixture.card(["roh": 36])),
            fixture.entry(2, "Syntheticshire 002", region: "Synthetic London", fixture.card(["roh": 50])),
            fixture.entry(3, "Syntheticshire 003", region: "Synthetic North", fixture.card(["roh": 85])),
            fixture.entry(4, "Synthetic Cymru 001", region: "Wales", country: "Wales", fixture.card(["roh": 70])),
        ]
        let london = Benchmarking.table(programme: "cci", entries: entries, asOf: nil, region: "synthetic london")
        #expect(london.inspectionIDs == [1, 2])
        #expect(try stats(london, .headline, "roh") == [36, 50, 43, 2])
        #expect(london.region == "synthetic london")
        let england = Benchmarking.table(programme: "cci", entries: entries, asOf: nil, country: "England")
        #expect(try stats(england, .headline, "roh") == [36, 85, 57, 3])
        let wales = Benchmarking.table(programme: "cci", entries: entries, asOf: nil, country: "wales")
        #expect(try stats(wales, .headline, "roh") == [70, 70, 70, 1])
        let nowhere = Benchmarking.table(programme: "cci", entries: entries, asOf: nil, region: "Synthetic London", country: "Wales")
        #expect(nowhere.areas == 0)
    }

    @Test(arguments: [
        ([67, 68], 68),          // 67.5: half up
        ([66, 67], 67),          // 66.5: half up
        ([60, 60, 61], 60),      // 60.33: down
        ([50, 51, 51], 51),      // 50.67: up
        ([1, 2, 2, 2], 2),       // 1.75
        ([0, 1], 1),             // 0.5
        ([0, 0, 1], 0),          // 0.33
        ([99, 100], 100),        // 99.5
    ])
    func theAverageIsTheMeanOfTheAreasPercentagesRoundedHalfUp(_ percents: [Int], _ average: Int) throws {
        let entries = percents.enumerated().map { index, percent in
            fixture.entry(index + 1, "Syntheticshire \(index + 1)", fixture.card(["2.2": percent]))
        }
        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(table.benchmark(.criterion, "2.2")?.average == average)
    }

    @Test func theAverageWeighsEveryAreaTheSameWhateverItsSample() throws {
        // A big sample at 90% (900 of 1000) and a small one at 10% (1 of 10): areas average 50%; pooled would be 89%.
        var big = fixture.card()
        var small = fixture.card()
        big.headlines[0] = Score(level: .headline, id: big.headlines[0].id, name: big.headlines[0].name,
                                 tally: Tally(sufficient: 900, insufficient: 100), scale: nil)
        small.headlines[0] = Score(level: .headline, id: small.headlines[0].id, name: small.headlines[0].name,
                                   tally: Tally(sufficient: 1, insufficient: 9), scale: nil)
        let table = Benchmarking.table(programme: "cci", entries: [
            fixture.entry(1, "Syntheticshire 001", big), fixture.entry(2, "Syntheticshire 002", small),
        ], asOf: nil)
        #expect(table.headlines[0].average == 50)
    }

    @Test func eachAreaCountsOnceWithItsLatestInspection() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", on: "2009-05-01", fixture.card(["safeguarding": 30])),
            fixture.entry(2, "Syntheticshire 002", on: "2010-05-01", fixture.card(["safeguarding": 70])),
            fixture.entry(3, "Syntheticshire 001", on: "2012-05-01", fixture.card(["safeguarding": 80])),
        ]
        let now = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(now.inspectionIDs == [2, 3])
        #expect(try stats(now, .headline, "safeguarding") == [70, 80, 75, 2])
        let then = Benchmarking.table(programme: "cci", entries: entries, asOf: CalendarDate.parse("2011-01-01"))
        #expect(then.inspectionIDs == [1, 2])
        #expect(try stats(then, .headline, "safeguarding") == [30, 70, 50, 2])
    }

    @Test func otherProgrammesAreNotBenchmarkedTogether() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", fixture.card(["roh": 40])),
            fixture.entry(2, "Syntheticshire 002", programme: "sqs", fixture.card(["roh": 99])),
        ]
        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
        #expect(table.inspectionIDs == [1])
        #expect(Benchmarking.table(programme: "fji", entries: entries, asOf: nil).scores.isEmpty)
    }

    @Test func changeSinceThePreviousInspectionOfTheSameArea() throws {
        let entries = [
            fixture.entry(1, "Syntheticshire 001", on: "2009-05-01", fixture.card(["safeguarding": 30, "roh": 50, "1.3": nil])),
            fixture.entry(2, "Syntheticshire 001", on: "2010-05-01", fixture.card(["safeguarding": 45, "roh": 41, "1.3": 70])),
            fixture.entry(3, "Syntheticshire 002", on: "2011-05-01", fixture.card(["safeguarding": 99])),
            fixture.entry(4, "Syntheticshire 001", on: "2012-05-01", fixture.card(["safeguarding": 68, "roh": 41, "1.3": nil])),
            fixture.entry(5, "Syntheticshire 001", on: "2013-05-01", programme: "sqs", fixture.card()),
        ]
        #expect(Benchmarking.previous(of: 4, entries: entries)?.inspectionID == 2, "the latest earlier one, not the first")
        let changes = Benchmarking.change(for: 4, entries: entries)
        #expect(changes.count == 3 + 3 + 8)
        let byID = Dictionary(uniqueKeysWithValues: changes.map { ($0.id, $0) })
        #expect(byID["safeguarding"]?.points == 23)
        #expect(byID["safeguarding"].map { [$0.current, $0.previous] } == [68, 45])
        #expect(byID["roh"]?.points == 0)
        // No applicable cases this time: no change to state, rather than a fall to 0.
        #expect(byID["1.3"].map { [$0.current, $0.previous, $0.points] } == [nil, 70, nil])
        #expect(changes.first?.level == .headline && changes.last?.id == "3.2")

        #expect(Benchmarking.previous(of: 1, entries: entries) == nil)
        #expect(Benchmarking.change(for: 1, entries: entries).isEmpty, "a first inspection has nothing to compare with")
        #expect(Benchmarking.change(for: 3, entries: entries).isEmpty, "another area's inspection is not this area's previous")
        #expect(Benchmarking.change(for: 5, entries: entries).isEmpty, "another programme's inspection is not comparable")
        #expect(Benchmarking.change(for: 404, entries: entries).isEmpty)
    }

    @Test func inspectionsOnTheSameDayAreOrderedByID() throws {
        let entries = [
            fixture.entry(7, "Syntheticshire 001", on: "2012-05-01", fixture.card(["lor": 50])),
            fixture.entry(8, "Syntheticshire 001", on: "2012-05-01", fixture.card(["lor": 60])),
        ]
        #expect(Benchmarking.previous(of: 8, entries: entries)?.inspectionID == 7)
        #expect(Benchmarking.table(programme: "cci", entries: entries, asOf: nil).inspectionIDs == [8])
    }

    /// The Harrow foreword sets Harrow's 45%, 43% and 53% beside the lowest, highest and average of the areas
    /// inspected to date (37/91/68, 36/85/63, 43/87/71). Harrow's scorecard is scored by the engine from the report's
    /// counts; four synthetic areas stand in for the others, chosen so the statistics come out as printed.
    @Test func harrowForewordBenchmarkTable() throws {
        let counts = try CountsFixture("harrow-2011-counts", framework: fixture.cci, casePrefix: "HAR")
        let harrow = try ScoringEngine(framework: fixture.cci).scorecard(cases: counts.cases, judgements: counts.judgements)
        let others: [[String: Int?]] = [
            ["safeguarding": 37, "roh": 85, "lor": 43],
            ["safeguarding": 91, "roh": 36, "lor": 87],
            ["safeguarding": 80, "roh": 75, "lor": 85],
            ["safeguarding": 87, "roh": 76, "lor": 87], // two areas share the highest Likelihood of Reoffending score
        ]
        var entries = [fixture.entry(1, "Harrow", on: "2011-09-09", region: "London", harrow)]
        for (index, percents) in others.enumerated() {
            entries.append(fixture.entry(index + 2, "Syntheticshire \(index + 1)", on: "2011-06-10", fixture.card(percents)))
        }
        // An area inspected after the foreword was written does not move the "to date" figures.
        entries.append(fixture.entry(9, "Syntheticshire 9", on: "2012-02-10", fixture.card(["safeguarding": 5, "roh": 5, "lor": 5])))

        let table = Benchmarking.table(programme: "cci", entries: entries, asOf: CalendarDate.parse("2011-12-01"))
        let foreword: [(String, [Int?], Int)] = [
            ("safeguarding", [37, 91, 68, 5], 45),
            ("roh", [36, 85, 63, 5], 43),
            ("lor", [43, 87, 71, 5], 53),
        ]
        for (id, row, own) in foreword {
            #expect(try stats(table, .headline, id) == row, "\(id)")
            #expect(harrow.score(.headline, id)?.percent == own, "\(id)")
        }
        #expect(table.headlines.map(\.name) == ["Safeguarding", "Risk of Harm to others", "Likelihood of Reoffending"])
    }

    @Test func jsonKeepsEveryKeyAndCSVHasOneRowPerScore() throws {
        let table = Benchmarking.table(programme: "cci", entries: [
            fixture.entry(1, "Syntheticshire 001", fixture.card(["3.2": nil])),
        ], asOf: CalendarDate.parse("2026-12-01"))
        let json = try #require(try JSONSerialization.jsonObject(with: table.jsonData()) as? [String: Any])
        #expect(json["asOf"] as? String == "2026-12-01")
        #expect(json["region"] is NSNull)
        let criteria = try #require(json["criteria"] as? [[String: Any]])
        #expect(criteria.last?["lowest"] is NSNull && criteria.last?["areas"] as? Int == 0)
        #expect(try JSONDecoder().decode(BenchmarkTable.self, from: table.jsonData()) == table)

        let rows = table.csv().split(separator: "\n")
        #expect(rows.first == "level,id,name,lowest,highest,average,areas")
        #expect(rows.count == 1 + 14)
        #expect(rows.last == "criterion,3.2,\(table.criteria.last!.name),,,,0")
    }
}
