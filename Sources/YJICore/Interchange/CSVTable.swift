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
        var text = text
        let scanned: Result<[Row], CSVScanner.UnclosedQuote> = text.withUTF8 { bytes in
            var scanner = CSVScanner(bytes)
            var records: [Row] = []
            do throws(CSVScanner.UnclosedQuote) {
                while try scanner.nextRecord() {
                    records.append(Row(line: scanner.recordLine, fields: scanner.fieldStrings()))
                }
            } catch {
                return .failure(error)
            }
            return .success(records)
        }
        let records: [Row]
        switch scanned {
        case .success(let rows): records = rows
        case .failure(let unclosed):
            throw ProblemList([Problem(file: file, line: unclosed.line, subject: "csv", message: "a quoted field is never closed")])
        }
        guard let first = records.first else {
            throw ProblemList([Problem(file: file, line: 1, subject: "csv", message: "the file is empty; expected a header line")])
        }
        return CSVTable(header: first.fields, headerLine: first.line, rows: Array(records.dropFirst()))
    }
}

/// Walks CSV bytes one record at a time, handing out each field as bytes, so a reader can look at millions of fields
/// without making a String of each; `CSVTable.parse` and the fast judgements reader share it, so both read alike.
///
/// The grammar is RFC 4180 as yji has always read it: a field that starts with a double quote is quoted until the
/// next lone quote (a doubled quote stands for one) and may hold commas and line breaks; anything after the closing
/// quote, quotes included, is taken literally up to the next comma or line end, as is a quote inside an unquoted
/// field. LF, CRLF and a lone CR end a record; blank lines are skipped; a leading UTF-8 BOM is ignored.
struct CSVScanner: ~Copyable {
    /// A record's field: a range of the input, or of `unquoted` for a field that had to be unescaped.
    struct Field {
        var start: Int
        var end: Int
        var unescaped: Bool
    }

    /// A quoted field still open at the end of the input; `line` is where its record starts.
    struct UnclosedQuote: Error {
        let line: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    /// The line the current record starts on.
    private(set) var recordLine = 1
    /// The number of fields in the current record.
    private(set) var fieldCount = 0
    /// The current record's fields; reused from record to record, so reading a record allocates nothing.
    private var fields: UnsafeMutableBufferPointer<Field>
    /// The bytes of the current record's quoted fields, quotes removed and doubled quotes made single.
    private var unquoted: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        fields = .allocate(capacity: 16)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    deinit { fields.deallocate() }

