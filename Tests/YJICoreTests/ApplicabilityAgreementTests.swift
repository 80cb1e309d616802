import Foundation
import Testing
@testable import YJICore

/// One applicability rule: the engine's answer for a single question, its answers for a whole case and the scoring
/// loop's counts all follow the rule as the frameworks state it, on generated cases and answers for every shipped
/// programme (seeded, so a failure names the seed that reproduces it).
@Suite("One applicability rule")
struct ApplicabilityAgreementTests {
    static let seeds: ClosedRange<UInt64> = 1...60
    static let casesPerSeed = 12

    /// The rule as docs/frameworks.md states it, written out plainly by question id and answer spelling: a setting
    /// restriction first, then the condition's source must itself apply and be answered with one of the listed answers.
    static func expected(_ question: Question, in framework: Framework, setting: CaseSetting,
                         answers: [String: Answer]) -> QuestionStatus {
        switch (question.applicability.setting, setting) {
        case (.custody, .community), (.community, .custody): return .excluded(.setting(question.applicability.setting))
        default: break
        }
        guard let condition = question.applicability.condition else { return .applies }
        guard let source = framework.question(condition.question) else { return .excluded(.sourceDoesNotApply(condition.question)) }
        if case .excluded = expected(source, in: framework, setting: setting, answers: answers) {
            return .excluded(.sourceDoesNotApply(source.id))
        }
        guard let answer = answers[source.id] else { return .awaiting(source.id) }
        if condition.answers.contains(answer.description) { return .applies }
        return .excluded(.conditionNotMet(condition, actual: answer))
    }

    static func record(_ number: Int, _ setting: CaseSetting) -> CaseRecord {
        CaseRecord(id: "SYN-\(number)", age: 15, gender: .male, ethnicity: .white,
                   disposal: setting == .custody ? .detentionAndTrainingOrder : .youthRehabilitationOrder,
                   setting: setting, status: .current, riskOfHarm: .medium, vulnerability: .low, lookedAfter: false)
    }

    /// Any answer the grid can hold for the question, now and then one of another kind (yes to a fact question).
    static func randomAnswer(to question: Question, _ random: inout SeededGenerator) -> Answer {
        let roll = Int.random(in: 0..<20, using: &random)
        if question.options.isEmpty || roll == 0 { return [Answer.yes, .no, .notApplicable][Int.random(in: 0..<3, using: &random)] }
        if roll == 1 { return .notApplicable }
        return .option(question.options.randomElement(using: &random)!)
    }

    /// A case's answers in one of three patterns: every question answered or not at random, whatever applies (so
    /// answers sit where they are refused); answered in dependency order only where the question applies, with gaps
    /// (so later questions await); or gaps in the sources only.
    static func answers(for framework: Framework, setting: CaseSetting, _ random: inout SeededGenerator) -> [String: Answer] {
        var answers: [String: Answer] = [:]
        let pattern = Int.random(in: 0..<3, using: &random)
        let blank = Double.random(in: 0.05...0.7, using: &random)
        for question in framework.questionsInDependencyOrder {
            if Double.random(in: 0..<1, using: &random) < blank { continue }
            switch pattern {
            case 0: answers[question.id] = randomAnswer(to: question, &random)
            case 1:
                guard expected(question, in: framework, setting: setting, answers: answers) == .applies else { continue }
                answers[question.id] = randomAnswer(to: question, &random)
            default:
                let isSource = framework.questions.contains { $0.applicability.condition?.question == question.id }
                guard !isSource || expected(question, in: framework, setting: setting, answers: answers) == .applies else { continue }
                answers[question.id] = randomAnswer(to: question, &random)
            }
        }
        return answers
    }

