/// Generates a realistic, obviously fictional inspection: a caseload and a complete set of judgements.
///
/// Used for the demo, for benchmarks and by anyone trying yji without real data. Nothing here resembles a real
/// child: ids are "SYN-0001", assessors are "Synthetic Assessor A". The same seed always gives the same bytes.
public struct SyntheticInspection: Sendable {
    /// The generated cases.
    public let cases: [CaseRecord]
    /// One judgement for every question that applies to each case.
    public let judgements: [Judgement]

    /// Generates `caseCount` cases for `framework`, with answer rates set by `quality` (0 poor ... 1 excellent work).
    public init(framework: Framework, caseCount: Int, seed: UInt64, quality: Double = 0.6) {
        var random = SeededGenerator(seed: seed)
        let cases = (0..<caseCount).map { Self.makeCase(number: $0 + 1, random: &random) }
        self.init(framework: framework, cases: cases, random: &random, quality: quality)
    }

    /// Generates judgements for cases that already exist (a drawn sample, say), with answer rates set by `quality`.
    public init(framework: Framework, cases: [CaseRecord], seed: UInt64, quality: Double = 0.6) {
        var random = SeededGenerator(seed: seed)
        self.init(framework: framework, cases: cases, random: &random, quality: quality)
    }

    private init(framework: Framework, cases: [CaseRecord], random: inout SeededGenerator, quality: Double) {
        // Each question gets its own difficulty, so some aspects of work are done well far more often than others.
        let difficulty = Dictionary(
            framework.questions.map { ($0.id, Double.random(in: -0.3...0.3, using: &random)) },
            uniquingKeysWith: { first, _ in first }
        )
        let engine = ScoringEngine(framework: framework)
        let ordered = framework.questionsInDependencyOrder
        let assessors = ["Synthetic Assessor A", "Synthetic Assessor B", "Synthetic Assessor C"]
        var judgements: [Judgement] = []
        for (index, record) in cases.enumerated() {
            // Some cases are handled better than others; the case manager's skill shifts every answer a little.
            let caseEffect = Double.random(in: -0.15...0.15, using: &random)
            var answers: [String: Answer] = [:]
            for question in ordered {
                guard engine.applicability(of: question, in: record, answers: answers) == .applies else { continue }
                let answer: Answer
                switch question.kind {
                case .fact:
                    answer = .option(Self.option(for: question, in: record, random: &random))
                case .judgement:
                    if Double.random(in: 0..<1, using: &random) < 0.06 {
                        answer = .notApplicable
                    } else {
                        let chance = min(0.98, max(0.02, quality + difficulty[question.id, default: 0] + caseEffect))
                        answer = Double.random(in: 0..<1, using: &random) < chance ? .yes : .no
                    }
                }
                answers[question.id] = answer
                judgements.append(Judgement(
                    caseID: record.id, questionID: question.id, answer: answer,
                    assessor: assessors[index % assessors.count], note: "Synthetic evidence note."
                ))
            }
        }
        self.cases = cases
        self.judgements = judgements
    }

    /// A fictional case with a realistic mix: about a fifth in custody, some girls and young women, some black and
    /// minority ethnic children, risk levels skewed higher in custody.
    static func makeCase(number: Int, random: inout SeededGenerator) -> CaseRecord {
        let inCustody = Double.random(in: 0..<1, using: &random) < 0.2
        let disposal: Disposal = inCustody
            ? (Double.random(in: 0..<1, using: &random) < 0.85 ? .detentionAndTrainingOrder : .otherCustody)
            : pick([(.youthRehabilitationOrder, 45), (.referralOrder, 40), (.otherFirstTier, 15)], &random)
        let riskWeights: [(RiskLevel, Int)] = inCustody
            ? [(.low, 10), (.medium, 45), (.high, 38), (.veryHigh, 7)]
            : [(.low, 40), (.medium, 42), (.high, 16), (.veryHigh, 2)]
        return CaseRecord(
            id: "SYN-" + String(repeating: "0", count: max(0, 4 - String(number).count)) + String(number),
            age: Int.random(in: 12...17, using: &random),
            gender: pick([(.male, 83), (.female, 16), (.other, 1)], &random),
            ethnicity: pick([(.white, 68), (.black, 11), (.asian, 9), (.mixed, 8), (.other, 2), (.notKnown, 2)], &random),
            disposal: disposal,
            setting: inCustody ? .custody : .community,
            status: Double.random(in: 0..<1, using: &random) < 0.6 ? .current : .terminated,
            riskOfHarm: pick(riskWeights, &random),
            vulnerability: pick(riskWeights, &random),
            lookedAfter: Double.random(in: 0..<1, using: &random) < 0.15
        )
    }

    /// A fact's option: a risk classification follows the case's recorded level; a rare fact (see `rareFacts`) takes
    /// its first option only now and then, and only for the children it can concern; other facts lean to their first.
    static func option(for question: Question, in record: CaseRecord, random: inout SeededGenerator) -> String {
        let levels = RiskLevel.allCases.map(\.rawValue)
        if question.options == levels { return record.riskOfHarm.rawValue }
        if let rare = rareFacts[question.id], question.options.count == 2 {
            let roll = Double.random(in: 0..<1, using: &random)
            return rare.levels.contains(record.riskOfHarm) && roll < rare.chance ? question.options[0] : question.options[1]
        }
        let first = Double.random(in: 0..<1, using: &random) < 0.55
        return first ? question.options[0] : question.options[Int.random(in: 1..<question.options.count, using: &random)]
    }

    /// Facts whose first option few children have: MAPPA eligibility ("eligible", "not eligible") comes with a serious
    /// offence and a high risk of harm, and the SQS letters meet it in a case or two of a sample, so only about half of
    /// the children with a high or very high risk of harm are made eligible.
    static let rareFacts: [String: (levels: Set<RiskLevel>, chance: Double)] = [
        "mappa-eligible": ([.high, .veryHigh], 0.5),
    ]

    static func pick<Value>(_ weighted: [(Value, Int)], _ random: inout SeededGenerator) -> Value {
        var roll = Int.random(in: 0..<weighted.reduce(0) { $0 + $1.1 }, using: &random)
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[weighted.count - 1].0
    }
}

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed on every platform, unlike the system's.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
