import Foundation
import Testing
@testable import YJICore

/// The FILE:LINE: field: message lines a caseload read reports; empty when it succeeds.
private func caseloadProblems(_ text: String, file: String = "caseload.csv") -> [String] {
    do {
        _ = try CaseloadFile.read(text, file: file)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

private func date(_ text: String) -> CalendarDate {
    guard let date = CalendarDate.parse(text) else { fatalError("test date '\(text)' does not parse") }
    return date
}

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test func isoAndUKDayFirstFormsReadTheSameDay() throws {
        let iso = try #require(CalendarDate.parse("2026-03-01"))
        #expect((iso.year, iso.month, iso.day) == (2026, 3, 1))
        #expect(CalendarDate.parse("01/03/2026") == iso)
        #expect(CalendarDate.parse("1/3/2026") == iso)
        #expect(CalendarDate.parse("13/12/2025") == CalendarDate(year: 2025, month: 12, day: 13))
        #expect(iso.description == "2026-03-01")
        #expect(CalendarDate(year: 7, month: 1, day: 2)?.description == "0007-01-02")
    }

    @Test(arguments: [
        "2026-02-30", "30/02/2026", "31/04/2026", "2026-13-01", "2026-00-10", "00/01/2026", "2026-3-1", "1/3/26",
        "2026/03/01", "01-03-2026", "2026-03-01T00:00", " 2026-03-01", "", "abc", "1//2026", "1/3/2026/4",
        "03/13/2026", "001/03/2026", "0000-01-01", "20260301", "-1/3/2026",
    ])
    func textsThatAreNotDaysAreRefused(_ text: String) {
        #expect(CalendarDate.parse(text) == nil, "'\(text)' should not parse")
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CalendarDate.parse("29/02/2028") != nil)
        #expect(CalendarDate.parse("29/02/2027") == nil)
    }

    @Test func arithmeticCrossesMonthsYearsAndLeapDays() {
        #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(date("2024-02-28").adding(days: 2) == date("2024-03-01"))
        #expect(date("2023-02-28").adding(days: 1) == date("2023-03-01"))
        #expect(date("2025-12-31").adding(days: 1) == date("2026-01-01"))
        #expect(date("2026-01-01").adding(days: -1) == date("2025-12-31"))
        #expect(date("2026-03-01").adding(days: 0) == date("2026-03-01"))
        #expect(date("2026-03-01").days(since: date("2025-03-01")) == 365)
        #expect(date("2024-03-01").days(since: date("2023-03-01")) == 366)
        #expect(date("2025-03-01").days(since: date("2026-03-01")) == -365)
        #expect(date("1970-01-01").dayNumber == 0)
        #expect(date("2000-03-01").dayNumber == 11_017)
    }

    @Test func everyDayOfTwoCenturiesFollowsTheDayBefore() {
        var day = date("1899-12-25")
        var steps = 0
        while day < date("2101-01-05") {
            let next = day.adding(days: 1)
            let expected = CalendarDate(year: day.year, month: day.month, day: day.day + 1)
                ?? CalendarDate(year: day.year, month: day.month + 1, day: 1)
                ?? CalendarDate(year: day.year + 1, month: 1, day: 1)
            #expect(next == expected, "after \(day)")
            #expect(next.days(since: day) == 1 && day < next)
            if next != expected { break }
            day = next
            steps += 1
        }
        #expect(steps == date("2101-01-05").days(since: date("1899-12-25")))
    }

    @Test func agreesWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let epoch = try #require(calendar.date(from: DateComponents(year: 1970, month: 1, day: 1)))
        var random = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let offset = Int.random(in: -40_000...60_000, using: &random)
            let expected = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: epoch)!)
            let ours = date("1970-01-01").adding(days: offset)
            #expect((ours.year, ours.month, ours.day) == (expected.year!, expected.month!, expected.day!))
        }
    }

    @Test func codableAsTheISOText() throws {
        let data = try JSONEncoder().encode([date("2026-03-01")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-01\"]")
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [date("2026-03-01")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2026-02-30\"]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"01/03/2026\"]".utf8)) }
    }

    @Test func ordersByDay() {
        let days = ["2026-03-01", "2025-12-31", "2026-02-28", "2024-02-29"].map(date)
        #expect(days.sorted().map(\.description) == ["2024-02-29", "2025-12-31", "2026-02-28", "2026-03-01"])
    }
}

