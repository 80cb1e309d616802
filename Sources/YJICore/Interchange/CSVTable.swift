import Foundation

/// A CSV file read into rows, each remembering the line it starts on so problems can name it.
///
/// Written by hand rather than taken from a package: the importers need the physical line of every record
/// (quoted fields may span lines) and must handle 100,000-row caseloads quickly; both are simple here.
public struct CSVTable: Sendable {
    /// One record: its fields and the 1-based line it starts on.
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    /// The header fields as written.
    public let header: [String]
    /// The line the header is on (after any blank lines).
    public let headerLine: Int
    /// The data records, blank lines skipped.
    public let rows: [Row]

    /// Parses RFC 4180 CSV: commas, double-quoted fields with doubled quotes, LF or CRLF line ends, an optional BOM.
    public static func parse(_ text: String, file: String) throws(ProblemList) -> CSVTable {
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var index = 0
        let count = bytes.count

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    // A line break inside quotes still moves later records down a line: LF, CRLF or a lone CR.
                    let lineBreak = byte == UInt8(ascii: "\n")
                        || (byte == UInt8(ascii: "\r") && (index + 1 == count || bytes[index + 1] != UInt8(ascii: "\n")))
                    if lineBreak { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    finishField()
                case UInt8(ascii: "\n"):
                    finishRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\r"):
                    if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\n") { break }
                    finishRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\"") where field.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                default:
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes {
            throw ProblemList([Problem(file: file, line: recordLine, subject: "csv", message: "a quoted field is never closed")])
        }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        guard let first = records.first else {
            throw ProblemList([Problem(file: file, line: 1, subject: "csv", message: "the file is empty; expected a header line")])
        }
        return CSVTable(header: first.fields, headerLine: first.line, rows: Array(records.dropFirst()))
    }
}

extension CSVTable {
    /// The rows with as many fields as the header; each other row is reported and left out.
    func wellFormedRows(reporting problems: inout ProblemCollector) -> [Row] {
        rows.filter { row in
            guard row.fields.count != header.count else { return true }
            problems.add(line: row.line, "row", "has \(row.fields.count) fields; the header has \(header.count)")
            return false
        }
    }
}

/// Maps a CSV header to known columns, rejecting unknown and repeated ones and reporting missing ones.
struct CSVColumns {
    private(set) var index: [String: Int] = [:]

    /// Header names compare case-insensitively, with spaces and hyphens read as underscores.
    static func canonical(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Letters and digits only, lower case: the key aliases may also be given under, so that "Case Ref.",
    /// "case-ref" and "CASE_REF" all find the alias "caseref" without listing every punctuation.
    static func loose(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    init(table: CSVTable, required: [String], optional: [String] = [], aliases: [String: String] = [:],
         problems: inout ProblemCollector) {
        let known = Set(required + optional)
        for (position, raw) in table.header.enumerated() {
            let name = Self.canonical(raw)
            let column = known.contains(name) ? name : aliases[name] ?? aliases[Self.loose(raw)]
            guard let column else {
                problems.add(line: table.headerLine, raw.isEmpty ? "(column \(position + 1))" : raw,
                             "unknown column (expected: \((required + optional).joined(separator: ", ")))")
                continue
            }
            if index[column] != nil {
                problems.add(line: table.headerLine, raw, "column given twice")
            } else {
                index[column] = position
            }
        }
        for column in required where index[column] == nil {
            problems.add(line: table.headerLine, column, "missing column")
        }
    }

    /// The trimmed value of a column in a row; empty when the column is absent or the row is short.
    func value(_ column: String, in row: CSVTable.Row) -> String {
        guard let position = index[column], position < row.fields.count else { return "" }
        return trimmingSpaces(row.fields[position])
    }
}