    /// Calls `body` with the bytes of field `position` of the current record.
    @inline(__always)
    func withField<Result>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let field = fields[position]
        if field.unescaped {
            return unquoted.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[field.start..<field.end])) }
        }
        return body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
    }

    /// Field `position` of the current record as a String.
    func string(_ position: Int) -> String {
        withField(position) { String(decoding: $0, as: UTF8.self) }
    }

    /// Every field of the current record as a String.
    func fieldStrings() -> [String] {
        (0..<fieldCount).map { string($0) }
    }

    @inline(__always)
    private mutating func append(_ field: Field) {
        if fieldCount == fields.count {
            let larger = UnsafeMutableBufferPointer<Field>.allocate(capacity: fields.count * 2)
            larger.baseAddress!.initialize(from: fields.baseAddress!, count: fieldCount)
            fields.deallocate()
            fields = larger
        }
        fields[fieldCount] = field
        fieldCount += 1
    }

    /// The high bit set in each byte of `word` equal to `byte` up to and including the first; bytes after the first
    /// may be marked wrongly, so only the lowest mark is to be read.
    @inline(__always)
    private static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & 0x8080_8080_8080_8080
    }

    /// Moves to the next record that is not blank; false at the end of the input.
    mutating func nextRecord() throws(UnclosedQuote) -> Bool {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let bytes = self.bytes, count = bytes.count
        // Worked on in locals, which the optimiser keeps in registers, and stored back on the way out.
        var index = self.index, line = self.line
        defer {
            self.index = index
            self.line = line
        }
        while true {
            fieldCount = 0
            if !unquoted.isEmpty { unquoted.removeAll(keepingCapacity: true) }
            recordLine = line
            while true {
                var fieldIsEmpty: Bool
                if index < count, bytes[index] == quote {
                    index += 1
                    let start = unquoted.count
                    while true {
                        guard index < count else { throw UnclosedQuote(line: recordLine) }
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count, bytes[index + 1] == quote {
                                unquoted.append(quote)
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        // A line break inside quotes still moves later records down a line: LF, CRLF or a lone CR.
                        if byte == lf || (byte == cr && (index + 1 == count || bytes[index + 1] != lf)) { line += 1 }
                        unquoted.append(byte)
                        index += 1
                    }
                    while index < count {
                        let byte = bytes[index]
                        if byte == comma || byte == lf || byte == cr { break }
                        unquoted.append(byte)
                        index += 1
                    }
                    append(Field(start: start, end: unquoted.count, unescaped: true))
                    fieldIsEmpty = start == unquoted.count
                } else {
                    let start = index
                    // Eight bytes at a time up to the word holding the field's end; fields are mostly a few words long.
                    while index + 8 <= count {
                        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                        let ends = Self.bytesEqual(word, comma) | Self.bytesEqual(word, lf) | Self.bytesEqual(word, cr)
                        if ends != 0 {
                            index += ends.trailingZeroBitCount >> 3
                            break
                        }
                        index += 8
                    }
                    while index < count {
                        let byte = bytes[index]
                        if byte == comma || byte == lf || byte == cr { break }
                        index += 1
                    }
                    append(Field(start: start, end: index, unescaped: false))
                    fieldIsEmpty = start == index
                }
                guard index < count else {
                    // The last record needs no line end, but an empty last field alone is no record.
                    return !fieldIsEmpty || fieldCount > 1
                }
                let byte = bytes[index]
                index += 1
                if byte == comma { continue }
                if byte == cr, index < count, bytes[index] == lf { index += 1 }
                line += 1
                break
            }
            if fieldCount == 1 && fields[0].start == fields[0].end { continue }
            return true
        }
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

/// Looks up a CSV field's bytes among a fixed set of ASCII keys (question ids, case ids) without making a String, in
/// an open-addressing table; the first of repeated keys wins, as a dictionary built with "first wins" would.
///
/// Only for ASCII keys and fields: a String compares by canonical equivalence (U+212A KELVIN SIGN equals "K"), which
/// bytes cannot, so `init` refuses non-ASCII keys and `index(of:)` says when a field is not ASCII, and the caller
/// then compares Strings. A class over raw memory, so a lookup in a loop of millions touches no reference counts.
final class ASCIIKeyTable {
    /// What a lookup found.
    enum Lookup {
        case found(Int)
        case missing
        /// The field has a non-ASCII byte; compare it as a String instead.
        case notASCII
    }

    private let keyBytes: UnsafeMutableBufferPointer<UInt8>
    /// Where each key starts in `keyBytes`, and one more for the end of the last.
    private let keyStarts: UnsafeMutableBufferPointer<Int>
    /// Key index + 1 in each slot; 0 is empty.
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let mask: Int
    /// How many keys were given, repeated ones included.
    let count: Int

    init?(_ keys: [String]) {
        let encoded = keys.map { Array($0.utf8) }
        guard encoded.allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) else { return nil }
        count = keys.count
        var size = 16
        while size < keys.count * 4 { size *= 2 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0)
        keyBytes = .allocate(capacity: max(1, encoded.reduce(0) { $0 + $1.count }))
        keyStarts = .allocate(capacity: keys.count + 1)
        var offset = 0
        for (index, key) in encoded.enumerated() {
            keyStarts[index] = offset
            for byte in key {
                keyBytes[offset] = byte
                offset += 1
            }
        }
        keyStarts[keys.count] = offset
        for (index, key) in encoded.enumerated() {
            let hash = key.withUnsafeBufferPointer { Self.hash($0).hash }
            var slot = hash & mask
            var repeated = false
            while slots[slot] != 0 {
                if key.withUnsafeBufferPointer({ equal(Int(slots[slot]) - 1, $0) }) {
                    repeated = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !repeated { slots[slot] = Int32(index + 1) }
        }
    }

    deinit {
        keyBytes.deallocate()
        keyStarts.deallocate()
        slots.deallocate()
    }

    /// The index (in the keys given to `init`) of the key equal to `field`.
    @inline(__always)
    func index(of field: UnsafeBufferPointer<UInt8>) -> Lookup {
        let (hash, ascii) = Self.hash(field)
        guard ascii else { return .notASCII }
        var slot = hash & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return .missing }
            if equal(entry - 1, field) { return .found(entry - 1) }
            slot = (slot + 1) & mask
        }
    }

    /// Whether key `key` is exactly `field`.
    @inline(__always)
    func equal(_ key: Int, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[key]
        guard keyStarts[key + 1] - start == field.count else { return false }
        guard field.count > 0 else { return true }
        // Ids are a few words long: compared inline a word at a time rather than by a call to memcmp.
        let key = UnsafeRawPointer(keyBytes.baseAddress! + start), bytes = UnsafeRawPointer(field.baseAddress!)
        var offset = 0
        while offset + 8 <= field.count {
            let keyWord = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if keyWord != bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        while offset < field.count {
            let keyByte = key.load(fromByteOffset: offset, as: UInt8.self)
            if keyByte != bytes.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }

    /// FNV-1a over the bytes, and whether they are all ASCII.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: Int, ascii: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            high |= byte
        }
        return (Int(truncatingIfNeeded: hash ^ (hash >> 29)), high < 0x80)
    }
}
