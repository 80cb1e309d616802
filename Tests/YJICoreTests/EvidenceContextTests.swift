import Foundation
import Testing
@testable import YJICore

/// The problems a throwing read reports, as the FILE:LINE: field: message lines a user sees; empty when it succeeds.
private func reported<T>(_ read: () throws(ProblemList) -> T) -> [String] {
    do {
        _ = try read()
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite("Evidence: contextual indicators")
struct EvidenceContextTests {
    // Published rates and averages from the inspection reports; previous years' rates are invented where a report
    // only says which way the rate moved.
    static let stHelens = ContextualIndicators(
        area: "St Helens", period: "January 2015", reoffendingRate: 46.2, previousReoffendingRate: 43.2,
        englandWalesReoffendingRate: 36.1, cohort: "April 2012 to March 2013", source: "Ministry of Justice")
    static let nottingham = ContextualIndicators(
        area: "Nottingham City", period: "April 2016", reoffendingRate: 37.2, previousReoffendingRate: 35.9,
        englandWalesReoffendingRate: 37.8, cohort: "July 2013 to June 2014", source: "Ministry of Justice")
    static let staffordshire = ContextualIndicators(
        area: "Staffordshire", period: "January 2016", reoffendingRate: 42.1, previousReoffendingRate: 40.6,
        englandWalesReoffendingRate: 38.0)
    static let harrow = ContextualIndicators(
        area: "Harrow", period: "2010", population: 230_100, shareAged10To17: 10.9, englandWalesShareAged10To17: 10.4,
        minorityEthnicShare: 40, englandWalesMinorityEthnicShare: 12)

    @Test func reoffendingWorseThanBoth() {
        #expect(ContextualComparison.reoffending(Self.stHelens) == "The reoffending rate published for St Helens was 46.2%. "
            + "It was worse than the year before and worse than the England and Wales average of 36.1%.")
        #expect(ContextualComparison.reoffending(Self.staffordshire) == "The reoffending rate published for Staffordshire was 42.1%. "
            + "It was worse than the year before and worse than the England and Wales average of 38.0%.")
    }

    @Test func reoffendingWorseThanTheYearBeforeButSlightlyBetterThanAverage() {
        #expect(ContextualComparison.reoffending(Self.nottingham) == "The reoffending rate published for Nottingham City was 37.2%. "
            + "It was worse than the year before but slightly better than the England and Wales average of 37.8%.")
    }

    @Test func reoffendingBetterSameAndSlightly() {
        var area = Self.stHelens
        area.reoffendingRate = 30
        #expect(ContextualComparison.reoffending(area) == "The reoffending rate published for St Helens was 30.0%. "
            + "It was better than the year before and better than the England and Wales average of 36.1%.")
        area.reoffendingRate = 36.1
        area.previousReoffendingRate = 36.5
        #expect(ContextualComparison.reoffending(area) == "The reoffending rate published for St Helens was 36.1%. "
            + "It was slightly better than the year before and the same as the England and Wales average of 36.1%.")
        area.previousReoffendingRate = 35.2
        #expect(ContextualComparison.reoffending(area)?.hasSuffix("It was slightly worse than the year before and the same as "
            + "the England and Wales average of 36.1%.") == true)
        // One point exactly is no longer slight; the comparison is made on the figures as printed.
        #expect(ContextualComparison.comparePercentages(37.1, with: 36.1) == .higher)
        #expect(ContextualComparison.comparePercentages(37.04, with: 36.1) == .slightlyHigher)
        #expect(ContextualComparison.comparePercentages(36.14, with: 36.1) == .same)
    }

    @Test func missingFiguresDropTheirClause() {
        var area = Self.stHelens
        area.previousReoffendingRate = nil
        #expect(ContextualComparison.reoffending(area) == "The reoffending rate published for St Helens was 46.2%. "
            + "It was worse than the England and Wales average of 36.1%.")
        area = Self.stHelens
        area.englandWalesReoffendingRate = nil
        #expect(ContextualComparison.reoffending(area) == "The reoffending rate published for St Helens was 46.2%. "
            + "It was worse than the year before.")
        area.previousReoffendingRate = nil
        #expect(ContextualComparison.reoffending(area) == "The reoffending rate published for St Helens was 46.2%.")
        area.reoffendingRate = nil
        #expect(ContextualComparison.reoffending(area) == nil)
        #expect(ContextualComparison.sentences(ContextualIndicators(area: "Nowhere", period: "")) == [])
    }

    @Test func populationShares() {
        #expect(ContextualComparison.population(Self.harrow) == "Harrow had a population of 230,100, of whom 10.9% were aged "
            + "10 to 17, slightly higher than the England and Wales average of 10.4%. People from black and minority ethnic "
            + "groups made up 40% of the population, higher than the England and Wales average of 12%.")
        var area = Self.harrow
        area.population = nil
        area.shareAged10To17 = 9.2
        area.minorityEthnicShare = 11.5
        area.englandWalesMinorityEthnicShare = nil
        #expect(ContextualComparison.population(area) == "In Harrow, 9.2% of the population were aged 10 to 17, lower than "
            + "the England and Wales average of 10.4%. People from black and minority ethnic groups made up 11.5% of the population.")
        area.shareAged10To17 = 10.4
        area.minorityEthnicShare = nil
        #expect(ContextualComparison.population(area) == "In Harrow, 10.4% of the population were aged 10 to 17, the same as "
            + "the England and Wales average of 10.4%.")
        area.shareAged10To17 = nil
        #expect(ContextualComparison.population(area) == nil)
    }

    @Test func firstTimeEntrantsAndCustodyLowerIsBetter() {
        var area = ContextualIndicators(area: "Exampleshire", period: "2016", firstTimeEntrants: 412, englandWalesFirstTimeEntrants: 464,
                                        custodyRate: 0.41, englandWalesCustodyRate: 0.37)
        #expect(ContextualComparison.firstTimeEntrants(area) == "First-time entrants to the youth justice system in Exampleshire "
            + "numbered 412 per 100,000 children aged 10 to 17, better than the England and Wales average of 464.")
        #expect(ContextualComparison.custody(area) == "The use of custody in Exampleshire was 0.41 per 1,000 children aged "
            + "10 to 17, worse than the England and Wales average of 0.37.")
        area.firstTimeEntrants = 460
        area.custodyRate = nil
        #expect(ContextualComparison.firstTimeEntrants(area)?.contains("slightly better than the England and Wales average of 464") == true)
        #expect(ContextualComparison.custody(area) == nil)
        area.englandWalesFirstTimeEntrants = nil
        #expect(ContextualComparison.firstTimeEntrants(area) == "First-time entrants to the youth justice system in Exampleshire "
            + "numbered 460 per 100,000 children aged 10 to 17.")
        #expect(ContextualComparison.compareRates(1_234.5, with: 1_234.5) == .same)
    }

    @Test func theSourceIsNoted() {
        #expect(ContextualComparison.sourceNote(Self.stHelens)
            == "Published January 2015 for the April 2012 to March 2013 cohort. Source: Ministry of Justice.")
        #expect(ContextualComparison.sourceNote(Self.staffordshire) == "Published January 2016.")
    }

    @Test func indicatorsSurviveAFile() throws {
        let all = [Self.stHelens, Self.nottingham, Self.staffordshire, Self.harrow]
        let text = ContextualIndicatorFile.write(all)
        #expect(text.hasPrefix(ContextualIndicatorFile.columns.joined(separator: ",") + "\n"))
        #expect(text.contains("Staffordshire,January 2016,42.1,40.6,38,"))
        #expect(try ContextualIndicatorFile.read(text, file: "context.csv") == all)
    }

    @Test func percentSignsAndThousandsSeparatorsAreRead() throws {
        let text = "Area,Period,reoffending_rate,population,first_time_entrants\nHarrow,2010,10.9%,\"230,100\",\"1,020\"\n"
        let read = try ContextualIndicatorFile.read(text, file: "context.csv")
        #expect(read == [ContextualIndicators(area: "Harrow", period: "2010", reoffendingRate: 10.9, firstTimeEntrants: 1020,
                                              population: 230_100)])
    }

    @Test func everyProblemInAFileIsReported() {
        let text = """
        area,period,reoffending_rate,england_wales_reoffending_rate,population,custody_rate
        St Helens,2015,46.2,36.1,,
        St Helens,2015,46.2,,,
        ,2015,101,x,-5,-0.1

        """
        #expect(reported { () throws(ProblemList) in try ContextualIndicatorFile.read(text, file: "context.csv") } == [
            "context.csv:3: area: 'St Helens' for period '2015' is already given on line 2",
            "context.csv:4: area: missing value",
            "context.csv:4: reoffending_rate: '101' is not a percentage from 0 to 100",
            "context.csv:4: england_wales_reoffending_rate: 'x' is not a percentage from 0 to 100",
            "context.csv:4: custody_rate: '-0.1' is not a number of 0 or more",
            "context.csv:4: population: '-5' is not a whole number above 0",
        ])
        #expect(reported { () throws(ProblemList) in try ContextualIndicatorFile.read("area,cohorts\n", file: "c.csv") }.first?
            .hasPrefix("c.csv:1: cohorts: unknown column") == true)
    }
}

