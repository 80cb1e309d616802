import Foundation
import Testing
@testable import YJICore

/// The problems a throwing read reports, as the FILE:LINE: field: message lines a user sees; empty when it succeeds.
private func reported<T>(_ read: () throws(ProblemList) -> T) -> [String] {
    do {
        _ = try read()
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite("CSV parsing")
struct CSVTableTests {
    @Test func quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws {
        let text = "a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",\"line one\nline two\"\nnext,1,2\n"
        let table = try CSVTable.parse(text, file: "t.csv")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.headerLine == 1)
        try #require(table.rows.count == 2)
        #expect(table.rows[0].line == 2)
        #expect(table.rows[0].fields == ["x, y", "he said \"hi\"", "line one\nline two"])
        #expect(table.rows[1].line == 4, "the record after a field spanning lines 2-3 starts on line 4")
        #expect(table.rows[1].fields == ["next", "1", "2"])
    }

    @Test func emptyQuotedFieldsAndAFinalRecordWithoutLineEnd() throws {
        let table = try CSVTable.parse("a,b,c\n\"\",x,\"\"\n1,,3", file: "t.csv")
        #expect(table.rows.map(\.fields) == [["", "x", ""], ["1", "", "3"]])
        #expect(table.rows.map(\.line) == [2, 3])
    }

    @Test func crlfLineEndsAreNotPartOfFields() throws {
        let table = try CSVTable.parse("a,b\r\n1,2\r\n\"3\r\n3\",4\r\n5,6\r\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.fields) == [["1", "2"], ["3\r\n3", "4"], ["5", "6"]])
        #expect(table.rows.map(\.line) == [2, 3, 5])
    }

    @Test func aByteOrderMarkIsDropped() throws {
        let table = try CSVTable.parse("\u{FEFF}case_id,age\nC-1,15\n", file: "t.csv")
        #expect(table.header == ["case_id", "age"])
        #expect(table.header[0].unicodeScalars.count == 7)
        #expect(table.rows.map(\.fields) == [["C-1", "15"]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let table = try CSVTable.parse("\n\na,b\n\n1,2\n\r\n\n3,4\n\n", file: "t.csv")
        #expect(table.headerLine == 3)
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(table.rows.map(\.line) == [5, 8])
    }

    @Test func anUnclosedQuoteIsReportedAtTheLineItOpensOn() {
        let problems = reported { () throws(ProblemList) in try CSVTable.parse("a,b\n1,2\n3,\"oops\n4,5\n", file: "t.csv") }
        #expect(problems == ["t.csv:3: csv: a quoted field is never closed"])
    }

    @Test func anEmptyFileIsReported() {
        let expected = ["t.csv:1: csv: the file is empty; expected a header line"]
        #expect(reported { () throws(ProblemList) in try CSVTable.parse("", file: "t.csv") } == expected)
        #expect(reported { () throws(ProblemList) in try CSVTable.parse("\n\r\n\n", file: "t.csv") } == expected)
        #expect(reported { () throws(ProblemList) in try CSVTable.parse("\u{FEFF}", file: "t.csv") } == expected)
    }
}

@Suite("cases.csv")
struct CaseFileTests {
    static let header = CaseFile.columns.joined(separator: ",")
    static let expectedColumns = "case_id, age, gender, ethnicity, disposal, setting, status, rosh, vulnerability, looked_after"

    static func problems(_ text: String) -> [String] {
        reported { () throws(ProblemList) in try CaseFile.read(text, file: "cases.csv") }
    }

    @Test func columnsInAnyOrderWithCaseInsensitiveNamesAndValueAliases() throws {
        let text = """
        LOOKED-AFTER,Rosh,Vulnerability,Status,Setting,Disposal,Ethnicity,Gender,Age,Case ID
        Yes,Very High,very-high,closed,Community,Referral Order,Black or Black British,F,14,C-1
        n,LOW,very_high,Open,CUSTODY,Detention and Training Order,white,Boy,17,C-2
        no,medium,Medium,ended,community,ro,Unknown,not known,10,C-3
        """
        let cases = try CaseFile.read(text, file: "cases.csv")
        #expect(cases == [
            CaseRecord(id: "C-1", age: 14, gender: .female, ethnicity: .black, disposal: .referralOrder, setting: .community,
                       status: .terminated, riskOfHarm: .veryHigh, vulnerability: .veryHigh, lookedAfter: true),
            CaseRecord(id: "C-2", age: 17, gender: .male, ethnicity: .white, disposal: .detentionAndTrainingOrder,
                       setting: .custody, status: .current, riskOfHarm: .low, vulnerability: .veryHigh, lookedAfter: false),
            CaseRecord(id: "C-3", age: 10, gender: .notKnown, ethnicity: .notKnown, disposal: .referralOrder,
                       setting: .community, status: .terminated, riskOfHarm: .medium, vulnerability: .medium,
                       lookedAfter: false),
        ])
    }

    @Test func surroundingSpacesAreIgnored() throws {
        let text = "\(Self.header)\n C-1 , 15 ,male,white, yro ,community,current,low,low,no\n"
        let cases = try CaseFile.read(text, file: "cases.csv")
        #expect(cases.map(\.id) == ["C-1"])
        #expect(cases.first?.age == 15 && cases.first?.disposal == .youthRehabilitationOrder)
    }

    @Test func anUnknownColumnIsRejectedByName() {
        let text = "\(Self.header),postcode\nC-1,15,male,white,yro,community,current,low,low,no,HA1\n"
        #expect(Self.problems(text) == ["cases.csv:1: postcode: unknown column (expected: \(Self.expectedColumns))"])
    }

    @Test func anUnnamedColumnIsRejectedByPosition() {
        let text = "\(Self.header),\nC-1,15,male,white,yro,community,current,low,low,no,\n"
        #expect(Self.problems(text) == ["cases.csv:1: (column 11): unknown column (expected: \(Self.expectedColumns))"])
    }

    @Test func missingAndRepeatedColumnsAreReported() {
        let missing = "case_id,age,gender,disposal,setting,status,rosh,vulnerability,looked_after\n"
        #expect(Self.problems(missing) == ["cases.csv:1: ethnicity: missing column"])
        let twice = "\(Self.header),AGE\n"
        #expect(Self.problems(twice) == ["cases.csv:1: AGE: column given twice"])
    }

    @Test func theHeaderLineIsTheFirstNonBlankLine() {
        let text = "\n\ncase_id,age\n"
        #expect(Self.problems(text) == [
            "cases.csv:3: gender: missing column", "cases.csv:3: ethnicity: missing column",
            "cases.csv:3: disposal: missing column", "cases.csv:3: setting: missing column",
            "cases.csv:3: status: missing column", "cases.csv:3: rosh: missing column",
            "cases.csv:3: vulnerability: missing column", "cases.csv:3: looked_after: missing column",
        ])
    }

    @Test func aRepeatedCaseIDNamesTheFirstLine() {
        let text = """
        \(Self.header)
        C-1,15,male,white,yro,community,current,low,low,no
        C-2,15,male,white,yro,community,current,low,low,no
        C-1,16,female,white,yro,community,current,low,low,no
        """
        #expect(Self.problems(text) == ["cases.csv:4: case_id: 'C-1' already used on line 2"])
    }

    @Test func rowsWithTooManyOrTooFewFieldsAreReported() {
        let text = """
        \(Self.header)
        C-1,15,male,white,yro,community,current,low,low,no,extra
        C-2,15,male,white,yro,community,current,low,low
        C-3,15,male,white,yro,community,current,low,low,no
        """
        #expect(Self.problems(text) == [
            "cases.csv:2: row: has 11 fields; the header has 10",
            "cases.csv:3: row: has 9 fields; the header has 10",
        ])
    }

    @Test func everyBadFieldIsReportedInOneGo() {
        let text = """
        \(Self.header)
        C-1,9,x,white,yro,community,,extreme,low,maybe
        C-2,15,male,purple,yro,custody,current,low,low,no
        ,abc,male,white,borstal,prison,current,low,low,yes
        C-4,15,male,white,dto,custody,current,low,low,no
        """
        #expect(Self.problems(text) == [
            "cases.csv:2: age: '9' is not a whole number from 10 to 19",
            "cases.csv:2: gender: 'x' is not one of female|male|other|not known",
            "cases.csv:2: status: missing value",
            "cases.csv:2: rosh: 'extreme' is not one of low|medium|high|very high",
            "cases.csv:2: looked_after: 'maybe' is not yes or no",
            "cases.csv:3: ethnicity: 'purple' is not one of white|mixed|asian|black|other|not known",
            "cases.csv:3: setting: custody, but the disposal 'yro' is not a custodial sentence",
            "cases.csv:4: case_id: missing value",
            "cases.csv:4: age: 'abc' is not a whole number from 10 to 19",
            "cases.csv:4: disposal: 'borstal' is not one of out-of-court|referral-order|first-tier|yro|dto|other-custody",
            "cases.csv:4: setting: 'prison' is not one of custody|community",
        ])
    }

    @Test func nothingIsReturnedFromAFileWithAnyProblem() {
        let text = """
        \(Self.header)
        C-1,15,male,white,yro,community,current,low,low,no
        C-2,15,male,white,yro,community,current,low,low,no
        C-3,20,male,white,yro,community,current,low,low,no
        """
        var returned: [CaseRecord]?
        let error = #expect(throws: ProblemList.self) { returned = try CaseFile.read(text, file: "cases.csv") }
        #expect(returned == nil)
        #expect(error?.problems.map(\.description) == ["cases.csv:4: age: '20' is not a whole number from 10 to 19"])
        #expect(error?.truncated == false)
    }

    @Test func moreThanAHundredProblemsAreCappedAtTheReportLimit() throws {
        var text = Self.header + "\n"
        for number in 1...150 { text += "C-\(number),99,male,white,yro,community,current,low,low,no\n" }
        let error = #expect(throws: ProblemList.self) { try CaseFile.read(text, file: "cases.csv") }
        let list = try #require(error)
        #expect(list.problems.count == ProblemList.reportLimit)
        #expect(list.truncated)
        #expect(list.problems.first?.description == "cases.csv:2: age: '99' is not a whole number from 10 to 19")
        #expect(list.problems.last?.line == ProblemList.reportLimit + 1)
        #expect(list.description.hasSuffix("\n(stopped after 100 problems)"))
    }

    @Test func exactlyAHundredProblemsAreNotTruncated() throws {
        var text = Self.header + "\n"
        for number in 1...100 { text += "C-\(number),99,male,white,yro,community,current,low,low,no\n" }
        let error = #expect(throws: ProblemList.self) { try CaseFile.read(text, file: "cases.csv") }
        let list = try #require(error)
        #expect(list.problems.count == 100)
        #expect(!list.truncated)
        #expect(!list.description.contains("stopped"))
    }

    @Test func writeThenReadGivesTheSameRecords() throws {
        let cases = [
            CaseRecord(id: "C-1", age: 10, gender: .female, ethnicity: .notKnown, disposal: .outOfCourt, setting: .community,
                       status: .current, riskOfHarm: .veryHigh, vulnerability: .low, lookedAfter: true),
            CaseRecord(id: "HA/2011, \"B\"", age: 19, gender: .notKnown, ethnicity: .mixed, disposal: .otherCustody,
                       setting: .custody, status: .terminated, riskOfHarm: .high, vulnerability: .veryHigh,
                       lookedAfter: false),
            CaseRecord(id: "C-3", age: 15, gender: .other, ethnicity: .asian, disposal: .otherFirstTier, setting: .community,
                       status: .terminated, riskOfHarm: .medium, vulnerability: .medium, lookedAfter: false),
        ]
        let text = CaseFile.write(cases)
        #expect(text.hasPrefix(Self.header + "\n"))
        #expect(text.contains("\"HA/2011, \"\"B\"\"\""))
        #expect(try CaseFile.read(text, file: "cases.csv") == cases)
        #expect(CaseFile.write(try CaseFile.read(text, file: "cases.csv")) == text)
    }
}

