/// Every case's answers as small integer codes in one flat array, a row per case and a column per question: what the
/// scoring loop reads, so that scoring a national programme's millions of judgements hashes no strings.
///
/// Codes: 0 no answer, 1 yes, 2 no, 3 not applicable, 4 + k the question's option k (its first option with that text).
struct AnswerGrid: Sendable {
    static let none: UInt16 = 0
    static let yes: UInt16 = 1
    static let no: UInt16 = 2
    static let notApplicable: UInt16 = 3
    static let firstOption: UInt16 = 4

    /// Columns per row: one per framework question position.
    let width: Int
    /// The row each case record reads, by record position: cases repeating an id share the first one's row, as they
    /// share its answers when scored by id.
    let rowOfCase: [Int]
    /// Row-major codes.
    var codes: [UInt16]

    init(width: Int, rowOfCase: [Int], rows: Int) {
        self.width = width
        self.rowOfCase = rowOfCase
        codes = [UInt16](repeating: Self.none, count: width * rows)
    }
}

/// A framework's applicability rules on question positions and answer codes, compiled once so the scoring loop runs
/// on integers. `status` is the only place yji decides whether a question applies to a case: the scoring loop calls
/// it on grid rows, and `ScoringEngine.applicability(of:in:answers:)` calls it on answers by id and words its reason.
struct CompiledRules: Sendable {
    static let applies: UInt8 = 0
    static let awaiting: UInt8 = 1
    /// The statuses from here up are exclusions, one per reason, so that one decision can also be explained.
    static let excludedBySetting: UInt8 = 2
    static let excludedBySource: UInt8 = 3
    static let excludedByCondition: UInt8 = 4
    private static let noCondition = -1
    private static let unknownSource = -2

    /// The position of the first question with each id: the one an answer to that id belongs to.
    let positionByID: [String: Int]
    /// Whether some id names two questions (a framework built in code; the loader refuses it).
    private let idsRepeat: Bool
    /// The grid column holding each position's answer (the first position with its id).
    let column: [Int]
    /// The position whose tally a score reads for each position: the last with its id, as a tally stored by id keeps.
    let tallyPosition: [Int]
    private let setting: [SettingRestriction]
    /// The source question's position, or `noCondition`, or `unknownSource` for a source the framework lacks.
    private let source: [Int]
    /// For each position, where its row of `applyingFlat` starts: by source answer code, whether the question applies.
    /// A row has one code past the source's options, `unlisted(position)`, for an answer the source does not offer.
    private let applyingStart: [Int]
    private let applyingFlat: [Bool]

    init(framework: Framework) {
        let questions = framework.questions
        var positionByID: [String: Int] = [:]
        var lastPosition: [String: Int] = [:]
        for (position, question) in questions.enumerated() {
            if positionByID[question.id] == nil { positionByID[question.id] = position }
            lastPosition[question.id] = position
        }
        self.positionByID = positionByID
        idsRepeat = positionByID.count != questions.count
        column = questions.map { positionByID[$0.id]! }
        tallyPosition = questions.map { lastPosition[$0.id]! }
        setting = questions.map(\.applicability.setting)
        var source: [Int] = [], applyingStart: [Int] = [], applyingFlat: [Bool] = []
        for question in questions {
            applyingStart.append(applyingFlat.count)
            guard let condition = question.applicability.condition else { source.append(Self.noCondition); continue }
            guard let sourcePosition = positionByID[condition.question] else { source.append(Self.unknownSource); continue }
            source.append(sourcePosition)
            let sourceQuestion = questions[sourcePosition]
            let codes = Int(AnswerGrid.firstOption) + sourceQuestion.options.count
            applyingFlat += (0..<codes).map { code in
                code != Int(AnswerGrid.none)
                    && condition.answers.contains(Self.answer(UInt16(code), of: sourceQuestion).description)
            }
            applyingFlat.append(false)
        }
        self.source = source
        self.applyingStart = applyingStart
        self.applyingFlat = applyingFlat
    }

    /// The code of an answer to `question`, or nil for an option the question does not have.
    static func code(of answer: Answer, for question: Question) -> UInt16? {
        switch answer {
        case .yes: return AnswerGrid.yes
        case .no: return AnswerGrid.no
        case .notApplicable: return AnswerGrid.notApplicable
        case .option(let text):
            return question.options.firstIndex(of: text).map { AnswerGrid.firstOption + UInt16($0) }
        }
    }

    /// The answer a code stands for; only for codes that `code(of:for:)` gives.
    static func answer(_ code: UInt16, of question: Question) -> Answer {
        switch code {
        case AnswerGrid.yes: return .yes
        case AnswerGrid.no: return .no
        case AnswerGrid.notApplicable: return .notApplicable
        default: return .option(question.options[Int(code - AnswerGrid.firstOption)])
        }
    }

