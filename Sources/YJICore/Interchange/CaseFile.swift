import Foundation

/// The `cases.csv` interchange format: one row per case, header-based, any column order (see docs/formats.md).
public enum CaseFile {
    /// The columns, in the order yji writes them.
    public static let columns = [
        "case_id", "age", "gender", "ethnicity", "disposal", "setting", "status", "rosh", "vulnerability", "looked_after",
    ]

    /// Youngest and oldest ages accepted: youth justice starts at 10, and an order can run past the 18th birthday.
    public static let ages = 10...19

    /// Cases read from a file, each with the line it came from.
    public struct Contents: Sendable {
        /// The cases, in file order.
        public let cases: [CaseRecord]
        /// The line of each case, by position.
        public let lines: [Int]
    }

    /// Reads cases, reporting every problem as FILE:LINE: field: message; nothing is returned from a file with problems.
    public static func read(_ text: String, file: String) throws(ProblemList) -> [CaseRecord] {
        try readContents(text, file: file).cases
    }

    /// Reads cases with their lines, for importers that check them against stored data and must point at the row.
    public static func readContents(_ text: String, file: String) throws(ProblemList) -> Contents {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        let columns = CSVColumns(table: table, required: columns, problems: &problems)
        try problems.throwIfAny()

        var cases: [CaseRecord] = []
        var lines: [Int] = []
        cases.reserveCapacity(table.rows.count)
        var firstLine: [String: Int] = [:]
        for row in table.wellFormedRows(reporting: &problems) {
            if problems.isFull { break }
            var reader = FieldReader(row: row, columns: columns, problems: problems)
            let record = reader.caseRecord(firstLines: &firstLine)
            problems = reader.problems
            guard let record else { continue }
            cases.append(record)
            lines.append(row.line)
        }
        try problems.throwIfAny()
        return Contents(cases: cases, lines: lines)
    }
    /// Writes cases in the interchange format, columns in `columns` order.
    public static func write(_ cases: [CaseRecord]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for c in cases {
            let fields = [
                c.id, String(c.age), c.gender.rawValue, c.ethnicity.rawValue, c.disposal.rawValue, c.setting.rawValue,
                c.status.rawValue, c.riskOfHarm.rawValue, c.vulnerability.rawValue, c.lookedAfter ? "yes" : "no",
            ]
            out += fields.map(csvEscaped).joined(separator: ",") + "\n"
        }
        return out
    }
}

extension FieldReader {
    /// Reads the case columns that cases.csv and caseload.csv share, with their checks across fields: a case id used
    /// before (`firstLines` remembers where), and a custody setting without a custodial disposal.
    mutating func caseRecord(firstLines: inout [String: Int]) -> CaseRecord? {
        let id = required("case_id")
        let age = integer("age", in: CaseFile.ages)
        let gender: Gender? = value("gender")
        let ethnicity: Ethnicity? = value("ethnicity")
        let disposal: Disposal? = value("disposal")
        let setting: CaseSetting? = value("setting")
        let status: CaseStatus? = value("status")
        let rosh: RiskLevel? = value("rosh")
        let vulnerability: RiskLevel? = value("vulnerability")
        let lookedAfter = yesNo("looked_after")
        if let id {
            if let first = firstLines[id] {
                problems.add(line: row.line, "case_id", "'\(id)' already used on line \(first)")
            } else {
                firstLines[id] = row.line
            }
        }
        if setting == .custody, let disposal, !disposal.isCustodial {
            problems.add(line: row.line, "setting", "custody, but the disposal '\(disposal.rawValue)' is not a custodial sentence")
        }
        guard let id, let age, let gender, let ethnicity, let disposal, let setting, let status, let rosh,
              let vulnerability, let lookedAfter else { return nil }
        return CaseRecord(
            id: id, age: age, gender: gender, ethnicity: ethnicity, disposal: disposal, setting: setting,
            status: status, riskOfHarm: rosh, vulnerability: vulnerability, lookedAfter: lookedAfter)
    }
}

/// Reads typed values from one CSV row, recording a problem for each bad field.
struct FieldReader {
    let row: CSVTable.Row
    let columns: CSVColumns
    var problems: ProblemCollector

    mutating func required(_ column: String) -> String? {
        let text = columns.value(column, in: row)
        if text.isEmpty {
            problems.add(line: row.line, column, "missing value")
            return nil
        }
        return text
    }

    mutating func value<Value: RecordedValue>(_ column: String) -> Value? {
        guard let text = required(column) else { return nil }
        guard let value = Value.parse(text) else {
            problems.add(line: row.line, column, "'\(text)' is not one of \(Value.spellings)")
            return nil
        }
        return value
    }

    mutating func integer(_ column: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = required(column) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            problems.add(line: row.line, column, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    mutating func yesNo(_ column: String) -> Bool? {
        guard let text = required(column) else { return nil }
        switch normalisedKey(text) {
        case "yes", "y", "true": return true
        case "no", "n", "false": return false
        default:
            problems.add(line: row.line, column, "'\(text)' is not yes or no")
            return nil
        }
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break.
func csvEscaped(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