@Suite("caseload.csv")
struct CaseloadFileTests {
    static let header = CaseloadFile.columns.joined(separator: ",")
    static let row = "SYN-0001,15,male,white,yro,community,current,medium,low,no,2026-01-10,,Synthetic Case Manager 001,Synthetic Team North"

    @Test func columnsAreTheCasesColumnsThenTheExtractsColumns() {
        #expect(CaseloadFile.columns == CaseFile.columns + ["start_date", "end_date", "case_manager", "team"])
    }

    @Test func headerAliasesAndUKDatesAsACaseManagementExtractWritesThem() throws {
        let text = """
        Case Ref.,Age,Sex,Ethnic Group,Order Type,Custody/Community,Order Status,Risk of Serious Harm,Vulnerability Level,LAC,Order Start,Order End,Worker,Team Name
        SYN-0001,15,Male,White,Youth Rehabilitation Order,Community,Open,Medium,Low,N,01/03/2025,28/02/2026,Synthetic Case Manager 001,Synthetic Team North
        SYN-0002,17,F,Black or Black British,Detention and Training Order,Custody,Closed,High,High,Y,1/9/2025,2/1/2026,Synthetic Case Manager 002,Synthetic Team South
        """
        let contents = try CaseloadFile.read(text, file: "extract.csv")
        #expect(contents.lines == [2, 3])
        #expect(contents.entries == [
            CaseloadEntry(
                record: CaseRecord(id: "SYN-0001", age: 15, gender: .male, ethnicity: .white, disposal: .youthRehabilitationOrder,
                                   setting: .community, status: .current, riskOfHarm: .medium, vulnerability: .low, lookedAfter: false),
                orderStart: date("2025-03-01"), orderEnd: date("2026-02-28"),
                caseManager: "Synthetic Case Manager 001", team: "Synthetic Team North"),
            CaseloadEntry(
                record: CaseRecord(id: "SYN-0002", age: 17, gender: .female, ethnicity: .black, disposal: .detentionAndTrainingOrder,
                                   setting: .custody, status: .terminated, riskOfHarm: .high, vulnerability: .high, lookedAfter: true),
                orderStart: date("2025-09-01"), orderEnd: date("2026-01-02"),
                caseManager: "Synthetic Case Manager 002", team: "Synthetic Team South"),
        ])
    }

    @Test(arguments: [
        ("Case ID", "case_id"), ("case ref", "case_id"), ("CASE-REFERENCE", "case_id"), ("Start Date", "start_date"),
        ("order start", "start_date"), ("Gender", "gender"), ("RoSH", "rosh"), ("Risk of serious harm", "rosh"),
        ("Risk of harm", "rosh"), ("LAC", "looked_after"), ("looked after child", "looked_after"),
        ("Case Manager", "case_manager"), ("worker", "case_manager"), ("Team", "team"), ("End date", "end_date"),
        ("Ethnicity", "ethnicity"), ("Disposal type", "disposal"),
    ])
    func aliasNamesItsColumn(_ alias: String, _ column: String) throws {
        var names = CaseloadFile.columns
        let position = try #require(names.firstIndex(of: column))
        names[position] = alias
        let contents = try CaseloadFile.read(names.joined(separator: ",") + "\n" + Self.row + "\n", file: "c.csv")
        #expect(contents.entries.count == 1)
        #expect(CaseloadFile.write(contents.entries) == Self.header + "\n" + Self.row + "\n")
    }

    @Test func optionalColumnsMayBeLeftOut() throws {
        let text = CaseFile.columns.joined(separator: ",") + ",start_date\n"
            + "SYN-0001,15,male,white,yro,community,current,medium,low,no,2026-01-10\n"
        let entry = try #require(try CaseloadFile.read(text, file: "c.csv").entries.first)
        #expect(entry.orderStart == date("2026-01-10"))
        #expect(entry.orderEnd == nil && entry.caseManager.isEmpty && entry.team.isEmpty)
    }

    @Test func aChildsAliasIsReadUnderItsSpellingsAndWrittenOnlyWhenGiven() throws {
        let text = "case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after,start_date,Known As\n"
            + "SYN-0001,15,male,white,yro,community,current,medium,low,no,2026-01-10,Kestrel\n"
            + "SYN-0002,16,female,white,yro,community,current,low,low,no,2026-01-11,\n"
        let entries = try CaseloadFile.read(text, file: "caseload.csv").entries
        #expect(entries.map(\.alias) == ["Kestrel", ""])
        let written = CaseloadFile.write(entries)
        #expect(written.hasPrefix((CaseloadFile.columns + ["alias"]).joined(separator: ",") + "\n"))
        #expect(try CaseloadFile.read(written, file: "again.csv").entries == entries)
        let withoutAliases = entries.map { CaseloadEntry(record: $0.record, orderStart: $0.orderStart) }
        #expect(!CaseloadFile.write(withoutAliases).contains("alias"))
    }

    @Test func wrongHeadersAreReportedOnTheHeaderLine() {
        let text = "case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after,postcode,case_ref\n"
            + "SYN-0001,15,male,white,yro,community,current,medium,low,no,HA1,SYN-1\n"
        #expect(caseloadProblems(text) == [
            "caseload.csv:1: postcode: unknown column (expected: \((CaseloadFile.columns + [CaseloadFile.aliasColumn]).joined(separator: ", ")))",
            "caseload.csv:1: case_ref: column given twice",
            "caseload.csv:1: start_date: missing column",
        ])
    }

    @Test func everyProblemIsReportedWithItsLineAndField() {
        let text = """
        \(Self.header)
        SYN-0001,15,male,white,yro,community,current,medium,low,no,2026-01-10,,,
        SYN-0002,15,male,white,yro,community,current,medium,low,no,30/02/2026,,,
        SYN-0003,15,male,white,yro,community,current,medium,low,no,,,,
        SYN-0004,15,male,white,yro,community,terminated,medium,low,no,2026-01-10,2025-12-31,,
        SYN-0005,21,male,white,yro,custody,current,extreme,low,no,next week,03/13/2026,,
        SYN-0001,15,male,white,yro,community,current,medium,low,no,2026-01-10,,,
        SYN-0007,15,male,white,yro,community,current,medium,low,no,2026-01-10,,
        """
        #expect(caseloadProblems(text) == [
            "caseload.csv:3: start_date: '30/02/2026' is not a day in the calendar (dates are read day first: dd/mm/yyyy)",
            "caseload.csv:4: start_date: missing value",
            "caseload.csv:5: end_date: 2025-12-31 is before the start date 2026-01-10",
            "caseload.csv:6: age: '21' is not a whole number from 10 to 19",
            "caseload.csv:6: rosh: 'extreme' is not one of low|medium|high|very high",
            "caseload.csv:6: setting: custody, but the disposal 'yro' is not a custodial sentence",
            "caseload.csv:6: start_date: 'next week' is not a date (yyyy-mm-dd or dd/mm/yyyy)",
            "caseload.csv:6: end_date: '03/13/2026' is not a day in the calendar (dates are read day first: dd/mm/yyyy)",
            "caseload.csv:7: case_id: 'SYN-0001' already used on line 2",
            "caseload.csv:8: row: has 13 fields; the header has 14",
        ])
    }

    @Test func aFileWithAnyProblemImportsNothing() {
        let text = "\(Self.header)\n\(Self.row)\n" + Self.row.replacingOccurrences(of: "SYN-0001", with: "SYN-0002")
            .replacingOccurrences(of: "2026-01-10,", with: "2026-01-10,2026-01-09")
        var returned: CaseloadFile.Contents?
        let error = #expect(throws: ProblemList.self) { returned = try CaseloadFile.read(text, file: "caseload.csv") }
        #expect(returned == nil)
        #expect(error?.problems.map(\.description) == ["caseload.csv:3: end_date: 2026-01-09 is before the start date 2026-01-10"])
    }

    @Test func anEndOnTheStartDayIsFine() throws {
        let text = "\(Self.header)\n" + Self.row.replacingOccurrences(of: "2026-01-10,", with: "2026-01-10,10/01/2026")
        #expect(try CaseloadFile.read(text, file: "c.csv").entries.first?.orderEnd == date("2026-01-10"))
    }

    @Test func emptyFilesAndFilesWithoutCasesAreRefused() {
        #expect(caseloadProblems("") == ["caseload.csv:1: csv: the file is empty; expected a header line"])
        #expect(caseloadProblems("\n\n") == ["caseload.csv:1: csv: the file is empty; expected a header line"])
        #expect(caseloadProblems("\(Self.header)\n") == ["caseload.csv:1: csv: the file has a header but no cases"])
    }

    @Test func fiftyMegabytesOfRandomBytesAreRefusedWithOneClearProblem() throws {
        var random = SeededGenerator(seed: 50)
        var bytes = [UInt8](repeating: 0, count: 50 * 1024 * 1024)
        bytes.withUnsafeMutableBytes { buffer in
            let words = buffer.bindMemory(to: UInt64.self)
            for index in words.indices { words[index] = random.next() }
        }
        let data = Data(bytes)
        let started = ContinuousClock.now
        let error = #expect(throws: ProblemList.self) { try CaseloadFile.read(data: data, file: "junk.csv") }
        #expect(ContinuousClock.now - started < .seconds(5), "refused at the first bad byte, not after decoding it all")
        let problems = try #require(error).problems
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.file == "junk.csv" && problem.subject == "file")
        #expect(problem.line != nil && problem.line! >= 1)
        #expect(problem.message.contains("not CSV text") || problem.message.contains("not UTF-8 text"), "\(problem)")
    }

    @Test func bytesAreCheckedAsUTF8TextBeforeTheyAreRead() throws {
        let text = "\(Self.header)\n\(Self.row)\nSYN-0002,15,male,white,yro,community,current,medium,low,no,2026-01-10,,Synthétic Case Manager 2,Team ✓\n"
        let fromBytes = try CaseloadFile.read(data: Data(text.utf8), file: "c.csv")
        #expect(fromBytes.entries == (try CaseloadFile.read(text, file: "c.csv")).entries)
        #expect(fromBytes.entries.last?.caseManager == "Synthétic Case Manager 2")
        func problems(_ bytes: [UInt8]) -> [String] {
            do {
                _ = try CaseloadFile.read(data: Data(Array("\(Self.header)\n\(Self.row)\n".utf8) + bytes), file: "c.csv")
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        let notUTF8 = ["c.csv:3: file: contains bytes that are not UTF-8 text; export the caseload as CSV (UTF-8)"]
        #expect(problems(Array("SYN-0002,Caf".utf8) + [0xE9] + Array(",x\n".utf8)) == notUTF8, "Latin-1 é")
        #expect(problems([0xC0, 0xAF]) == notUTF8, "overlong '/'")
        #expect(problems([0xE0, 0x80, 0xAF]) == notUTF8, "overlong, three bytes")
        #expect(problems([0xED, 0xA0, 0x80]) == notUTF8, "a UTF-16 surrogate")
        #expect(problems([0xF4, 0x90, 0x80, 0x80]) == notUTF8, "beyond U+10FFFF")
        #expect(problems([0xE2, 0x9C]) == notUTF8, "cut short at the end")
        #expect(problems([0x80]) == notUTF8, "a lone continuation byte")
        #expect(problems([0x41, 0x00]) == ["c.csv:3: file: contains binary data (a NUL byte), not CSV text; export the caseload as CSV"])
        #expect(problems([0xF0, 0x9F, 0x98, 0x80, 0x0A]).first?.contains("file:") == false, "an emoji is text")
    }

    @Test func aNulByteIsReportedAtItsLine() {
        let text = "\(Self.header)\n\(Self.row)\nSYN-0002,1\u{0}5\n"
        #expect(caseloadProblems(text) == [
            "caseload.csv:3: file: contains binary data (a NUL byte), not CSV text; export the caseload as CSV",
        ])
    }

    @Test func bytesThatWereNotUTF8AreReportedAtTheirLine() {
        var bytes = Array("\(Self.header)\n\(Self.row)\n\(Self.row)\n".utf8)
        // A Latin-1 "é" in the third line, as a spreadsheet saving in the wrong encoding would leave it.
        let third = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }[1] + 5
        bytes[third] = 0xE9
        #expect(caseloadProblems(String(decoding: bytes, as: UTF8.self)) == [
            "caseload.csv:3: file: contains bytes that are not UTF-8 text; export the caseload as CSV (UTF-8)",
        ])
    }

    @Test func megabytesOfPrintableJunkGiveLineAndFieldProblemsAndNoCrash() throws {
        var random = SeededGenerator(seed: 51)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ,,,,\"\n\n/-".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 * 1024 * 1024)
        for _ in 0..<(4 * 1024 * 1024) { bytes.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        let error = #expect(throws: ProblemList.self) { try CaseloadFile.read(String(decoding: bytes, as: UTF8.self), file: "junk.csv") }
        let list = try #require(error)
        #expect(!list.problems.isEmpty && list.problems.count <= ProblemList.reportLimit)
        #expect(list.problems.allSatisfy { $0.file == "junk.csv" && $0.line != nil && !$0.subject.isEmpty })
    }

    @Test func writeThenReadGivesTheSameEntries() throws {
        var entries = SyntheticCaseload.make(count: 300, seed: 4, asOf: date("2026-03-01"))
        entries.append(CaseloadEntry(
            record: CaseRecord(id: "SYN-9999", age: 19, gender: .other, ethnicity: .notKnown, disposal: .otherCustody,
                               setting: .custody, status: .current, riskOfHarm: .veryHigh, vulnerability: .veryHigh,
                               lookedAfter: true),
            orderStart: date("2024-02-29"), orderEnd: nil, caseManager: "Synthetic \"Case\" Manager, 2",
            team: "Synthetic Team\nNorth"))
        #expect(entries.contains { $0.orderEnd == nil })
        let text = CaseloadFile.write(entries)
        let contents = try CaseloadFile.read(text, file: "c.csv")
        #expect(contents.entries == entries)
        #expect(CaseloadFile.write(contents.entries) == text)
    }

    @Test func theWrittenFormIsDocumented() {
        let entry = CaseloadEntry(
            record: CaseRecord(id: "SYN-0001", age: 15, gender: .male, ethnicity: .white, disposal: .youthRehabilitationOrder,
                               setting: .community, status: .current, riskOfHarm: .medium, vulnerability: .low, lookedAfter: false),
            orderStart: date("2026-01-10"), caseManager: "Synthetic Case Manager 001", team: "Synthetic Team North")
        #expect(CaseloadFile.write([entry]) == Self.header + "\n" + Self.row + "\n")
    }
}