@Suite("judgements.csv")
struct JudgementFileTests {
    let cci: Framework

    init() throws { cci = try FrameworkCatalog.shipped("cci") }

    func problems(_ text: String) -> [String] {
        reported { () throws(ProblemList) in try JudgementFile.read(text, file: "judgements.csv", framework: cci) }
    }

    @Test func assessorAndNoteMayBeAbsentAndAnswersAreReadLeniently() throws {
        let text = """
        Answer,Question ID,CASE_ID
        Yes,roh-screening-done,C-1
        N/A,roh-screening-done,C-2
        not applicable,roh-screening-done,C-3
        n,roh-screening-done,C-4
        REQUIRED,rmp-required,C-1
        Not Required,rmp-required,C-2
        not-required,rmp-required,C-3
        na,rmp-required,C-4
        Very High,roh-classification,C-1
        """
        let contents = try JudgementFile.read(text, file: "judgements.csv", framework: cci)
        #expect(contents.judgements == [
            Judgement(caseID: "C-1", questionID: "roh-screening-done", answer: .yes),
            Judgement(caseID: "C-2", questionID: "roh-screening-done", answer: .notApplicable),
            Judgement(caseID: "C-3", questionID: "roh-screening-done", answer: .notApplicable),
            Judgement(caseID: "C-4", questionID: "roh-screening-done", answer: .no),
            Judgement(caseID: "C-1", questionID: "rmp-required", answer: .option("required")),
            Judgement(caseID: "C-2", questionID: "rmp-required", answer: .option("not required")),
            Judgement(caseID: "C-3", questionID: "rmp-required", answer: .option("not required")),
            Judgement(caseID: "C-4", questionID: "rmp-required", answer: .notApplicable),
            Judgement(caseID: "C-1", questionID: "roh-classification", answer: .option("very high")),
        ])
        #expect(contents.lines == Array(2...10))
        #expect(contents.judgements.allSatisfy { $0.assessor.isEmpty && $0.note.isEmpty })
    }

    @Test func requiredColumnsMustBePresent() {
        #expect(problems("case_id,answer,note\n") == ["judgements.csv:1: question_id: missing column"])
        #expect(problems("case_id,question_id,answer,score\n") == [
            "judgements.csv:1: score: unknown column (expected: case_id, question_id, answer, assessor, note)",
        ])
    }

    @Test func unknownQuestionsAndBadAnswersAreReportedAtTheirLines() {
        let text = """
        case_id,question_id,answer,assessor,note
        C-1,roh-screening-done,yes,A,
        C-1,no-such-question,yes,A,
        C-1,roh-screening-done,maybe,A,
        C-1,rmp-required,yes,A,
        C-1,rmp-required,sometimes,A,"multi
        line"
        ,roh-screening-done,,A,
        C-2,roh-screening-done,yes,A
        """
        #expect(problems(text) == [
            "judgements.csv:3: question_id: 'no-such-question' is not a question of framework cci",
            "judgements.csv:4: answer: 'maybe' is not an answer to roh-screening-done (yes|no|na)",
            "judgements.csv:5: answer: 'yes' is not an answer to rmp-required (required|not required|na)",
            "judgements.csv:6: answer: 'sometimes' is not an answer to rmp-required (required|not required|na)",
            "judgements.csv:8: case_id: missing value",
            "judgements.csv:8: answer: missing value",
            "judgements.csv:9: row: has 4 fields; the header has 5",
        ])
    }

    @Test func writeThenReadGivesTheSameJudgements() throws {
        let judgements = [
            Judgement(caseID: "C-1", questionID: "roh-screening-done", answer: .yes, assessor: "Assessor A",
                      note: "Seen on file, then \"checked\" with the manager\nand confirmed."),
            Judgement(caseID: "C-1", questionID: "rmp-required", answer: .option("not required"), assessor: "Assessor A"),
            Judgement(caseID: "C-2", questionID: "roh-screening-done", answer: .notApplicable, note: "Transferred in, out"),
            Judgement(caseID: "C-2", questionID: "roh-screening-timely", answer: .no),
            Judgement(caseID: "C-2", questionID: "roh-classification", answer: .option("very high"), assessor: "B, C"),
        ]
        let text = JudgementFile.write(judgements)
        #expect(text.hasPrefix("case_id,question_id,answer,assessor,note\n"))
        let contents = try JudgementFile.read(text, file: "judgements.csv", framework: cci)
        #expect(contents.judgements == judgements)
        #expect(contents.lines == [2, 4, 5, 6, 7], "the first note spans lines 2-3")
        #expect(JudgementFile.write(contents.judgements) == text)
    }
}

