import Foundation
import Testing
@testable import YJICore

@Suite("Synthetic inspections")
struct SyntheticInspectionTests {
    static let frameworkIDs = ["cci", "sqs", "fji"]

    @Test func theSameSeedGivesTheSameInspectionAndTheSameBytes() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let first = SyntheticInspection(framework: cci, caseCount: 60, seed: 7)
        let second = SyntheticInspection(framework: cci, caseCount: 60, seed: 7)
        #expect(first.cases.count == 60)
        #expect(!first.judgements.isEmpty)
        #expect(first.cases == second.cases)
        #expect(first.judgements == second.judgements)
        #expect(Data(CaseFile.write(first.cases).utf8) == Data(CaseFile.write(second.cases).utf8))
        #expect(Data(JudgementFile.write(first.judgements).utf8) == Data(JudgementFile.write(second.judgements).utf8))
    }

    @Test func anotherSeedGivesAnotherInspection() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let first = SyntheticInspection(framework: cci, caseCount: 60, seed: 7)
        let other = SyntheticInspection(framework: cci, caseCount: 60, seed: 8)
        #expect(first.cases != other.cases)
        #expect(first.judgements != other.judgements)
        #expect(CaseFile.write(first.cases) != CaseFile.write(other.cases))
        #expect(JudgementFile.write(first.judgements) != JudgementFile.write(other.judgements))
        #expect(first.cases.map(\.id) == other.cases.map(\.id), "ids are numbered, not random")
    }

    @Test func theDataIsObviouslyFictional() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let inspection = SyntheticInspection(framework: cci, caseCount: 120, seed: 3)
        #expect(inspection.cases.prefix(3).map(\.id) == ["SYN-0001", "SYN-0002", "SYN-0003"])
        #expect(inspection.cases.last?.id == "SYN-0120")
        #expect(inspection.cases.map(\.id) == (1...120).map { String(format: "SYN-%04d", $0) })
        #expect(Set(inspection.judgements.map(\.assessor)).allSatisfy { $0.hasPrefix("Synthetic Assessor ") })
        #expect(Set(inspection.judgements.map(\.caseID)).isSubset(of: Set(inspection.cases.map(\.id))))
        let large = SyntheticInspection(framework: cci, caseCount: 10_000, seed: 3)
        #expect(large.cases.last?.id == "SYN-10000")
        #expect(Set(large.cases.map(\.id)).count == 10_000, "ids stay unique past 9,999")
    }

    @Test func aboutAFifthOfCasesAreInCustodyAndTheRecordsAreValid() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        for seed: UInt64 in [1, 2, 3] {
            let cases = SyntheticInspection(framework: cci, caseCount: 1_000, seed: seed).cases
            let custody = cases.filter { $0.setting == .custody }
            #expect((150...250).contains(custody.count), "seed \(seed): \(custody.count) of 1,000 cases in custody")
            #expect(custody.allSatisfy { $0.disposal.isCustodial })
            #expect(cases.filter { $0.setting == .community }.allSatisfy { !$0.disposal.isCustodial })
            #expect(cases.allSatisfy { CaseFile.ages.contains($0.age) })
            // What yji generates, yji reads back unchanged.
            #expect(try CaseFile.read(CaseFile.write(cases), file: "cases.csv") == cases)
        }
    }

    @Test(arguments: frameworkIDs)
    func everyJudgementAppliesAndEveryApplicableQuestionIsAnswered(_ id: String) throws {
        let framework = try FrameworkCatalog.shipped(id)
        for seed: UInt64 in [11, 12] {
            let inspection = SyntheticInspection(framework: framework, caseCount: 150, seed: seed)
            let card = try ScoringEngine(framework: framework).scorecard(cases: inspection.cases,
                                                                         judgements: inspection.judgements)
            #expect(card.cases == 150)
            for question in card.questions {
                #expect(question.all.unanswered == 0, "\(id) seed \(seed): \(question.id) has unanswered cases")
            }
            for score in card.headlines + card.sections + card.criteria {
                #expect(score.unanswered == 0, "\(id) seed \(seed): \(score.level) \(score.id) has unanswered cases")
            }
            // Every question is answered at most once per case.
            let pairs = inspection.judgements.map { "\($0.caseID) \($0.questionID)" }
            #expect(Set(pairs).count == pairs.count)
            // And the files yji writes for it score the same through the importers.
            let fromFiles = try InspectionFiles.score(
                framework: framework, casesText: CaseFile.write(inspection.cases), casesFile: "cases.csv",
                judgementsText: JudgementFile.write(inspection.judgements), judgementsFile: "judgements.csv")
            #expect(fromFiles == card)
        }
    }

    @Test(arguments: frameworkIDs)
    func higherQualityGivesHigherScores(_ id: String) throws {
        let framework = try FrameworkCatalog.shipped(id)
        let engine = ScoringEngine(framework: framework)
        func overall(_ quality: Double) throws -> Double {
            let inspection = SyntheticInspection(framework: framework, caseCount: 200, seed: 5, quality: quality)
            let card = try engine.scorecard(cases: inspection.cases, judgements: inspection.judgements)
            let scored = card.sections.filter { !$0.judged }
            let sufficient = scored.reduce(0) { $0 + $1.sufficient }
            let applicable = scored.reduce(0) { $0 + $1.applicable }
            try #require(applicable > 0)
            return Double(sufficient) / Double(applicable)
        }
        let poor = try overall(0.2)
        let good = try overall(0.9)
        #expect(poor < good, "\(id): \(poor) at quality 0.2, \(good) at quality 0.9")
        #expect(good - poor > 0.4, "\(id): a wide gap between poor and good work")
    }

    @Test func riskClassificationFollowsTheCaseRecord() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let inspection = SyntheticInspection(framework: cci, caseCount: 400, seed: 9)
        let risk = Dictionary(uniqueKeysWithValues: inspection.cases.map { ($0.id, $0.riskOfHarm) })
        let classifications = inspection.judgements.filter { $0.questionID == "roh-classification" }
        #expect(classifications.count == inspection.cases.count, "the classification applies to every case")
        for judgement in classifications {
            let level = try #require(risk[judgement.caseID])
            #expect(judgement.answer == .option(level.rawValue), "\(judgement.caseID)")
        }
        // Every level occurs, so the check covers them all.
        #expect(Set(classifications.map(\.answer)) == Set(RiskLevel.allCases.map { Answer.option($0.rawValue) }))
    }
}