    @Test("A question's applicability, alone or with its case, is the rule's", arguments: ["cci", "fji", "sqs"])
    func theEngineFollowsTheRule(_ programme: String) throws {
        let framework = try FrameworkCatalog.shipped(programme)
        let engine = ScoringEngine(framework: framework)
        var seen: Set<String> = []
        for seed in Self.seeds {
            var random = SeededGenerator(seed: seed)
            for number in 0..<Self.casesPerSeed {
                let setting: CaseSetting = Bool.random(using: &random) ? .custody : .community
                let record = Self.record(number, setting)
                var answers = Self.answers(for: framework, setting: setting, &random)
                // An answer no question offers must never meet a condition.
                if number % 5 == 0, let source = framework.questions.first(where: { q in
                    framework.questions.contains { $0.applicability.condition?.question == q.id }
                }) { answers[source.id] = .option("none of these") }
                let whole = engine.applicabilities(in: record, answers: answers)
                for (position, question) in framework.questions.enumerated() {
                    let want = Self.expected(question, in: framework, setting: setting, answers: answers)
                    let alone = engine.applicability(of: question, in: record, answers: answers)
                    #expect(alone == want, "\(programme) seed \(seed) case \(number) \(question.id)")
                    #expect(whole[position] == want, "\(programme) seed \(seed) case \(number) \(question.id), whole case")
                    seen.insert(Self.kind(want))
                }
            }
        }
        // The generated answers reach every kind of decision, or the agreement above proves less than it says.
        #expect(seen == ["applies", "awaiting", "setting", "source", "condition"], "\(programme): \(seen.sorted())")
    }

    @Test("The scoring loop counts and refuses by the rule", arguments: ["cci", "fji", "sqs"])
    func theScoringLoopFollowsTheRule(_ programme: String) throws {
        let framework = try FrameworkCatalog.shipped(programme)
        let engine = ScoringEngine(framework: framework)
        let questions = framework.questions
        for seed in Self.seeds {
            var random = SeededGenerator(seed: seed &+ 1000)
            let cases = (0..<Self.casesPerSeed).map { Self.record($0, Bool.random(using: &random) ? .custody : .community) }
            let answers = cases.map { Self.answers(for: framework, setting: $0.setting, &random) }
            var grid = AnswerGrid(width: questions.count, rowOfCase: Array(cases.indices), rows: cases.count)
            for (row, caseAnswers) in answers.enumerated() {
                for (id, answer) in caseAnswers {
                    let position = try #require(engine.rules.positionByID[id])
                    grid.codes[row * questions.count + position] = try #require(CompiledRules.code(of: answer, for: questions[position]))
                }
            }
            var want = questions.map { QuestionTally(optionCounts: [Int](repeating: 0, count: $0.options.count)) }
            var wantMisplaced: [String] = []
            for (index, record) in cases.enumerated() {
                for (position, question) in questions.enumerated() {
                    let answer = answers[index][question.id]
                    var tally = Tally()
                    switch (Self.expected(question, in: framework, setting: record.setting, answers: answers[index]), answer) {
                    case (.applies, nil), (.awaiting, nil): tally.unanswered = 1
                    case (.excluded, nil), (.applies, .notApplicable?): tally.notApplicable = 1
                    case (.applies, .yes?): tally.sufficient = 1
                    case (.applies, .no?): tally.insufficient = 1
                    case (.applies, .option(let text)?): want[position].optionCounts[question.options.firstIndex(of: text)!] += 1
                    case (.awaiting, _?), (.excluded, _?): wantMisplaced.append("\(position)/\(index)")
                    }
                    if record.setting == .custody { want[position].custody = want[position].custody + tally }
                    else { want[position].community = want[position].community + tally }
                }
            }
            let (tallies, misplaced) = engine.tallies(cases: cases, grid: grid)
            #expect(misplaced.map { "\($0.position)/\($0.caseIndex)" } == wantMisplaced.sorted { Self.order($0) < Self.order($1) },
                    "\(programme) seed \(seed)")
            for position in questions.indices {
                #expect(tallies[position].custody == want[position].custody, "\(programme) seed \(seed) \(questions[position].id) custody")
                #expect(tallies[position].community == want[position].community, "\(programme) seed \(seed) \(questions[position].id) community")
                #expect(tallies[position].optionCounts == want[position].optionCounts, "\(programme) seed \(seed) \(questions[position].id) options")
            }
        }
    }

    static func order(_ key: String) -> (Int, Int) {
        let parts = key.split(separator: "/").map { Int($0)! }
        return (parts[0], parts[1])
    }

    static func kind(_ status: QuestionStatus) -> String {
        switch status {
        case .applies: "applies"
        case .awaiting: "awaiting"
        case .excluded(.setting): "setting"
        case .excluded(.sourceDoesNotApply): "source"
        case .excluded(.conditionNotMet): "condition"
        }
    }
}