@Suite("Scoring from interchange files")
struct InspectionFilesTests {
    let cci: Framework

    init() throws { cci = try FrameworkCatalog.shipped("cci") }

    static let cases = """
    case_id,age,gender,ethnicity,disposal,setting,status,rosh,vulnerability,looked_after
    C-1,15,male,white,yro,community,current,medium,low,no
    C-2,17,female,black,dto,custody,current,high,high,yes
    """

    func score(cases: String = Self.cases, judgements: String) -> [String] {
        reported { () throws(ProblemList) in
            try InspectionFiles.score(framework: cci, casesText: cases, casesFile: "cases.csv",
                                      judgementsText: judgements, judgementsFile: "judgements.csv")
        }
    }

    @Test func soundFilesAreScored() throws {
        let judgements = """
        case_id,question_id,answer
        C-1,roh-screening-done,yes
        C-2,roh-screening-done,no
        C-2,custody-plan-produced,yes
        """
        let card = try InspectionFiles.score(framework: cci, casesText: Self.cases, casesFile: "cases.csv",
                                             judgementsText: judgements, judgementsFile: "judgements.csv")
        #expect((card.cases, card.custodyCases, card.communityCases) == (2, 1, 1))
        let screening = try #require(card.question("roh-screening-done"))
        #expect((screening.all.sufficient, screening.all.applicable) == (1, 2))
    }

