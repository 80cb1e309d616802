import Foundation

/// Computes an inspection's scorecard from its framework, cases and judgements (Harrow report, Appendix 5).
///
/// A criterion's score is the share of its scoring questions, over every case where the question applies, judged
/// sufficient; sections and headline themes repeat the calculation over their own questions. This type is the only
/// place that rule is implemented: the store, the web application and the command line all call it.
public struct ScoringEngine: Sendable {
    /// The framework whose rules apply.
    public let framework: Framework
    /// The same rules on positions and answer codes, for scoring many cases.
    let rules: CompiledRules

    public init(framework: Framework) {
        self.framework = framework
        rules = CompiledRules(framework: framework)
    }

    /// Whether a question applies to a case, given the answers recorded so far in that case.
    ///
    /// Decided by `CompiledRules.status`, the rule the scoring loop runs, so the form, the store's save checks and
    /// the scorecard cannot disagree; this only codes the answers the question's conditions read and names the reason.
    public func applicability(of question: Question, in record: CaseRecord, answers: [String: Answer]) -> QuestionStatus {
        rules.applicability(of: question, in: framework.questions, caseSetting: record.setting, answers: answers)
    }

    /// Checks the judgements against the framework and the cases and, if all are sound, scores them.
    ///
    /// Every problem is reported, none is silently skipped: a judgement on a question that does not apply to its
    /// case (a custody question in a community case, a conditional question whose condition fails) is an error.
    public func scorecard(
        cases: [CaseRecord], judgements: [Judgement], overrides: [RatingOverride] = []
    ) throws(ScoringProblems) -> Scorecard {
        var problems: [ScoringProblem] = []
        let grid = answerGrid(cases: cases, judgements: judgements, problems: &problems)
        let (tallies, misplaced) = tallies(cases: cases, grid: grid)
        for answer in misplaced {
            let question = framework.questions[answer.position]
            let record = cases[answer.caseIndex]
            let message: String
            // Worded by the readable form of the rule, which names the reason.
            switch applicability(of: question, in: record, answers: answers(inRow: grid.rowOfCase[answer.caseIndex], of: grid)) {
            case .excluded(let exclusion): message = "answered, but the question \(exclusion.explanation(for: record))"
            case .awaiting(let source): message = "answered, but it depends on \(source), which has no answer in this case"
            case .applies: preconditionFailure("CompiledRules and applicability(of:in:answers:) disagree on \(question.id)")
            }
            problems.append(ScoringProblem(
                judgement: judgementIndex(record.id, question.id, in: judgements), field: .question, caseID: record.id,
                questionID: question.id, message: message))
        }
        guard problems.isEmpty else { throw ScoringProblems(problems) }
        return try scorecard(cases: cases, tallies: tallies, overrides: overrides)
    }

    /// Scores answers already checked and placed in a grid (by the fast judgements reader); nil when any answer is
    /// given where its question does not apply, for the caller to read the files again the way that words problems.
    func scorecard(cases: [CaseRecord], grid: AnswerGrid) -> Scorecard? {
        let (tallies, misplaced) = tallies(cases: cases, grid: grid)
        guard misplaced.isEmpty else { return nil }
        return try? scorecard(cases: cases, tallies: tallies, overrides: [])
    }