@Suite("Synthetic caseloads")
struct SyntheticCaseloadTests {
    static let asOf = date("2026-03-01")

    @Test func theSameSeedGivesTheSameCaseload() {
        let first = SyntheticCaseload.make(count: 500, seed: 9, asOf: Self.asOf)
        #expect(first == SyntheticCaseload.make(count: 500, seed: 9, asOf: Self.asOf))
        #expect(first != SyntheticCaseload.make(count: 500, seed: 10, asOf: Self.asOf))
        #expect(first.map(\.id) == (1...500).map { String(format: "SYN-%04d", $0) })
    }

    @Test func datesAgreeWithStatusAndTheAsOfDate() {
        let caseload = SyntheticCaseload.make(count: 2000, seed: 9, asOf: Self.asOf)
        for entry in caseload {
            #expect(entry.orderStart <= Self.asOf)
            if let end = entry.orderEnd { #expect(end >= entry.orderStart, "\(entry.id)") }
            switch entry.record.status {
            case .terminated: #expect(entry.orderEnd.map { $0 <= Self.asOf } == true, "\(entry.id)")
            case .current: #expect(entry.orderEnd.map { $0 > Self.asOf } ?? true, "\(entry.id)")
            }
            #expect(entry.caseManager.hasPrefix("Synthetic Case Manager ") && entry.team.hasPrefix("Synthetic Team "))
            #expect(entry.record.setting == .community || entry.record.disposal.isCustodial)
        }
        #expect(Set(caseload.map(\.caseManager)).count > 100)
    }

    @Test(arguments: ["cci", "sqs", "fji"])
    func everyProgrammeFindsEligibleCasesAndOthersOutsideItsWindow(id: String) throws {
        let rules = try #require(try FrameworkCatalog.shipped(id).sampling)
        let caseload = SyntheticCaseload.make(count: 1000, seed: 2, asOf: Self.asOf)
        let eligible = caseload.filter { rules.eligibility.isEligible($0, asOf: Self.asOf) }.count
        #expect(eligible >= rules.size.minimum && eligible < caseload.count)
    }
}