    @Test func problemsInBothFilesAreReportedTogether() {
        let cases = Self.cases + "\nC-3,8,male,white,yro,community,current,low,low,no"
        let judgements = """
        case_id,question_id,answer
        C-1,roh-screening-done,yes
        C-1,roh-screening-dune,yes
        C-2,roh-screening-done,perhaps
        """
        #expect(score(cases: cases, judgements: judgements) == [
            "cases.csv:4: age: '8' is not a whole number from 10 to 19",
            "judgements.csv:3: question_id: 'roh-screening-dune' is not a question of framework cci",
            "judgements.csv:4: answer: 'perhaps' is not an answer to roh-screening-done (yes|no|na)",
        ])
    }

    @Test func anEngineProblemIsReportedAtTheJudgementsLine() {
        let judgements = """
        case_id,question_id,answer,assessor,note
        C-1,roh-screening-done,yes,A,"a note
        over two lines"
        C-1,custody-plan-produced,yes,A,
        C-2,custody-plan-produced,yes,A,
        """
        #expect(score(judgements: judgements) == [
            "judgements.csv:4: question_id: case C-1, question custody-plan-produced: answered, but the question "
                + "applies to custody cases only; C-1 is a community case",
        ])
    }

    @Test func aJudgementOfAConditionalQuestionWhoseConditionFailsIsReportedAtItsLine() {
        let judgements = """
        case_id,question_id,answer
        C-1,rmp-required,not required
        C-1,rmp-produced,yes
        """
        #expect(score(judgements: judgements) == [
            "judgements.csv:3: question_id: case C-1, question rmp-produced: answered, but the question applies only "
                + "when rmp-required is required; in C-1 it is not required",
        ])
    }

    @Test func aRepeatedAnswerIsReportedAtTheSecondLine() {
        let judgements = """
        case_id,question_id,answer
        C-1,roh-screening-done,yes
        C-2,roh-screening-done,yes
        C-1,roh-screening-done,no
        """
        #expect(score(judgements: judgements) == [
            "judgements.csv:4: question_id: case C-1, question roh-screening-done: answered twice for the same case",
        ])
    }

    @Test func aJudgementOfAnUnknownCaseIsReportedAtItsLine() {
        let judgements = """
        case_id,question_id,answer
        C-1,roh-screening-done,yes
        C-9,roh-screening-done,yes
        """
        let problems = score(judgements: judgements)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("judgements.csv:3: ") == true)
        #expect(problems.first?.hasSuffix("case C-9, question roh-screening-done: no such case") == true)
        // The problem is with the case_id column, but InspectionFiles names question_id for every judgement problem.
        #expect(problems == ["judgements.csv:3: case_id: case C-9, question roh-screening-done: no such case"])
    }
}

