import Testing
@testable import YJICore

/// The engine, fed judgements whose counts follow the published reports, reproduces every score and label they print.
@Suite("Published scores")
struct PublishedScoresTests {
    /// Harrow CCI 2011: 38 cases (9 custody, 29 community). Foreword, scoring summary and sections 1-3.
    @Test func harrowCoreCaseInspection() throws {
        let framework = try FrameworkCatalog.shipped("cci")
        let fixture = try CountsFixture("harrow-2011-counts", framework: framework, casePrefix: "HAR")
        #expect(fixture.cases.count == 38)
        #expect(fixture.cases.filter { $0.setting == .custody }.count == 9)
        let card = try ScoringEngine(framework: framework).scorecard(cases: fixture.cases, judgements: fixture.judgements)

        let drastic = "DRASTIC improvement required", substantial = "SUBSTANTIAL improvement required"
        let moderate = "MODERATE improvement required"
        // Sections print "OVERALL SCORE: 47%" with no comment, so they carry no band.
        let published: [(ScoreLevel, String, Int?, String?)] = [
            (.headline, "safeguarding", 45, substantial),
            (.headline, "roh", 43, drastic),
            (.headline, "lor", 53, substantial),
            (.section, "1", 47, nil),
            (.section, "2", 54, nil),
            (.section, "3", 49, nil),
            (.criterion, "1.1", 46, substantial),
            (.criterion, "1.2", 48, substantial),
            (.criterion, "1.3", nil, substantial), // the report prints the label; its figure sits in a chart
            (.criterion, "2.1", 41, drastic),
            (.criterion, "2.2", 61, moderate),
            (.criterion, "2.3", 57, substantial),
            (.criterion, "3.1", 50, substantial),
            (.criterion, "3.2", 45, substantial),
        ]
        for (level, id, percent, label) in published {
            let score = try #require(card.score(level, id), "\(level) \(id)")
            if let percent { #expect(score.percent == percent, "\(level) \(id)") }
            #expect(score.band == label, "\(level) \(id) scored \(score.percent ?? -1)%")
            #expect(score.unanswered == 0)
        }
        // Every judgement counts once: criterion totals add up to their section's, and sections to the whole.
        for section in framework.sections {
            let criteria = card.criteria.filter { framework.criterion($0.id)?.section == section.id }
            let score = try #require(card.score(.section, section.id))
            #expect(score.sufficient == criteria.reduce(0) { $0 + $1.sufficient })
            #expect(score.applicable == criteria.reduce(0) { $0 + $1.applicable })
        }
    }

    /// Staffordshire FJI 2016: 57 cases; five theme scores with their judgements, governance judged, not scored.
    @Test func staffordshireFullJointInspection() throws {
        let framework = try FrameworkCatalog.shipped("fji")
        let fixture = try CountsFixture("staffordshire-2016-counts", framework: framework, casePrefix: "STA")
        #expect(fixture.cases.count == 57)
        let governance = RatingOverride(level: .section, id: "5", label: "satisfactory",
                                        reason: "Board met regularly but with gaps in health and education representation",
                                        by: "Lead Inspector")
        let card = try ScoringEngine(framework: framework)
            .scorecard(cases: fixture.cases, judgements: fixture.judgements, overrides: [governance])
        let published: [(String, Int, String)] = [
            ("1", 78, "satisfactory"), ("2", 88, "good"), ("3", 86, "good"), ("4", 89, "good"), ("6", 83, "good"),
        ]
        for (id, percent, judgement) in published {
            let theme = try #require(card.score(.section, id))
            #expect(theme.percent == percent, "theme \(id)")
            #expect(theme.band == judgement, "theme \(id)")
            #expect(theme.override == nil)
        }
        let judged = try #require(card.score(.section, "5"))
        #expect(judged.judged && judged.percent == nil && judged.computedBand == nil)
        #expect(judged.band == "satisfactory" && judged.override?.reason.isEmpty == false)
    }
}
