import Testing
@testable import YJICore

/// Builds cases and judgements in a few lines for engine tests.
struct InspectionBuilder {
    var cases: [CaseRecord] = []
    var judgements: [Judgement] = []

    /// Adds `count` cases in a setting and returns their ids.
    @discardableResult
    mutating func addCases(_ count: Int, _ setting: CaseSetting) -> [String] {
        (0..<count).map { _ in
            let id = "T-\(cases.count + 1)"
            cases.append(CaseRecord(
                id: id, age: 15, gender: .male, ethnicity: .white,
                disposal: setting == .custody ? .detentionAndTrainingOrder : .youthRehabilitationOrder,
                setting: setting, status: .current, riskOfHarm: .medium, vulnerability: .medium, lookedAfter: false))
            return id
        }
    }

    /// Answers a question in the given cases: the first `yes` sufficient, the next `no` insufficient, the rest `na`.
    mutating func answer(_ question: String, in ids: some Collection<String>, yes: Int, no: Int = -1) {
        let no = no < 0 ? ids.count - yes : no
        for (index, id) in ids.enumerated() {
            let answer: Answer = index < yes ? .yes : (index < yes + no ? .no : .notApplicable)
            judgements.append(Judgement(caseID: id, questionID: question, answer: answer))
        }
    }

    /// Records a fact question's option for the given cases.
    mutating func record(_ question: String, _ option: String, in ids: some Collection<String>) {
        for id in ids { judgements.append(Judgement(caseID: id, questionID: question, answer: .option(option))) }
    }
}

@Suite("Scoring engine")
struct ScoringEngineTests {
    let cci: Framework

    init() throws { cci = try FrameworkCatalog.shipped("cci") }

    /// Five statistics stated in the Harrow report, rebuilt as judgements: the engine's counts, the criterion
    /// arithmetic over them, and the sentence yji drafts for each.
    @Test func harrowStatementsAndTheirPhrases() throws {
        var inspection = InspectionBuilder()
        let custody = inspection.addCases(9, .custody)
        let community = inspection.addCases(29, .community)
        // 1.1(3): a risk management plan was produced in 7 of the 11 cases where one was required.
        let required = Array(custody.prefix(4) + community.prefix(7))
        inspection.record("rmp-required", "required", in: required)
        inspection.record("rmp-required", "not required", in: custody.dropFirst(4) + community.dropFirst(7))
        inspection.answer("rmp-produced", in: required, yes: 7)
        // 1.2(3): a custodial sentence plan was produced in all nine custodial cases.
        inspection.answer("custody-plan-produced", in: custody, yes: 9)
        // 2.1(3): risk of harm interventions delivered in 14 of 17 community and five of seven custodial cases.
        inspection.answer("roh-interventions-delivered", in: community, yes: 14, no: 3)
        inspection.answer("roh-interventions-delivered", in: custody, yes: 5, no: 2)
        // 2.2(5): the sentence's requirements were implemented in 14 of 19 relevant community cases.
        inspection.answer("sentence-requirements-implemented", in: community, yes: 14, no: 5)
        // 1.1(1): a risk of harm screening was completed in 87% of cases (33 of 38).
        inspection.answer("roh-screening-done", in: custody + community, yes: 33)

        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)

        let rmp = try #require(card.question("rmp-produced"))
        #expect((rmp.all.sufficient, rmp.all.applicable, rmp.all.percent) == (7, 11, 64))
        #expect(rmp.all.notApplicable == 27, "the 27 cases that needed no plan are outside the question")
        let delivered = try #require(card.question("roh-interventions-delivered"))
        #expect((delivered.community.sufficient, delivered.community.applicable) == (14, 17))
        #expect((delivered.custody.sufficient, delivered.custody.applicable) == (5, 7))
        #expect(delivered.all.percent == 79)

        // 1.1 holds rmp-produced and roh-screening-done answered: (7 + 33) of (11 + 38); the rest are unanswered.
        let criterion = try #require(card.score(.criterion, "1.1"))
        #expect((criterion.sufficient, criterion.applicable, criterion.percent) == (40, 49, 82))
        #expect(criterion.band == "MINIMUM improvement required")
        #expect(criterion.unanswered > 0)
        let section2 = try #require(card.score(.section, "2"))
        #expect((section2.sufficient, section2.applicable) == (19 + 14, 24 + 19))