@Suite("Scorecard documents")
struct ScorecardDocumentTests {
    let cci: Framework

    init() throws { cci = try FrameworkCatalog.shipped("cci") }

    /// A small inspection where some scores have a percentage and band and many have none.
    func document() throws -> ScorecardDocument {
        var inspection = InspectionBuilder()
        let custody = inspection.addCases(2, .custody)
        let community = inspection.addCases(3, .community)
        inspection.answer("roh-screening-done", in: custody + community, yes: 4)
        inspection.record("rmp-required", "required", in: custody)
        inspection.record("rmp-required", "not required", in: community)
        let card = try ScoringEngine(framework: cci).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        return ScorecardDocument(card, framework: cci)
    }

    /// A JSON number as an Int, however Foundation bridged it.
    func number(_ value: Any) -> Int? {
        if let int = value as? Int { return int }
        return (value as? NSNumber)?.intValue
    }

    @Test func jsonAlwaysHasPercentAndBand() throws {
        let document = try document()
        let object = try #require(try JSONSerialization.jsonObject(with: document.jsonData()) as? [String: Any])
        var nullPercents = 0, numberPercents = 0, nullBands = 0, stringBands = 0
        for key in ["headlines", "sections", "criteria", "questions"] {
            let items = try #require(object[key] as? [[String: Any]], "\(key) is a list of objects")
            #expect(!items.isEmpty, "\(key) is not empty")
            for item in items {
                let id = item["id"] as? String ?? "?"
                #expect(item.keys.contains("percent"), "\(key) \(id) has percent")
                #expect(item.keys.contains("band"), "\(key) \(id) has band")
                if let percent = item["percent"] {
                    if percent is NSNull { nullPercents += 1 } else if number(percent) != nil { numberPercents += 1 } else {
                        Issue.record("\(key) \(id): percent is neither null nor a number")
                    }
                }
                if let band = item["band"] {
                    if band is NSNull { nullBands += 1 } else if band is String { stringBands += 1 } else {
                        Issue.record("\(key) \(id): band is neither null nor a string")
                    }
                }
                if key == "questions" {
                    #expect(item.keys.contains("options"), "question \(id) has options")
                    for setting in ["custody", "community"] {
                        let split = try #require(item[setting] as? [String: Any])
                        #expect(split.keys.contains("percent"), "question \(id) \(setting) split has percent")
                    }
                } else {
                    #expect(item.keys.contains("ratingReason"), "\(key) \(id) has ratingReason")
                }
            }
        }
        #expect(nullPercents > 0 && numberPercents > 0, "both kinds appear, so both are checked")
        #expect(nullBands > 0 && stringBands > 0)

        let screening = try #require((object["questions"] as? [[String: Any]])?.first { $0["id"] as? String == "roh-screening-done" })
        #expect(screening["percent"].flatMap(number) == 80)
        #expect(screening["options"] is NSNull)
        let rmp = try #require((object["questions"] as? [[String: Any]])?.first { $0["id"] as? String == "rmp-required" })
        let options = try #require(rmp["options"] as? [String: Any])
        #expect(options.mapValues { number($0) } == ["required": 2, "not required": 3])
        #expect(rmp["percent"] is NSNull && rmp["band"] is NSNull)
    }