    private func scorecard(
        cases: [CaseRecord], tallies: [QuestionTally], overrides: [RatingOverride]
    ) throws(ScoringProblems) -> Scorecard {
        let questions = framework.questions
        let questionScores = questions.indices.map { position in
            let question = questions[position]
            let tally = tallies[rules.tallyPosition[position]]
            let answeredOptions = questions[rules.column[position]].options
            return QuestionScore(
                id: question.id, name: question.text, criterion: question.criterion, kind: question.kind,
                all: tally.all, custody: tally.custody, community: tally.community,
                optionCounts: question.options.map { option in
                    OptionCount(option: option, count: answeredOptions.firstIndex(of: option).map { tally.optionCounts[$0] } ?? 0)
                }
            )
        }
        func tally(of subset: [Question]) -> Tally {
            subset.filter(\.isScored).reduce(Tally()) { $0 + tallies[rules.tallyPosition[rules.positionByID[$1.id]!]].all }
        }
        let criterionScale = framework.ratingScale(for: .criterion)
        let criteria = framework.criteria.map { criterion in
            Score(level: .criterion, id: criterion.id, name: criterion.name,
                  tally: tally(of: framework.questions(inCriterion: criterion.id)), scale: criterionScale,
                  judged: framework.section(criterion.section)?.assessment == .judged)
        }
        let sectionScale = framework.ratingScale(for: .section)
        let sections = framework.sections.map { section in
            let questions = framework.questions.filter { framework.criterion($0.criterion)?.section == section.id }
            return Score(level: .section, id: section.id, name: section.name, tally: tally(of: questions),
                         scale: sectionScale, judged: section.assessment == .judged)
        }
        let headlineScale = framework.ratingScale(for: .headline)
        let headlines = framework.headlines.map { headline in
            Score(level: .headline, id: headline.id, name: headline.name,
                  tally: tally(of: framework.questions.filter { $0.headlines.contains(headline.id) }), scale: headlineScale)
        }
        let custodyCount = cases.filter { $0.setting == .custody }.count
        var scorecard = Scorecard(
            frameworkID: framework.id, frameworkVersion: framework.version, cases: cases.count,
            custodyCases: custodyCount, communityCases: cases.count - custodyCount,
            headlines: headlines, sections: sections, criteria: criteria, questions: questionScores
        )
        try apply(overrides, to: &scorecard)
        return scorecard
    }

    /// Places the judgements in a grid by case and question, reporting unknown cases and questions, repeats and
    /// answers of the wrong kind.
    private func answerGrid(cases: [CaseRecord], judgements: [Judgement], problems: inout [ScoringProblem]) -> AnswerGrid {
        var rowByID: [String: Int] = [:]
        var rowOfCase: [Int] = []
        rowOfCase.reserveCapacity(cases.count)
        for (index, record) in cases.enumerated() {
            if let first = rowByID[record.id] {
                problems.append(ScoringProblem(judgement: nil, field: .case, caseID: record.id, questionID: nil,
                                               message: "case id appears twice"))
                rowOfCase.append(first)
            } else {
                rowByID[record.id] = index
                rowOfCase.append(index)
            }
        }
        var grid = AnswerGrid(width: framework.questions.count, rowOfCase: rowOfCase, rows: cases.count)
        for (index, judgement) in judgements.enumerated() {
            func report(_ field: ScoringProblem.Field, _ message: String) {
                problems.append(ScoringProblem(judgement: index, field: field, caseID: judgement.caseID,
                                               questionID: judgement.questionID, message: message))
            }
            guard let row = rowByID[judgement.caseID] else { report(.case, "no such case"); continue }
            guard let position = rules.positionByID[judgement.questionID] else {
                report(.question, "no such question in framework \(framework.id)"); continue
            }
            let question = framework.questions[position]
            switch (question.kind, judgement.answer) {
            case (.judgement, .option(let text)):
                report(.answer, "'\(text)' is not an answer to a scored question (yes, no or na)"); continue
            case (.fact, .yes), (.fact, .no):
                report(.answer, "a fact question is answered with one of: \(question.options.joined(separator: ", "))"); continue
            case (.fact, .option(let text)) where !question.options.contains(text):
                report(.answer, "'\(text)' is not one of: \(question.options.joined(separator: ", "))"); continue
            default: break
            }
            // The checks above leave only answers the question has a code for.
            let code = CompiledRules.code(of: judgement.answer, for: question)!
            let cell = row * grid.width + position
            if grid.codes[cell] != AnswerGrid.none {
                report(.question, "answered twice for the same case"); continue
            }
            grid.codes[cell] = code
        }
        return grid
    }

    /// The answers in one grid row by question id, as `applicability(of:in:answers:)` reads them.
    private func answers(inRow row: Int, of grid: AnswerGrid) -> [String: Answer] {
        var answers: [String: Answer] = [:]
        for (position, question) in framework.questions.enumerated() where rules.column[position] == position {
            let code = grid.codes[row * grid.width + position]
            if code != AnswerGrid.none { answers[question.id] = CompiledRules.answer(code, of: question) }
        }
        return answers
    }

    private func judgementIndex(_ caseID: String, _ questionID: String, in judgements: [Judgement]) -> Int? {
        judgements.firstIndex { $0.caseID == caseID && $0.questionID == questionID }
    }