    /// Whether the question at `position` applies to a case in `caseSetting` whose answers are `row`: `applies`,
    /// `awaiting` or one of the exclusions. `known` holds the statuses of this case's positions below `knownBelow`,
    /// already worked out by the caller, so a chain of conditions is followed only as far as the first link not yet
    /// known.
    func status(_ position: Int, caseSetting: CaseSetting, row: UnsafeBufferPointer<UInt16>,
                known: UnsafeMutableBufferPointer<UInt8>, knownBelow: Int) -> UInt8 {
        switch (setting[position], caseSetting) {
        case (.custody, .community), (.community, .custody): return Self.excludedBySetting
        default: break
        }
        let sourcePosition = source[position]
        if sourcePosition == Self.noCondition { return Self.applies }
        if sourcePosition == Self.unknownSource { return Self.excludedBySource }
        let sourceStatus = sourcePosition < knownBelow
            ? known[sourcePosition]
            : status(sourcePosition, caseSetting: caseSetting, row: row, known: known, knownBelow: knownBelow)
        if sourceStatus >= Self.excludedBySetting { return Self.excludedBySource }
        let code = row[column[sourcePosition]]
        if code == AnswerGrid.none { return Self.awaiting }
        return applyingFlat[applyingStart[position] + Int(code)] ? Self.applies : Self.excludedByCondition
    }
}

extension CompiledRules {
    /// The code standing for "answered, but with nothing the source question at `position` offers" in the rows of
    /// the questions that depend on it: such an answer never meets a condition (the framework validator refuses a
    /// condition naming an answer its source does not take).
    private func unlisted(_ sourcePosition: Int, in questions: [Question]) -> UInt16 {
        AnswerGrid.firstOption + UInt16(questions[sourcePosition].options.count)
    }

    /// The code `status` reads for an answer by id: answers are compared by spelling (yes, no, na or the option), as
    /// a condition names them, so an answer the question does not offer gets the code that meets no condition.
    private func code(of answer: Answer, at position: Int, in questions: [Question]) -> UInt16 {
        switch answer {
        case .yes: return AnswerGrid.yes
        case .no: return AnswerGrid.no
        case .notApplicable: return AnswerGrid.notApplicable
        case .option(let text):
            if let index = questions[position].options.firstIndex(of: text) { return AnswerGrid.firstOption + UInt16(index) }
            switch text {
            case "yes": return AnswerGrid.yes
            case "no": return AnswerGrid.no
            case "na": return AnswerGrid.notApplicable
            default: return unlisted(position, in: questions)
            }
        }
    }

    /// A grid row of every answer given by id.
    func row(_ answers: [String: Answer], in questions: [Question]) -> [UInt16] {
        var row = [UInt16](repeating: AnswerGrid.none, count: column.count)
        for (id, answer) in answers {
            guard let answered = positionByID[id] else { continue }
            row[answered] = code(of: answer, at: answered, in: questions)
        }
        return row
    }

    /// The status of the question at `position` from answers by id, coding only the answers its chain of conditions
    /// reads (all one question needs) into a row kept on the stack: the form and the save checks ask this often.
    func status(_ position: Int, caseSetting: CaseSetting, answers: [String: Answer], in questions: [Question]) -> UInt8 {
        // `status` reads a row only at the sources along the chain, so only those cells are written.
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: column.count) { row in
            var current = position, steps = 0
            // At most one step per question: the validator refuses cycles, and a cycle here must not hang a caller.
            while steps < questions.count, source[current] >= 0 {
                let next = source[current]
                row[next] = answers[questions[next].id].map { code(of: $0, at: next, in: questions) } ?? AnswerGrid.none
                current = next
                steps += 1
            }
            return status(position, caseSetting: caseSetting, row: UnsafeBufferPointer(row),
                          known: UnsafeMutableBufferPointer(start: nil, count: 0), knownBelow: 0)
        }
    }

    /// Whether `question`, one of `questions`, applies to a case in `caseSetting` with these answers, and why not.
    func applicability(of question: Question, in questions: [Question], caseSetting: CaseSetting,
                       answers: [String: Answer]) -> QuestionStatus {
        let position = position(of: question, in: questions)
        let status = status(position, caseSetting: caseSetting, answers: answers, in: questions)
        return questionStatus(status, at: position, in: questions, answers: answers)
    }

    /// The position a question's rule is compiled at: by id, or, where ids repeat, where this very question is.
    private func position(of question: Question, in questions: [Question]) -> Int {
        if !idsRepeat, let position = positionByID[question.id] { return position }
        guard let position = questions.firstIndex(of: question) else {
            preconditionFailure("question \(question.id) is not one of the framework's questions")
        }
        return position
    }

    /// A status from `status` as the engine reports it, with its reason; `answers` are those the row was made from.
    func questionStatus(_ status: UInt8, at position: Int, in questions: [Question],
                        answers: [String: Answer]) -> QuestionStatus {
        let applicability = questions[position].applicability
        switch status {
        case Self.applies:
            return .applies
        case Self.awaiting:
            return .awaiting(applicability.condition!.question)
        case Self.excludedBySetting:
            return .excluded(.setting(applicability.setting))
        case Self.excludedBySource:
            return .excluded(.sourceDoesNotApply(applicability.condition!.question))
        default:
            let condition = applicability.condition!
            return .excluded(.conditionNotMet(condition, actual: answers[condition.question]!))
        }
    }
}