    @Test func jsonIsStableAndDecodesToTheSameDocument() throws {
        let document = try document()
        let data = try document.jsonData()
        #expect(try document.jsonData() == data)
        #expect(try JSONDecoder().decode(ScorecardDocument.self, from: data) == document)
    }

    @Test func csvHasOneRowPerHeadlineSectionCriterionAndScoredQuestion() throws {
        let document = try document()
        let table = try CSVTable.parse(document.csv(), file: "scores.csv")
        #expect(table.header == ["level", "id", "name", "sufficient", "applicable", "not_applicable", "unanswered",
                                 "percent", "band", "custody_sufficient", "custody_applicable", "community_sufficient",
                                 "community_applicable"])
        #expect(table.rows.allSatisfy { $0.fields.count == table.header.count })
        let scored = cci.questions.filter(\.isScored)
        #expect(table.rows.count == cci.headlines.count + cci.sections.count + cci.criteria.count + scored.count)
        let levels = table.rows.map { $0.fields[0] }
        #expect(levels.filter { $0 == "headline" }.count == cci.headlines.count)
        #expect(levels.filter { $0 == "section" }.count == cci.sections.count)
        #expect(levels.filter { $0 == "criterion" }.count == cci.criteria.count)
        #expect(table.rows.filter { $0.fields[0] == "question" }.map { $0.fields[1] } == scored.map(\.id))
        #expect(!table.rows.contains { $0.fields[1] == "rmp-required" }, "fact questions have no row")

        let screening = try #require(table.rows.first { $0.fields[1] == "roh-screening-done" })
        #expect(Array(screening.fields[3...7]) == ["4", "5", "0", "0", "80"])
        #expect(Array(screening.fields[9...12]) == ["2", "2", "2", "3"])
        let unscored = try #require(table.rows.first { $0.fields[0] == "criterion" && $0.fields[1] == "3.2" })
        #expect(unscored.fields[7] == "" && unscored.fields[8] == "", "no percentage or band when nothing applied")
    }
}
