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

extension JudgementFile {
    /// Reads judgements straight from the file's UTF-8 bytes into an answer grid over `cases`, without a String per
    /// field; nil when anything in the file or the cases is not as `read` and the engine would take it without a
    /// problem, so the caller reads the files again the ordinary way, which finds and words every problem.
    static func answerGrid(utf8 bytes: UnsafeBufferPointer<UInt8>, engine: ScoringEngine, cases: [CaseRecord]) -> AnswerGrid? {
        var scanner = CSVScanner(bytes)
        guard (try? scanner.nextRecord()) == true else { return nil }
        let header = CSVTable(header: scanner.fieldStrings(), headerLine: scanner.recordLine, rows: [])
        var problems = ProblemCollector(file: "")
        let columns = CSVColumns(table: header, required: ["case_id", "question_id", "answer"], optional: ["assessor", "note"],
                                 problems: &problems)
        guard problems.problems.isEmpty, let caseColumn = columns.index["case_id"],
              let questionColumn = columns.index["question_id"], let answerColumn = columns.index["answer"] else { return nil }

        var rowByID: [String: Int] = [:]
        for (index, record) in cases.enumerated() {
            guard rowByID.updateValue(index, forKey: record.id) == nil else { return nil }
        }
        let questions = engine.framework.questions
        // Ids that are not all ASCII are left to the ordinary reader, which compares them as Strings.
        guard let caseTable = ASCIIKeyTable(cases.map(\.id)), let questionTable = ASCIIKeyTable(questions.map(\.id)) else {
            return nil
        }
        var caseKeys = FieldKeys(table: caseTable, dictionary: rowByID)
        var questionKeys = FieldKeys(table: questionTable, dictionary: engine.rules.positionByID)
        let spellings = AnswerSpellings(questions: questions)
        var grid = AnswerGrid(width: questions.count, rowOfCase: Array(cases.indices), rows: cases.count)
        let fieldCount = scanner.fieldCount
        let complete = grid.codes.withUnsafeMutableBufferPointer { codes -> Bool in
            while true {
                guard let more = try? scanner.nextRecord() else { return false }
                if !more { return true }
                guard scanner.fieldCount == fieldCount,
                      let row = scanner.withField(caseColumn, { trimmedSpaces($0).flatMap { caseKeys.index($0) } }),
                      let position = scanner.withField(questionColumn, { trimmedSpaces($0).flatMap { questionKeys.index($0) } }),
                      let code = scanner.withField(answerColumn, { field in
                          trimmedSpaces(field).flatMap { answer in
                              spellings.code(of: answer, position: position) ?? parsedCode(of: answer, for: questions[position])
                          }
                      })
                else { return false }
                let cell = row * questions.count + position
                guard codes[cell] == AnswerGrid.none else { return false }
                codes[cell] = code
            }
        }
        return complete ? grid : nil
    }

