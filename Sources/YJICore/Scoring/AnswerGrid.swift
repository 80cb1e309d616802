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

/// A framework's applicability rules on question positions and answer codes: the same rule as
/// `ScoringEngine.applicability(of:in:answers:)`, compiled once so the scoring loop runs on integers.
struct CompiledRules: Sendable {
    static let applies: UInt8 = 0
    static let awaiting: UInt8 = 1
    static let excluded: UInt8 = 2
    private static let noCondition = -1
    private static let unknownSource = -2

    /// The position of the first question with each id: the one an answer to that id belongs to.
    let positionByID: [String: Int]
    /// The grid column holding each position's answer (the first position with its id).
    let column: [Int]
    /// The position whose tally a score reads for each position: the last with its id, as a tally stored by id keeps.
    let tallyPosition: [Int]
    private let setting: [SettingRestriction]
    /// The source question's position, or `noCondition`, or `unknownSource` for a source the framework lacks.
    private let source: [Int]
    /// For each position, where its row of `applyingFlat` starts: by source answer code, whether the question applies.
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

    /// Whether the question at `position` applies to a case in `caseSetting` whose answers are `row`. `known` holds
    /// the statuses of this case's positions below `knownBelow`, already worked out by the scoring loop, so a chain of
    /// conditions is followed only as far as the first link not yet known.
    func status(_ position: Int, caseSetting: CaseSetting, row: UnsafeBufferPointer<UInt16>,
                known: UnsafeMutableBufferPointer<UInt8>, knownBelow: Int) -> UInt8 {
        switch (setting[position], caseSetting) {
        case (.custody, .community), (.community, .custody): return Self.excluded
        default: break
        }
        let sourcePosition = source[position]
        if sourcePosition == Self.noCondition { return Self.applies }
        if sourcePosition == Self.unknownSource { return Self.excluded }
        let sourceStatus = sourcePosition < knownBelow
            ? known[sourcePosition]
            : status(sourcePosition, caseSetting: caseSetting, row: row, known: known, knownBelow: knownBelow)
        if sourceStatus == Self.excluded { return Self.excluded }
        let code = row[column[sourcePosition]]
        if code == AnswerGrid.none { return Self.awaiting }
        return applyingFlat[applyingStart[position] + Int(code)] ? Self.applies : Self.excluded
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
        let outcomes: [Int] = [
            unanswered, sufficient, insufficient, notApplicable, option,  // applies
            unanswered, refused, refused, refused, refused,               // awaiting the source's answer
            notApplicable, refused, refused, refused, refused,            // excluded
        ]
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
