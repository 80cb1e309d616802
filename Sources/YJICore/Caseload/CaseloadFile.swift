import Foundation

/// The `caseload.csv` format: cases.csv's columns plus the order's dates, case manager and team (see docs/formats.md).
///
/// A caseload comes from a service's case management system rather than from yji, so the reader accepts the header
/// spellings such extracts use and UK dates, and refuses anything it cannot read with certainty: every problem is
/// reported as FILE:LINE: field: message and nothing is returned from a file that has one.
public enum CaseloadFile {
    /// The columns, in the order yji writes them.
    public static let columns = CaseFile.columns + ["start_date", "end_date", "case_manager", "team"]

    /// The child's alias: read when present, written only when some entry has one, so files without it stay as they were.
    public static let aliasColumn = "alias"

    /// Columns a caseload may leave out; an extract does not always carry them.
    static let optionalColumns = ["end_date", "case_manager", "team", "alias"]

    /// Other header spellings, keyed by their letters and digits only (see `CSVColumns.loose`).
    static let aliases: [String: String] = {
        let spellings: [String: [String]] = [
            "case_id": ["caseid", "caseref", "casereference", "caseno", "casenumber", "reference", "ref", "id",
                        "childref", "childid", "pseudonym", "youthid"],
            "age": ["ageatstart", "ageatorderstart", "ageyears", "ageatsentence"],
            "gender": ["sex"],
            "ethnicity": ["ethnicgroup", "ethnicorigin", "ethnicitygroup", "ethnicitycategory"],
            "disposal": ["disposaltype", "ordertype", "sentence", "sentencetype", "outcome", "outcometype", "order"],
            "setting": ["custodyorcommunity", "custodycommunity", "casetype", "supervisionsetting"],
            "status": ["orderstatus", "casestatus", "currentorterminated", "openclosed"],
            "rosh": ["riskofharm", "riskofseriousharm", "riskofharmtoothers", "roshlevel", "roh", "rohlevel",
                     "riskofharmlevel"],
            "vulnerability": ["vulnerabilitylevel", "safetyandwellbeing", "vul"],
            "looked_after": ["lac", "cla", "lookedafter", "lookedafterchild", "childlookedafter", "lookedafterstatus",
                             "incare"],
            "start_date": ["startdate", "orderstart", "orderstartdate", "start", "datestarted", "commenced",
                           "commencementdate", "sentencedate"],
            "end_date": ["enddate", "orderend", "orderenddate", "end", "dateended", "closeddate", "closedate",
                         "closuredate", "expectedenddate"],
            "case_manager": ["casemanager", "worker", "caseworker", "allocatedworker", "officer", "yotworker",
                             "yosworker", "practitioner", "casemanagerpseudonym"],
            "team": ["teamname", "yotteam", "yosteam", "locality", "unit"],
            "alias": ["knownas", "name", "firstname", "forename", "childname", "preferredname"],
        ]
        var table: [String: String] = [:]
        for (column, names) in spellings { for name in names { table[name] = column } }
        return table
    }()

    /// Entries read from a file, each with the line it came from.
    public struct Contents: Sendable {
        /// The entries, in file order.
        public let entries: [CaseloadEntry]
        /// The line of each entry, by position.
        public let lines: [Int]
    }

    /// Reads a caseload; every problem is reported and nothing is returned from a file that has any.
    public static func read(_ text: String, file: String) throws(ProblemList) -> Contents {
        try rejectBinary(text, file: file)
        return try readChecked(text, file: file)
    }

    /// Reads text already known to hold no binary data.
    static func readChecked(_ text: String, file: String) throws(ProblemList) -> Contents {
        let table = try CSVTable.parse(text, file: file)
        var problems = ProblemCollector(file: file)
        let required = columns.filter { !optionalColumns.contains($0) }
        let columns = CSVColumns(table: table, required: required, optional: optionalColumns, aliases: aliases,
                                 problems: &problems)
        try problems.throwIfAny()
        if table.rows.isEmpty {
            problems.add(line: table.headerLine, "csv", "the file has a header but no cases")
        }

        var entries: [CaseloadEntry] = []
        var lines: [Int] = []
        entries.reserveCapacity(table.rows.count)
        lines.reserveCapacity(table.rows.count)
        var firstLine: [String: Int] = [:]
        firstLine.reserveCapacity(table.rows.count)
        for row in table.wellFormedRows(reporting: &problems) {
            if problems.isFull { break }
            var reader = FieldReader(row: row, columns: columns, problems: problems)
            let record = reader.caseRecord(firstLines: &firstLine)
            let start = reader.date("start_date", required: true)
            let end = reader.date("end_date", required: false)
            problems = reader.problems
            if let start, let end, end < start {
                problems.add(line: row.line, "end_date", "\(end) is before the start date \(start)")
            }
            guard let record, let start else { continue }
            entries.append(CaseloadEntry(
                record: record, orderStart: start, orderEnd: end,
                caseManager: columns.value("case_manager", in: row), team: columns.value("team", in: row),
                alias: columns.value("alias", in: row)
            ))
            lines.append(row.line)
        }
        try problems.throwIfAny()
        return Contents(entries: entries, lines: lines)
    }