    /// Applies inspectors' ratings: only where the programme allows it (an overridable scale, or a judged section),
    /// only with a label from the scale, and never without a reason.
    private func apply(_ overrides: [RatingOverride], to scorecard: inout Scorecard) throws(ScoringProblems) {
        var problems: [ScoringProblem] = []
        for rating in overrides {
            func report(_ message: String) {
                problems.append(ScoringProblem(judgement: nil, field: .rating, caseID: nil, questionID: nil,
                                               message: "rating of \(rating.level.rawValue) \(rating.id): \(message)"))
            }
            guard let score = scorecard.score(rating.level, rating.id) else { report("no such score"); continue }
            guard let scale = framework.ratingScale(for: rating.level) else { report("this level is not rated"); continue }
            guard score.judged || scale.overridable else { report("\(scale.name) ratings are computed and cannot be overridden"); continue }
            // A judged section's label is its finding's judgement; a decision on top would be a second, competing label.
            guard !(score.judged && rating.source == .decision) else {
                report("judged, not scored: its label is the judgement recorded with its finding"); continue
            }
            guard scale.bands.contains(where: { $0.label == rating.label }) else {
                report("'\(rating.label)' is not one of: \(scale.bands.map(\.label).joined(separator: ", "))"); continue
            }
            guard !rating.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                report("a reason is required"); continue
            }
            scorecard.update(rating.level, rating.id) { score in
                score.band = rating.label
                score.override = rating
            }
        }
        if !problems.isEmpty { throw ScoringProblems(problems) }
    }
}

extension Scorecard {
    mutating func update(_ level: ScoreLevel, _ id: String, _ change: (inout Score) -> Void) {
        switch level {
        case .headline: if let i = headlines.firstIndex(where: { $0.id == id }) { change(&headlines[i]) }
        case .section: if let i = sections.firstIndex(where: { $0.id == id }) { change(&sections[i]) }
        case .criterion: if let i = criteria.firstIndex(where: { $0.id == id }) { change(&criteria[i]) }
        case .question: break
        }
    }
}

/// Whether a question applies to a case.
public enum QuestionStatus: Sendable, Hashable {
    /// The question applies and should be answered.
    case applies
    /// The question does not apply, for the reason given.
    case excluded(Exclusion)
    /// The question applies only if another question (named) is answered a certain way, and it is not answered yet.
    case awaiting(String)
}

/// Why a question does not apply to a case; worded only when someone needs to read it.
public enum Exclusion: Sendable, Hashable {
    /// The question is for custody (or community) cases only.
    case setting(SettingRestriction)
    /// The question depends on another that does not apply to the case.
    case sourceDoesNotApply(String)
    /// The answer the question depends on is not one that makes it apply.
    case conditionNotMet(AnswerCondition, actual: Answer)

    /// The reason in words, e.g. "applies to custody cases only; C-1 is a community case".
    public func explanation(for record: CaseRecord) -> String {
        switch self {
        case .setting(let setting):
            return "applies to \(setting.rawValue) cases only; \(record.id) is a \(record.setting.rawValue) case"
        case .sourceDoesNotApply(let source):
            return "depends on \(source), which does not apply to \(record.id)"
        case .conditionNotMet(let condition, let actual):
            return "applies only when \(condition.question) is \(condition.answers.joined(separator: " or ")); in \(record.id) it is \(actual)"
        }
    }
}

/// A judgement (or rating) that cannot be scored, with enough detail to find it.
public struct ScoringProblem: Sendable, Hashable, CustomStringConvertible {
    /// What a problem is about, so an importer can name the column (case_id, question_id, answer).
    public enum Field: String, Sendable, Hashable {
        case `case` = "case_id"
        case question = "question_id"
        case answer
        case rating
    }

    /// Position of the judgement in the list given to the engine, so an importer can map it back to a file line.
    public let judgement: Int?
    /// The part of the judgement (or rating) that is wrong.
    public let field: Field
    /// The case concerned.
    public let caseID: String?
    /// The question concerned.
    public let questionID: String?
    /// What is wrong.
    public let message: String

    public var description: String {
        [caseID.map { "case \($0)" }, questionID.map { "question \($0)" }].compactMap { $0 }.joined(separator: ", ")
            + (caseID == nil && questionID == nil ? "" : ": ") + message
    }
}

/// Every reason a set of judgements could not be scored.
public struct ScoringProblems: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found.
    public let problems: [ScoringProblem]
    public init(_ problems: [ScoringProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