@Suite("Evidence: recorded findings and practice examples")
struct EvidenceRecordedFindingTests {
    @Test(arguments: [
        (EvidenceArea.governance, "governance"), (.operationalManagement, "operational-management"),
        (.theme("5"), "theme:5"), (.criterion("1.1"), "criterion:1.1"),
    ])
    func areasAreStoredAsText(_ area: EvidenceArea, _ text: String) throws {
        #expect(area.description == text)
        #expect(EvidenceArea(text) == area)
        let json = try JSONEncoder().encode([area])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(text)\"]")
        #expect(try JSONDecoder().decode([EvidenceArea].self, from: json) == [area])
    }

    @Test func unknownAreasAreRefused() {
        for text in ["", "theme:", "criterion:", "governance ", "Governance", "section:1"] { #expect(EvidenceArea(text) == nil, "\(text)") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EvidenceArea].self, from: Data("[\"theme:\"]".utf8)) }
    }

    @Test func aFindingRoundTripsAndValidates() throws {
        let finding = StructuredFinding(
            id: 3, area: .governance, judgement: "Good",
            keyFindings: ["The management board knew the service's performance well."],
            explanation: ["Board members challenged partners to provide data."],
            notablePractice: [],
            documents: [EvidenceDocument(title: "Youth justice plan", date: CalendarDate(year: 2016, month: 4, day: 1)!,
                                         providedBy: "Head of service")])
        #expect(finding.validate() == [])
        #expect(finding.validate(judgements: ["Good", "Requires improvement"]) == [])
        #expect(finding.validate(judgements: ["Outstanding"]) == ["judgement: 'Good' is not one of Outstanding"])
        let decoded = try JSONDecoder().decode(StructuredFinding.self, from: JSONEncoder().encode(finding))
        #expect(decoded == finding)

        let broken = StructuredFinding(
            area: .theme(""), judgement: " ", keyFindings: [], explanation: ["Fine", ""],
            documents: [EvidenceDocument(title: "", date: CalendarDate(year: 2016, month: 4, day: 1)!, providedBy: "")])
        #expect(broken.validate() == [
            "area: 'theme:' needs an id without spaces",
            "judgement: is empty; leave it out until a judgement is made",
            "key_findings: at least one key finding is needed",
            "explanation: entry 2 is empty",
            "documents: document 1 needs a title",
            "documents: document 1 needs to say who provided it",
        ])
    }

    @Test func anExampleNeedsChangedNames() throws {
        let example = PracticeExample(area: .criterion("3.5"), kind: .example, text: "Sam was helped to find a placement.")
        #expect(example.validate() == [
            "names_changed: the names in an example must be changed or removed, and this confirmed, before it is recorded",
        ])
        var confirmed = example
        confirmed.namesChanged = true
        #expect(confirmed.validate() == [])
        #expect(PracticeExample(area: .governance, kind: .quote, text: "  ").validate() == ["text: is required"])
        #expect(PracticeExample(area: .governance, kind: .quote, text: "They listened to me.").validate() == [])
        let json = String(decoding: try JSONEncoder().encode(confirmed), as: UTF8.self)
        #expect(json.contains("\"kind\":\"example\"") && json.contains("\"area\":\"criterion:3.5\""))
        #expect(try JSONDecoder().decode(PracticeExample.self, from: Data(json.utf8)) == confirmed)
    }
}