    /// Reads a caseload from the bytes of a file or upload, checking first that they are UTF-8 text.
    ///
    /// Prefer this to decoding the bytes yourself: repairing invalid UTF-8 into a String takes over a minute for
    /// 50 MB of binary junk, while this refuses it at its first bad byte.
    public static func read(data: Data, file: String) throws(ProblemList) -> Contents {
        let checked: Result<String, ProblemList> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let (line, message) = firstNonText(bytes) {
                return .failure(ProblemList([Problem(file: file, line: line, subject: "file", message: message)]))
            }
            return .success(String(decoding: bytes, as: UTF8.self))
        }
        return try readChecked(checked.get(), file: file)
    }

    static let binaryMessage = "contains binary data (a NUL byte), not CSV text; export the caseload as CSV"
    static let encodingMessage = "contains bytes that are not UTF-8 text; export the caseload as CSV (UTF-8)"

    /// The line of the first NUL byte or malformed UTF-8 sequence (overlong forms, surrogates and values above
    /// U+10FFFF included), with what is wrong; nil for UTF-8 text.
    static func firstNonText(_ bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, message: String)? {
        var line = 1
        var index = 0
        let count = bytes.count
        func continuation(_ offset: Int) -> Bool { index + offset < count && bytes[index + offset] & 0xC0 == 0x80 }
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 { return (line, binaryMessage) }
                if byte == 0x0A { line += 1 }
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, encodingMessage)
            }
            guard (1..<length).allSatisfy(continuation) else { return (line, encodingMessage) }
            let second = bytes[index + 1]
            // The second byte's range rules out overlong forms, UTF-16 surrogates and code points beyond Unicode.
            switch byte {
            case 0xE0 where second < 0xA0, 0xED where second > 0x9F, 0xF0 where second < 0x90, 0xF4 where second > 0x8F:
                return (line, encodingMessage)
            default:
                break
            }
            index += length
        }
        return nil
    }

    /// Writes entries with every column, in `columns` order; an unknown end date is an empty field.
    public static func write(_ entries: [CaseloadEntry]) -> String {
        let withAlias = entries.contains { !$0.alias.isEmpty }
        var out = (withAlias ? columns + [aliasColumn] : columns).joined(separator: ",") + "\n"
        for entry in entries {
            let c = entry.record
            let fields = [
                c.id, String(c.age), c.gender.rawValue, c.ethnicity.rawValue, c.disposal.rawValue, c.setting.rawValue,
                c.status.rawValue, c.riskOfHarm.rawValue, c.vulnerability.rawValue, c.lookedAfter ? "yes" : "no",
                entry.orderStart.description, entry.orderEnd?.description ?? "", entry.caseManager, entry.team,
            ] + (withAlias ? [entry.alias] : [])
            out += fields.map(csvEscaped).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Refuses binary data and text that was not UTF-8 before parsing, with one problem at the first bad line.
    ///
    /// Such a file would otherwise be split into thousands of nonsense rows (and as many problems), when the one
    /// thing the person needs to hear is that this is not a CSV export. A NUL byte never occurs in text; U+FFFD is
    /// what a byte that was not UTF-8 became when the file was decoded.
    static func rejectBinary(_ text: String, file: String) throws(ProblemList) {
        var line = 1
        var found: String?
        let scan: (UnsafeBufferPointer<UInt8>) -> Void = { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                } else if byte == 0 {
                    found = binaryMessage
                    return
                } else if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD {
                    found = encodingMessage
                    return
                }
                index += 1
            }
        }
        if text.utf8.withContiguousStorageIfAvailable(scan) == nil {
            Array(text.utf8).withUnsafeBufferPointer(scan)
        }
        if let found {
            throw ProblemList([Problem(file: file, line: line, subject: "file", message: found)])
        }
    }
}

extension FieldReader {
    /// A date in ISO or UK day-first form; `required` decides whether an empty field is a problem.
    mutating func date(_ column: String, required: Bool) -> CalendarDate? {
        let text = columns.value(column, in: row)
        if text.isEmpty {
            if required { problems.add(line: row.line, column, "missing value") }
            return nil
        }
        if let date = CalendarDate.parse(text) { return date }
        if CalendarDate.parts(of: text) != nil {
            // The usual cause is a month-first date from a US-configured spreadsheet, so say how the text was read.
            let order = text.contains("/") ? " (dates are read day first: dd/mm/yyyy)" : ""
            problems.add(line: row.line, column, "'\(text)' is not a day in the calendar\(order)")
        } else {
            problems.add(line: row.line, column, "'\(text)' is not a date (yyyy-mm-dd or dd/mm/yyyy)")
        }
        return nil
    }
}
