import Foundation

/// An inspection rebuilt from answer counts: for each question, setting and answer, how many cases carried it, as a
/// published report states them. The cases are synthetic; the counts are the report's. Scoring the result then checks
/// yji's rules against the report's own figures, and lets an analyst redraw an old report from its published tables.
public struct CountsInspection: Sendable {
    /// One synthetic case per inspected case, custody cases first.
    public let cases: [CaseRecord]
    /// The judgements that give each question its counts.
    public let judgements: [Judgement]

    /// Reads a counts file (`question_id,setting,answer,count`) and builds cases and judgements that carry exactly
    /// those counts. The first question that applies to every case fixes the sample; every other question's counts
    /// must add up to the cases it applies to, or the file is refused with the question named.
    public init(csv text: String, file: String, framework: Framework, casePrefix: String) throws(ProblemList) {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        var counts: [String: [CaseSetting: [(String, Int)]]] = [:]
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            guard row.fields.count >= 4, let setting = CaseSetting.parse(row.fields[1]), let count = Int(row.fields[3]), count >= 0 else {
                problems.add(line: row.line, "row", "expected question_id,setting (custody or community),answer,count")
                continue
            }
            counts[row.fields[0], default: [:]][setting, default: []].append((row.fields[2], count))
            if firstLine[row.fields[0]] == nil { firstLine[row.fields[0]] = row.line }
        }
        try problems.throwIfAny()
        guard let first = framework.questions.first(where: { $0.applicability == .always }) else {
            problems.add(line: table.headerLine, "framework", "\(framework.id) has no question that applies to every case")
            try problems.throwIfAny()
            self.cases = []
            self.judgements = []
            return
        }
        let custody = (counts[first.id]?[.custody] ?? []).reduce(0) { $0 + $1.1 }
        let community = (counts[first.id]?[.community] ?? []).reduce(0) { $0 + $1.1 }
        let cases = (0..<(custody + community)).map { index in
            let inCustody = index < custody
            return CaseRecord(
                id: String(format: "%@-%03d", casePrefix, index + 1), age: 14 + index % 4,
                gender: index % 5 == 0 ? .female : .male, ethnicity: index % 3 == 0 ? .black : .white,
                disposal: inCustody ? .detentionAndTrainingOrder : (index % 2 == 0 ? .youthRehabilitationOrder : .referralOrder),
                setting: inCustody ? .custody : .community, status: index % 4 == 0 ? .terminated : .current,
                riskOfHarm: index % 6 == 0 ? .high : .medium, vulnerability: index % 7 == 0 ? .high : .medium,
                lookedAfter: index % 8 == 0
            )
        }
        let engine = ScoringEngine(framework: framework)
        var answers: [String: [String: Answer]] = [:]
        var judgements: [Judgement] = []
        for question in framework.questionsInDependencyOrder {
            for setting in CaseSetting.allCases {
                let eligible = cases.filter {
                    $0.setting == setting && engine.applicability(of: question, in: $0, answers: answers[$0.id] ?? [:]) == .applies
                }
                let rows = counts[question.id]?[setting] ?? []
                let total = rows.reduce(0) { $0 + $1.1 }
                guard total == eligible.count else {
                    problems.add(line: firstLine[question.id], question.id,
                                 "\(setting.rawValue) counts sum to \(total), but \(eligible.count) cases are eligible")
                    continue
                }
                var next = eligible.makeIterator()
                for (answerText, count) in rows {
                    guard let answer = Answer.parse(answerText, for: question) else {
                        problems.add(line: firstLine[question.id], question.id, "'\(answerText)' is not an answer this question takes")
                        continue
                    }
                    for _ in 0..<count {
                        guard let record = next.next() else { break }
                        answers[record.id, default: [:]][question.id] = answer
                        judgements.append(Judgement(caseID: record.id, questionID: question.id, answer: answer,
                                                    assessor: "Counts Assessor", note: "synthetic"))
                    }
                }
            }
        }
        try problems.throwIfAny()
        self.cases = cases
        self.judgements = judgements
    }
}