extension ScoringEngine {
    /// Whether each of the framework's questions applies to a case, in the framework's order: the same decisions as
    /// `applicability(of:in:answers:)` question by question, with each chain of conditions followed once.
    public func applicabilities(in record: CaseRecord, answers: [String: Answer]) -> [QuestionStatus] {
        let questions = framework.questions
        let row = rules.row(answers, in: questions)
        var statuses = [UInt8](repeating: CompiledRules.applies, count: questions.count)
        row.withUnsafeBufferPointer { row in
            statuses.withUnsafeMutableBufferPointer { known in
                for position in questions.indices {
                    known[position] = rules.status(position, caseSetting: record.setting, row: row, known: known,
                                                   knownBelow: position)
                }
            }
        }
        return questions.indices.map { rules.questionStatus(statuses[$0], at: $0, in: questions, answers: answers) }
    }
}

/// One question's counts over the cases, as the scoring loop gathers them.
struct QuestionTally {
    var custody = Tally()
    var community = Tally()
    /// Cases answered with each option, by position in the options of the question whose column holds the answers
    /// (a repeated option text counts under its first position).
    var optionCounts: [Int]

    var all: Tally { custody + community }
}

extension ScoringEngine {
    /// A question answered in a case where it does not apply (or not yet): the scorecard refuses it.
    struct MisplacedAnswer {
        let position: Int
        let caseIndex: Int
    }

    /// Tallies every question over every case from the grid, and lists the answers given where their question does
    /// not apply, question by question and case by case.
    func tallies(cases: [CaseRecord], grid: AnswerGrid) -> (tallies: [QuestionTally], misplaced: [MisplacedAnswer]) {
        let questions = framework.questions
        let width = grid.width
        // What a status and a code (options folded into 4) add to: 0-3 the counts below, 4 an option, 5 refused.
        let sufficient = 0, insufficient = 1, notApplicable = 2, unanswered = 3, option = 4, refused = 5
        let excluded = [notApplicable, refused, refused, refused, refused]
        let outcomes: [Int] = [
            unanswered, sufficient, insufficient, notApplicable, option,  // applies
            unanswered, refused, refused, refused, refused,               // awaiting the source's answer
        ] + excluded + excluded + excluded                               // excluded by setting, source or condition
        let optionStart = questions.indices.reduce(into: [0]) { starts, position in
            starts.append(starts[position] + questions[rules.column[position]].options.count)
        }
        // By (position, custody 0 or community 1, outcome 0-3), case by case, so each row is read in order.
        var counts = [Int](repeating: 0, count: width * 8)
        var optionCounts = [Int](repeating: 0, count: optionStart[width])
        var misplaced: [MisplacedAnswer] = []
        var statuses = [UInt8](repeating: 0, count: width)
        grid.codes.withUnsafeBufferPointer { codes in
            counts.withUnsafeMutableBufferPointer { counts in
                statuses.withUnsafeMutableBufferPointer { statuses in
                    for caseIndex in cases.indices {
                        let caseSetting = cases[caseIndex].setting
                        let countsStart = caseSetting == .custody ? 0 : 4
                        let rowStart = grid.rowOfCase[caseIndex] * width
                        let row = UnsafeBufferPointer(rebasing: codes[rowStart..<rowStart + width])
                        for position in 0..<width {
                            let status = rules.status(position, caseSetting: caseSetting, row: row,
                                                      known: statuses, knownBelow: position)
                            statuses[position] = status
                            let code = row[rules.column[position]]
                            let outcome = outcomes[Int(status) * 5 + min(Int(code), option)]
                            if outcome < option {
                                counts[position * 8 + countsStart + outcome] += 1
                            } else if outcome == option {
                                optionCounts[optionStart[position] + Int(code - AnswerGrid.firstOption)] += 1
                            } else {
                                misplaced.append(MisplacedAnswer(position: position, caseIndex: caseIndex))
                            }
                        }
                    }
                }
            }
        }
        misplaced.sort { ($0.position, $0.caseIndex) < ($1.position, $1.caseIndex) }
        let tallies = questions.indices.map { position in
            func tally(_ start: Int) -> Tally {
                Tally(sufficient: counts[start + sufficient], insufficient: counts[start + insufficient],
                      notApplicable: counts[start + notApplicable], unanswered: counts[start + unanswered])
            }
            return QuestionTally(custody: tally(position * 8), community: tally(position * 8 + 4),
                                 optionCounts: Array(optionCounts[optionStart[position]..<optionStart[position + 1]]))
        }
        return (tallies, misplaced)
    }
}