    /// The field without leading and trailing spaces and tabs, as `trimmingSpaces` gives it; nil when it is empty, or
    /// when a trimmed space sits next to a non-ASCII byte, which might join it into one Character that
    /// `trimmingSpaces` would keep.
    @inline(__always)
    private static func trimmedSpaces(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = field.startIndex, end = field.endIndex
        while start < end, isSpace(field[start]) { start += 1 }
        while end > start, isSpace(field[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        if start > field.startIndex, field[start] >= 0x80 { return nil }
        if end < field.endIndex, field[end - 1] >= 0x80 { return nil }
        return UnsafeBufferPointer(rebasing: field[start..<end])
    }

    /// The code of an answer spelled in a way the table does not hold, read as `read` reads it.
    private static func parsedCode(of field: UnsafeBufferPointer<UInt8>, for question: Question) -> UInt16? {
        Answer.parse(String(decoding: field, as: UTF8.self), for: question).flatMap { CompiledRules.code(of: $0, for: question) }
    }
}

/// The answer spellings yji itself writes (yes, no, na and each option), with the code `Answer.parse` gives each, packed
/// into two words so a field is matched by comparing integers; any other spelling is left to `Answer.parse`.
private struct AnswerSpellings {
    private struct Spelling {
        let low: UInt64
        let high: UInt64
        let length: Int
        let code: UInt16
    }

    private var spellings: [Spelling] = []
    /// Where each question position's spellings start in `spellings`, and one more for the end of the last.
    private var starts: [Int] = [0]

    init(questions: [Question]) {
        for question in questions {
            let candidates = question.kind == .judgement ? Answer.judgementSpellings : question.options + ["na"]
            for candidate in candidates where candidate.utf8.allSatisfy({ $0 < 0x80 }) {
                guard let answer = Answer.parse(candidate, for: question), let code = CompiledRules.code(of: answer, for: question),
                      let packed = Array(candidate.utf8).withUnsafeBufferPointer(Self.pack) else { continue }
                spellings.append(Spelling(low: packed.low, high: packed.high, length: candidate.utf8.count, code: code))
            }
            starts.append(spellings.count)
        }
    }

    /// The code of `field` as an answer to the question at `position`, when it is one of the spellings held.
    @inline(__always)
    func code(of field: UnsafeBufferPointer<UInt8>, position: Int) -> UInt16? {
        guard let packed = Self.pack(field) else { return nil }
        for index in starts[position]..<starts[position + 1] {
            let spelling = spellings[index]
            if spelling.length == field.count, spelling.low == packed.low, spelling.high == packed.high { return spelling.code }
        }
        return nil
    }

    /// Up to 16 bytes as two little-endian words, zero-padded; nil for longer text.
    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (low: UInt64, high: UInt64)? {
        guard bytes.count <= 16 else { return nil }
        var low: UInt64 = 0, high: UInt64 = 0
        for (offset, byte) in bytes.enumerated() {
            if offset < 8 { low |= UInt64(byte) << (8 * offset) } else { high |= UInt64(byte) << (8 * (offset - 8)) }
        }
        return (low, high)
    }
}

/// Finds which key a field holds: by its bytes, trying first the key found last and the key that followed it last
/// time (a judgements file lists one case's rows together, its questions in the same order each time); a field that is
/// not ASCII is compared as a String, the way the dictionary the ordinary reader uses compares it.
private struct FieldKeys {
    let table: ASCIIKeyTable
    let dictionary: [String: Int]
    private var last = -1
    private var following: [Int]

    init(table: ASCIIKeyTable, dictionary: [String: Int]) {
        self.table = table
        self.dictionary = dictionary
        following = [Int](repeating: -1, count: table.count)
    }

    @inline(__always)
    mutating func index(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        if last >= 0 {
            if table.equal(last, field) { return last }
            let guess = following[last]
            if guess >= 0, table.equal(guess, field) {
                last = guess
                return guess
            }
        }
        switch table.index(of: field) {
        case .found(let index):
            if last >= 0 { following[last] = index }
            last = index
            return index
        case .missing:
            return nil
        case .notASCII:
            return dictionary[String(decoding: field, as: UTF8.self)]
        }
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

    /// The same from the files' bytes, which must be UTF-8 without a byte-order mark (as `String(decoding:)` reads
    /// them): a national programme's millions of judgements are read and scored without a String per field, and a
    /// file with any problem is read again as text by the ordinary reader, so problems are worded exactly as above.
    public static func score(
        framework: Framework, casesUTF8: UnsafeBufferPointer<UInt8>, casesFile: String,
        judgementsUTF8: UnsafeBufferPointer<UInt8>, judgementsFile: String
    ) throws(ProblemList) -> Scorecard {
        let casesText = String(decoding: casesUTF8, as: UTF8.self)
        if let cases = try? CaseFile.read(casesText, file: casesFile) {
            let engine = ScoringEngine(framework: framework)
            let grid = JudgementFile.answerGrid(utf8: judgementsUTF8, engine: engine, cases: cases)
            if let grid, let card = engine.scorecard(cases: cases, grid: grid) { return card }
        }
        return try score(framework: framework, casesText: casesText, casesFile: casesFile,
                         judgementsText: String(decoding: judgementsUTF8, as: UTF8.self), judgementsFile: judgementsFile)
    }
}