        func finding(_ id: String, _ tally: Tally, strength: Bool = true) throws -> String {
            let question = try #require(cci.question(id))
            return FindingSentence.render(try #require(strength ? question.strength : question.improvement),
                                          proportion: tally.proportion, countBelow: cci.countBelow)
        }
        #expect(try finding("rmp-produced", rmp.all, strength: false)
                == "A risk management plan had been produced in only 7 of the 11 cases where one was required.")
        #expect(try finding("custody-plan-produced", try #require(card.question("custody-plan-produced")).all)
                == "A custodial sentence plan had been produced in all nine cases.")
        #expect(try finding("roh-interventions-delivered", delivered.community)
                == "Specific interventions to manage risk of harm were delivered as planned in 14 of the 17 cases.")
        #expect(try finding("sentence-requirements-implemented", try #require(card.question("sentence-requirements-implemented")).all)
                == "The requirements of the sentence had been implemented in 14 of the 19 cases.")
        #expect(try finding("roh-screening-done", try #require(card.question("roh-screening-done")).all)
                == "A screening of risk of harm to others had been completed in 87% of cases.")
    }

    @Test func noApplicableCasesIsNotZeroPercent() throws {
        var inspection = InspectionBuilder()
        let ids = inspection.addCases(3, .community)
        inspection.answer("roh-screening-done", in: ids, yes: 0, no: 0)
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let question = try #require(card.question("roh-screening-done"))
        #expect(question.all.notApplicable == 3 && question.all.applicable == 0)
        #expect(question.percent == nil)
        let custodyOnly = try #require(card.score(.criterion, "3.2"))
        #expect(custodyOnly.percent == nil && custodyOnly.band == nil)
    }

    @Test func unansweredIsCountedApartFromNotApplicable() throws {
        var inspection = InspectionBuilder()
        let custody = inspection.addCases(2, .custody)
        let community = inspection.addCases(3, .community)
        inspection.answer("custody-plan-produced", in: custody.prefix(1), yes: 1)
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let plan = try #require(card.question("custody-plan-produced"))
        #expect(plan.all.sufficient == 1 && plan.all.unanswered == 1)
        #expect(plan.all.notApplicable == community.count, "a custody-only question does not apply to community cases")
        // Its conditional follow-up applies in the answered case only, and waits in the unanswered one.
        let timely = try #require(card.question("custody-plan-timely"))
        #expect(timely.all.unanswered == 2 && timely.all.notApplicable == 3)
    }

    @Test func judgementOnInapplicableQuestionIsAnErrorNamingCaseAndQuestion() throws {
        var inspection = InspectionBuilder()
        let community = inspection.addCases(2, .community)
        inspection.answer("custody-plan-produced", in: community.prefix(1), yes: 1)
        inspection.record("rmp-required", "not required", in: community.suffix(1))
        inspection.answer("rmp-produced", in: community.suffix(1), yes: 1)
        let error = #expect(throws: ScoringProblems.self) {
            try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        }
        let problems = try #require(error?.problems)
        #expect(problems.count == 2)
        #expect(problems.contains { $0.caseID == "T-1" && $0.questionID == "custody-plan-produced"
            && $0.message.contains("custody cases only") && $0.judgement == 0 })
        #expect(problems.contains { $0.caseID == "T-2" && $0.questionID == "rmp-produced"
            && $0.message.contains("only when rmp-required is required") })
    }

    @Test func unknownCasesQuestionsRepeatsAndWrongKindsAreAllReported() throws {
        var inspection = InspectionBuilder()
        let ids = inspection.addCases(1, .community)
        inspection.answer("roh-screening-done", in: ids, yes: 1)
        inspection.answer("roh-screening-done", in: ids, yes: 0)
        inspection.answer("roh-screening-done", in: ["T-404"], yes: 1)
        inspection.answer("no-such-question", in: ids, yes: 1)
        inspection.answer("rmp-required", in: ids, yes: 1)
        inspection.judgements.append(Judgement(caseID: "T-1", questionID: "roh-full-done", answer: .option("high")))
        let error = #expect(throws: ScoringProblems.self) {
            try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        }
        let messages = (error?.problems ?? []).map(\.message)
        #expect(messages.count == 5)
        #expect(messages.contains("answered twice for the same case"))
        #expect(messages.contains("no such case"))
        #expect(messages.contains { $0.hasPrefix("no such question") })
        #expect(messages.contains { $0.hasPrefix("a fact question is answered with one of") })
        #expect(messages.contains { $0.contains("not an answer to a scored question") })
    }

    @Test func factQuestionsAreRecordedButNeverScored() throws {
        var inspection = InspectionBuilder()
        let ids = inspection.addCases(4, .community)
        inspection.record("roh-classification", "high", in: ids.prefix(3))
        inspection.record("roh-classification", "low", in: ids.suffix(1))
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let fact = try #require(card.question("roh-classification"))
        #expect(fact.optionCounts.first { $0.option == "high" }?.count == 3)
        #expect(fact.percent == nil)
        #expect(try #require(card.score(.criterion, "1.1")).applicable == 0)
    }

    @Test func bandsApplyToTheRoundedWholePercentage() throws {
        // 89 of 200 is 44.5%: published as 45%, so SUBSTANTIAL, not DRASTIC.
        var inspection = InspectionBuilder()
        let ids = inspection.addCases(200, .community)
        inspection.answer("roh-screening-done", in: ids, yes: 89)
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let criterion = try #require(card.score(.criterion, "1.1"))
        #expect(criterion.percent == 45)
        #expect(criterion.band == "SUBSTANTIAL improvement required")
    }

    @Test func computedRatingsCannotBeOverriddenWhereTheProgrammeForbidsIt() throws {
        // The shipped CCI scale is overridable (Harrow's comments are what inspectors consider), so forbid it here.
        let scale = try #require(cci.ratingScales.first)
        let fixed = Framework(
            id: cci.id, name: cci.name, programme: cci.programme, version: cci.version, source: cci.source,
            sections: cci.sections, criteria: cci.criteria, headlines: cci.headlines, questions: cci.questions,
            ratingScales: [RatingScale(id: scale.id, name: scale.name, levels: scale.levels, overridable: false,
                                       bands: scale.bands, provenance: scale.provenance)],
            sampling: cci.sampling, report: cci.report, lifecycle: cci.lifecycle)
        var inspection = InspectionBuilder()
        let ids = inspection.addCases(2, .community)
        inspection.answer("roh-screening-done", in: ids, yes: 1)
        let override = RatingOverride(level: .criterion, id: "1.1", label: "MINIMUM improvement required", reason: "kind")
        #expect(throws: ScoringProblems.self) {
            try ScoringEngine(framework: fixed).scorecard(cases: inspection.cases, judgements: inspection.judgements, overrides: [override])
        }
        // The shipped scale takes the inspectors' label, with its reason.
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements, overrides: [override])
        #expect(card.score(.criterion, "1.1")?.band == "MINIMUM improvement required")
        #expect(card.score(.criterion, "1.1")?.computedBand == "SUBSTANTIAL improvement required")
    }
}
