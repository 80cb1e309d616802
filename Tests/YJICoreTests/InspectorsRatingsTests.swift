import Testing
@testable import YJICore

/// The one rule that turns findings and lead inspectors' decisions into the ratings the scoring engine applies.
@Suite("Inspectors' ratings")
struct InspectorsRatingsTests {
    let fji = try! FrameworkCatalog.shipped("fji")
    let sqs = try! FrameworkCatalog.shipped("sqs")
    let cci = try! FrameworkCatalog.shipped("cci")

    @Test func bothSpellingsOfAJudgedSectionNameIt() {
        #expect(InspectorsRatings.judgedSection(for: .theme("5"), in: fji)?.name == "Governance and partnerships")
        #expect(InspectorsRatings.judgedSection(for: .governance, in: fji)?.id == "5")
        #expect(InspectorsRatings.judgedSection(for: .operationalManagement, in: sqs)?.id == "5")
        #expect(InspectorsRatings.judgedSection(for: .theme("1"), in: fji) == nil, "theme 1 is scored from cases")
        #expect(InspectorsRatings.judgedSection(for: .governance, in: cci) == nil)
        #expect(InspectorsRatings.judgedSection(for: .criterion("5.1"), in: fji) == nil)
    }

    @Test func aFindingsJudgementIsOneOfItsScalesLabelsOrNone() {
        func problem(_ area: EvidenceArea, _ judgement: String?, _ framework: Framework) -> String? {
            InspectorsRatings.judgementProblem(StructuredFinding(area: area, judgement: judgement, keyFindings: ["x"]), framework: framework)
        }
        #expect(problem(.governance, "satisfactory", fji) == nil)
        #expect(problem(.governance, nil, cci) == nil, "a finding without a judgement is always fine")
        #expect(problem(.theme("5"), "Good", fji)?.contains("poor, unsatisfactory, satisfactory, good") == true)
        #expect(problem(.operationalManagement, "good", sqs)?.contains("its reports print none") == true)
        #expect(problem(.governance, "good", cci)?.contains("not a judged section") == true)
    }

    @Test func theLatestJudgedFindingAndEveryDecisionBecomeRatings() throws {
        let data = SyntheticInspection(framework: fji, caseCount: 8, seed: 3)
        let findings = [
            RecordedFinding(StructuredFinding(area: .theme("5"), judgement: "good", keyFindings: ["Earlier."]), recordedBy: "a"),
            RecordedFinding(StructuredFinding(area: .governance, judgement: "poor", keyFindings: ["Later."]), recordedBy: "b"),
            RecordedFinding(StructuredFinding(area: .governance, judgement: "Poor", keyFindings: ["Not a label."]), recordedBy: "c"),
        ]
        let plain = try ScoringEngine(framework: fji).scorecard(cases: data.cases, judgements: data.judgements)
        let one = try #require(plain.score(.section, "1"))
        let other = try #require(fji.ratingScale(for: .section)?.bands.map(\.label).first { $0 != one.computedBand })
        let decision = RatingDecision(level: .section, scoreID: "1", label: other, reason: "Why.", decidedBy: "lead", decidedAt: "t")
        let overrides = InspectorsRatings.overrides(framework: fji, findings: findings, decisions: [decision])
        #expect(overrides.map(\.id) == ["5", "1"])
        let card = try ScoringEngine(framework: fji).scorecard(cases: data.cases, judgements: data.judgements, overrides: overrides)
        #expect(card.score(.section, "5")?.band == "poor" && card.score(.section, "5")?.override?.by == "b")
        #expect(card.score(.section, "1")?.band == other && card.score(.section, "1")?.computedBand == one.computedBand)
        #expect(card.score(.section, "1")?.labelDescription == "judged \(other)")
        #expect(card.score(.section, "2")?.labelDescription == card.score(.section, "2")?.computedBand, "a proposal reads as itself")

        // A decision on the judged section competes with its finding: the engine refuses it.
        let onJudged = RatingDecision(level: .section, scoreID: "5", label: "good", reason: "Why.", decidedBy: "lead", decidedAt: "t")
        #expect(throws: ScoringProblems.self) {
            _ = try ScoringEngine(framework: fji).scorecard(
                cases: data.cases, judgements: data.judgements,
                overrides: InspectorsRatings.overrides(framework: fji, findings: [], decisions: [onJudged]))
        }
    }
}
