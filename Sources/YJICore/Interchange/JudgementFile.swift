/// The `judgements.csv` interchange format: case_id, question_id, answer, assessor, note (see docs/formats.md).
public enum JudgementFile {
    /// The columns, in the order yji writes them.
    public static let columns = ["case_id", "question_id", "answer", "assessor", "note"]

    /// Judgements read from a file, each with the line it came from.
    public struct Contents: Sendable {
        /// The judgements, in file order.
        public let judgements: [Judgement]
        /// The line of each judgement, by position.
        public let lines: [Int]
    }

    /// Reads judgements, checking question ids and answers against the framework; every problem is reported.
    public static func read(_ text: String, file: String, framework: Framework) throws(ProblemList) -> Contents {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        let columns = CSVColumns(table: table, required: ["case_id", "question_id", "answer"], optional: ["assessor", "note"],
                                 problems: &problems)
        try problems.throwIfAny()
        let questions = Dictionary(framework.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var judgements: [Judgement] = []
        var lines: [Int] = []
        judgements.reserveCapacity(table.rows.count)
        for row in table.wellFormedRows(reporting: &problems) {
            if problems.isFull { break }
            var reader = FieldReader(row: row, columns: columns, problems: problems)
            let caseID = reader.required("case_id")
            let questionID = reader.required("question_id")
            let answerText = reader.required("answer")
            problems = reader.problems
            guard let caseID, let questionID, let answerText else { continue }
            guard let question = questions[questionID] else {
                problems.add(line: row.line, "question_id", "'\(questionID)' is not a question of framework \(framework.id)")
                continue
            }
            guard let answer = Answer.parse(answerText, for: question) else {
                let accepted = question.acceptedAnswers.joined(separator: "|")
                problems.add(line: row.line, "answer", "'\(answerText)' is not an answer to \(questionID) (\(accepted))")
                continue
            }
            judgements.append(Judgement(
                caseID: caseID, questionID: questionID, answer: answer,
                assessor: columns.value("assessor", in: row), note: columns.value("note", in: row)
            ))
            lines.append(row.line)
        }
        try problems.throwIfAny()
        return Contents(judgements: judgements, lines: lines)
    }

    /// Writes judgements in the interchange format.
    public static func write(_ judgements: [Judgement]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for j in judgements {
            out += [j.caseID, j.questionID, j.answer.description, j.assessor, j.note].map(csvEscaped).joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Scores an inspection from its interchange files, turning every problem into FILE:LINE: field: message.
public enum InspectionFiles {
    /// Reads both files, checks the judgements against the cases and framework, and returns the scorecard.
    public static func score(
        framework: Framework, casesText: String, casesFile: String, judgementsText: String, judgementsFile: String
    ) throws(ProblemList) -> Scorecard {
        var problems: [Problem] = []
        var cases: [CaseRecord] = []
        var contents: JudgementFile.Contents?
        do { cases = try CaseFile.read(casesText, file: casesFile) } catch { problems += error.problems }
        do { contents = try JudgementFile.read(judgementsText, file: judgementsFile, framework: framework) } catch {
            problems += error.problems
        }
        guard problems.isEmpty, let contents else { throw ProblemList(problems) }
        do {
            return try ScoringEngine(framework: framework).scorecard(cases: cases, judgements: contents.judgements)
        } catch {
            throw ProblemList(error.problems.map { problem in
                let line = problem.judgement.map { contents.lines[$0] }
                let file = problem.judgement == nil ? casesFile : judgementsFile
                return Problem(file: file, line: line, subject: problem.field.rawValue, message: problem.description)
            })
        }
    }
}
