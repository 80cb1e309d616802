import Foundation
import Testing
@testable import YJICore

@Suite("Proportion phrasing")
struct ProportionPhrasingTests {

    /// One count as a seed report phrases it.
    struct CountCase: Sendable, CustomTestStringConvertible {
        let n: Int
        let total: Int
        let noun: String
        let connector: ProportionConnector
        let expected: String
        var testDescription: String { "\(n) of \(total) -> \(expected)" }

        init(_ n: Int, _ total: Int, _ expected: String, noun: String = "cases", connector: ProportionConnector = .of) {
            self.n = n
            self.total = total
            self.noun = noun
            self.connector = connector
            self.expected = expected
        }
    }

    /// One count with the percentage the report printed next to it.
    struct PercentCase: Sendable, CustomTestStringConvertible {
        let n: Int
        let total: Int
        let percent: Int
        var testDescription: String { "\(n) of \(total) = \(percent)%" }
        init(_ n: Int, _ total: Int, _ percent: Int) {
            self.n = n
            self.total = total
            self.percent = percent
        }
    }

    // MARK: - Counts, from the seed reports

    static let countCases: [CountCase] = [
        // Harrow 1.1 areas (3): an RMP was produced in 7 of the 11 cases where required
        CountCase(7, 11, "7 of the 11 cases"),
        // Leicestershire 2.4: both of the custodial cases had sufficient planning
        CountCase(2, 2, "both custodial cases", noun: "custodial cases"),
        // Leicestershire 3.5: all but 1 of the 12 staff interviewed
        CountCase(11, 12, "all but 1 of the 12 staff", noun: "staff"),
        // Harrow 2.1 strengths (3): 14 out of 17 community cases ...
        CountCase(14, 17, "14 out of 17 community cases", noun: "community cases", connector: .outOf),
        // ... and five out of seven custodial cases
        CountCase(5, 7, "five out of seven custodial cases", noun: "custodial cases", connector: .outOf),
        // Harrow 2.2 strengths (2): YOT involved in eight of the nine inspected cases
        CountCase(8, 9, "eight of the nine inspected cases", noun: "inspected cases"),
        // Nottingham City 3.3: eight of the nine cases with time in custody
        CountCase(8, 9, "eight of the nine cases"),
        // Leicestershire 2.2: six of the ten cases where a review was necessary
        CountCase(6, 10, "six of the ten cases"),
        // Leicestershire 1.1: of the ten cases with written reports, nine were good
        CountCase(9, 10, "nine of the ten cases"),
        // Harrow 2.3 areas (3): interventions reflected the VMP in three out of ten relevant cases
        CountCase(3, 10, "three out of ten relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 3.1 areas (4): living arrangements, 2 out of 18 cases
        CountCase(2, 18, "2 out of 18 cases", connector: .outOf),
        // Harrow 3.2 areas (1): five out of nine relevant cases (custody)
        CountCase(5, 9, "five out of nine relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 3.2 areas (2): five out of eight applicable cases
        CountCase(5, 8, "five out of eight applicable cases", noun: "applicable cases", connector: .outOf),
        // Harrow 1.3 areas (8): management oversight in only 3 out of 25 relevant cases
        CountCase(3, 25, "3 out of 25 relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 1.2 strengths (3): plan sensitive to diversity in five out of seven applicable cases
        CountCase(5, 7, "five out of seven applicable cases", noun: "applicable cases", connector: .outOf),
        // Harrow 1.2 strengths (3): a custodial sentence plan in all nine custodial cases
        CountCase(9, 9, "all nine custodial cases", noun: "custodial cases"),
        // Harrow 1.2 areas (6): missed in all eight relevant instances
        CountCase(8, 8, "all eight relevant instances", noun: "relevant instances"),
        // Harrow 1.2 areas (12): prioritised according to RoH in only three out of eight relevant cases
        CountCase(3, 8, "three out of eight relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 1.2 areas (12): sequencing evident in four out of five cases (the count is kept, not "all but one")
        CountCase(4, 5, "four out of five cases", connector: .outOf),
        // Harrow 1.2 areas (16): children's social care involved in only 3 of the 16 cases
        CountCase(3, 16, "3 of the 16 cases"),
        // Harrow 1.2 areas (16): mental health services in only 3 out of 21 relevant cases
        CountCase(3, 21, "3 out of 21 relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 1.3 strengths (2): communicated in seven of the nine custody cases
        CountCase(7, 9, "seven of the nine custody cases", noun: "custody cases"),
        // Harrow 1.3 strengths (3): other plans found in 10 of the 13 relevant case files
        CountCase(10, 13, "10 of the 13 relevant case files", noun: "relevant case files"),
        // Harrow 1.3 areas (6): the VMP informed interventions in 3 out of 11 applicable cases
        CountCase(3, 11, "3 out of 11 applicable cases", noun: "applicable cases", connector: .outOf),
        // Harrow 1.3 areas (6): ... and other plans in only one out of nine relevant cases
        CountCase(1, 9, "one out of nine relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 1.3 areas (7): a contribution made in 4 out of 16 relevant cases
        CountCase(4, 16, "4 out of 16 relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 2.1 areas (5): effective oversight in two out of six custody cases
        CountCase(2, 6, "two out of six custody cases", noun: "custody cases", connector: .outOf),
        // Harrow 2.3 strengths (1): all but 1 of the 14 applicable community cases
        CountCase(13, 14, "all but 1 of the 14 applicable community cases", noun: "applicable community cases"),
        // Harrow 2.3 strengths (5): in two out of three applicable cases (the count is kept, not "all but one")
        CountCase(2, 3, "two out of three applicable cases", noun: "applicable cases", connector: .outOf),
        // Harrow 2.3 strengths (5): reviewed in four out of six cases
        CountCase(4, 6, "four out of six cases", connector: .outOf),
        // Harrow 2.3 areas (1): in one out of four cases with physical health involvement
        CountCase(1, 4, "one out of four cases", connector: .outOf),
        // Harrow 2.3 areas (2): children's social care in one out of three relevant cases
        CountCase(1, 3, "one out of three relevant cases", noun: "relevant cases", connector: .outOf),
        // Harrow 2.3 areas (4): three out of seven custody cases and 5 out of 28 relevant community cases
        CountCase(3, 7, "three out of seven custody cases", noun: "custody cases", connector: .outOf),
        CountCase(5, 28, "5 out of 28 relevant community cases", noun: "relevant community cases", connector: .outOf),
        // Harrow 3.1 areas (5): in 11 out of 29 cases no reduction in risk factors
        CountCase(11, 29, "11 out of 29 cases", connector: .outOf),
        // Leicestershire 2.3: plans were clear in 9 out of 17 cases (figures, because 17 is over ten)
        CountCase(9, 17, "9 out of 17 cases", connector: .outOf),
        // Leicestershire 2.6: oversight recorded in all 14 cases where required
        CountCase(14, 14, "all 14 cases"),
        // St Helens 2.4: plans good enough in 7 of 11 cases (our house form adds "the")
        CountCase(7, 11, "7 of the 11 cases"),
    ]

    @Test("count phrases match the reports", arguments: countCases)
    func countPhraseFromReports(_ c: CountCase) {
        #expect(Proportion(c.n, of: c.total).countPhrase(noun: c.noun, connector: c.connector) == c.expected)
    }

    @Test("the one case, in the singular")
    func singleCase() {
        // Harrow 2.3 strengths (4): provision made in the one case requiring mental health input
        #expect(Proportion(1, of: 1).countPhrase() == "the one case")
        #expect(Proportion(1, of: 1).countPhrase(noun: "custody cases") == "the one custody case")
        #expect(Proportion(1, of: 1).countPhrase(noun: "agencies") == "the one agency")
        #expect(Proportion(1, of: 1).countPhrase(noun: "staff", singular: "member of staff") == "the one member of staff")
        #expect(Proportion(0, of: 1).countPhrase() == "no case")
    }

    @Test("none, neither and the empty sample")
    func noneAndNeither() {
        #expect(Proportion(0, of: 9).countPhrase() == "none of the nine cases")
        #expect(Proportion(0, of: 12).countPhrase() == "none of the 12 cases")
        #expect(Proportion(0, of: 2).countPhrase() == "neither of the two cases")
        #expect(Proportion(1, of: 2).countPhrase() == "one of the two cases")
        // Harrow 2.3 areas (2): physical health services in one out of two
        #expect(Proportion(1, of: 2).countPhrase(connector: .outOf) == "one out of two cases")
        #expect(Proportion(0, of: 0).countPhrase() == "no cases")
    }

    @Test("all but one only once the numbers are in figures")
    func allButOne() {
        #expect(Proportion(10, of: 11).countPhrase() == "all but 1 of the 11 cases")
        #expect(Proportion(11, of: 12).countPhrase(noun: "staff", connector: .outOf) == "all but 1 out of 12 staff")
        #expect(Proportion(9, of: 10).countPhrase() == "nine of the ten cases")
        // Two short of all is an ordinary count: Harrow 2.3 strengths (2) has "all but 3 out of 20" as prose,
        // but the phrase builder keeps the plain count.
        #expect(Proportion(17, of: 20).countPhrase() == "17 of the 20 cases")
    }

    // MARK: - Percentages, from the seed reports

    static let percentCases: [PercentCase] = [
        PercentCase(2, 18, 11),   // Harrow 3.1 areas (4): living arrangements, 2 out of 18 (11%)
        PercentCase(6, 28, 21),   // Harrow 3.1 areas (4): family and personal relationships, 6 out of 28 (21%)
        PercentCase(4, 23, 17),   // Harrow 3.1 areas (4): emotional and mental health, 4 out of 23 (17%)
        PercentCase(7, 32, 22),   // Harrow 3.1 areas (4): perception of self and others, 7 out of 32 (22%)
        PercentCase(13, 38, 34),  // Harrow 3.1 strengths (1): thinking and behaviour, 13 out of 38 (34%)
        PercentCase(8, 24, 33),   // Harrow 3.1 strengths (1): substance misuse, 8 out of 24 (33%)
        PercentCase(5, 9, 56),    // Harrow 3.2 areas (1): five out of nine relevant cases (56%)
        PercentCase(16, 36, 44),  // Harrow 3.2 areas (1): 16 out of 36 (44%)
        PercentCase(5, 8, 63),    // Harrow 3.2 areas (2): five out of eight (63%), 62.5 rounded half up
        PercentCase(13, 33, 39),  // Harrow 3.2 areas (2): 13 out of 33 (39%)
        PercentCase(15, 34, 44),  // Harrow questionnaire: Fifteen (44%) of the 34 respondents
    ]

    @Test("whole percentages match the reports", arguments: percentCases)
    func wholePercentFromReports(_ c: PercentCase) {
        #expect(Proportion(c.n, of: c.total).wholePercent == c.percent)
    }

    @Test("whole percent rounds half up and is nil for an empty sample")
    func wholePercentEdges() {
        #expect(Proportion(1, of: 8).wholePercent == 13)    // 12.5
        #expect(Proportion(3, of: 8).wholePercent == 38)    // 37.5
        #expect(Proportion(1, of: 3).wholePercent == 33)    // 33.3
        #expect(Proportion(2, of: 3).wholePercent == 67)    // 66.7
        #expect(Proportion(1, of: 200).wholePercent == 1)   // 0.5
        #expect(Proportion(1, of: 201).wholePercent == 0)   // 0.497
        #expect(Proportion(0, of: 5).wholePercent == 0)
        #expect(Proportion(5, of: 5).wholePercent == 100)
        #expect(Proportion(0, of: 0).wholePercent == nil)
        // Harrow 1.3 areas (8) prints "3 out of 25 ... (11%)", but 3/25 is exactly 12%; we compute, not copy.
        #expect(Proportion(3, of: 25).wholePercent == 12)
    }

    @Test("percent phrases")
    func percentPhrase() {
        // Harrow 3.1 strengths (1): 13 out of 38 (34%)
        #expect(Proportion(13, of: 38).percentPhrase() == "34% of cases")
        #expect(Proportion(5, of: 8).percentPhrase(noun: "applicable cases") == "63% of applicable cases")
        #expect(Proportion(0, of: 0).percentPhrase() == nil)
    }

    // MARK: - Number words

    @Test("spelled out", arguments: [
        (0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (21, "twenty-one"), (34, "thirty-four"),
        (40, "forty"), (100, "one hundred"), (101, "one hundred and one"), (115, "one hundred and fifteen"),
        (200, "two hundred"), (999, "nine hundred and ninety-nine"),
    ])
    func spelledOut(_ n: Int, _ words: String) {
        #expect(NumberWords.spelledOut(n) == words)
    }

    @Test("in running text")
    func inText() {
        // Harrow questionnaire: "a further ten felt ..." and "14 said ..."
        #expect(NumberWords.inText(10) == "ten")
        #expect(NumberWords.inText(14) == "14")
        // Harrow questionnaire: "with nine rating it as a ten", "27 of the children and young people"
        #expect(NumberWords.inText(9) == "nine")
        #expect(NumberWords.inText(27) == "27")
        #expect(NumberWords.inText(1) == "one")
        #expect(NumberWords.inText(11) == "11")
        #expect(NumberWords.inText(1200) == "1200")
    }

    @Test("at the start of a sentence", arguments: [
        (34, "Thirty-four"),  // Harrow questionnaire: Thirty-four children and young people completed it
        (24, "Twenty-four"),  // Harrow questionnaire: Twenty-four said they were less likely to reoffend
        (15, "Fifteen"),      // Harrow questionnaire: Fifteen (44%) of the respondents
        (12, "Twelve"),       // Harrow questionnaire: Twelve respondents said ...
        (5, "Five"),          // Harrow victims: Five questionnaires were completed
        (3, "Three"),         // Harrow victims: Three had benefited
        (115, "One hundred and fifteen"),
        (1000, "1000"),
    ])
    func sentenceStart(_ n: Int, _ words: String) {
        #expect(NumberWords.sentenceStart(n) == words)
    }

    @Test("capitalising a phrase for the start of a sentence")
    func capitalisingStart() {
        // Leicestershire 1.2: 14 of the 20 inspected cases, opening a sentence
        #expect(Sentence.capitalisingStart("14 of the 20 cases") == "Fourteen of the 20 cases")
        #expect(Sentence.capitalisingStart(Proportion(14, of: 14).countPhrase()) == "All 14 cases")
        // Harrow victims: All five respondents
        #expect(Sentence.capitalisingStart(Proportion(5, of: 5).countPhrase(noun: "respondents")) == "All five respondents")
        #expect(Sentence.capitalisingStart(Proportion(11, of: 12).countPhrase(noun: "staff")) == "All but 1 of the 12 staff")
        #expect(Sentence.capitalisingStart(Proportion(7, of: 11).countPhrase()) == "Seven of the 11 cases")
        #expect(Sentence.capitalisingStart("both cases") == "Both cases")
        #expect(Sentence.capitalisingStart("92% of cases") == "92% of cases")
        #expect(Sentence.capitalisingStart("1200 cases") == "1200 cases")
        #expect(Sentence.capitalisingStart("") == "")
    }

    // MARK: - Fractions

    @Test("fraction phrases", arguments: [
        // exact
        (1, 2, "half"), (1, 3, "one-third"), (2, 3, "two-thirds"), (1, 4, "one-quarter"), (3, 4, "three-quarters"),
        (6, 12, "half"), (8, 24, "one-third"),          // Harrow 3.1 strengths (1): 8 out of 24
        // within one point: still plain
        (67, 100, "two-thirds"), (51, 100, "half"), (49, 100, "half"),
        (13, 38, "one-third"),                           // Harrow 3.1 strengths (1): 13 out of 38, 34.2%
        // just over: more than 1 and at most 5 points above
        (11, 20, "just over half"),                      // 55%, exactly 5 points
        (21, 40, "just over half"),                      // 52.5%
        (52, 100, "just over half"), (48, 100, "almost half"),   // 2 points either side
        (56, 100, "over half"), (44, 100, "less than half"),     // 6 points either side
        (7, 19, "just over one-third"),                  // 36.8%
        // almost: more than 1 and at most 5 points below
        (9, 20, "almost half"),                          // 45%, exactly 5 points
        (7, 11, "almost two-thirds"),                    // St Helens 2.4: 7 of 11, 63.6%
        (18, 25, "almost three-quarters"),               // 72%
        (7, 10, "just over two-thirds"),                 // 70%: nearer two-thirds (+3.3) than three-quarters (-5)
        // over / less than: more than 5 points away from the nearest fraction
        (5, 9, "over half"),                             // Harrow 3.2 areas (1): 55.6%
        (4, 9, "less than half"),                        // 44.4%
        (16, 36, "less than half"),                      // Harrow 3.2 areas (1): 16 out of 36
        (17, 20, "over three-quarters"),                 // 85%
        (4, 25, "less than one-quarter"),                // 16%
        (5, 12, "over one-third"),                       // 41.7%, a tie between one-third and half goes to the smaller
    ])
    func fraction(_ n: Int, _ total: Int, _ words: String) {
        #expect(Proportion(n, of: total).fractionPhrase == words)
    }

    @Test("no fraction phrase where counts or nothing read better", arguments: [
        (0, 0), (0, 5), (5, 5), (1, 10), (14, 100), (91, 100), (10, 11),
    ])
    func noFraction(_ n: Int, _ total: Int) {
        #expect(Proportion(n, of: total).fractionPhrase == nil)
    }

    @Test("fraction range ends are inclusive")
    func fractionRangeEnds() {
        #expect(Proportion(15, of: 100).fractionPhrase == "less than one-quarter")
        #expect(Proportion(9, of: 10).fractionPhrase == "over three-quarters")
    }

    // MARK: - Quantities

    @Test("quantity phrases", arguments: [
        (0, 5, "none"), (5, 5, "all"), (10, 20, "half"), (1, 2, "half"),
        (199, 200, "almost all"),        // rounds to 100% but one case is missing
        (19, 20, "all but one"),         // small groups: one short of all
        (8, 9, "all but one"),           // Harrow 1.2 strengths (3): all but one of the nine custodial plans on time
        (6, 7, "all but one"),           // Harrow 2.1 strengths (1): all but one applicable custody case
        (21, 22, "almost all"),          // beyond 20 cases the grade is used
        (8, 10, "the large majority"),   // 80%, two short of all
        (16, 19, "the large majority"),  // 84%
        (3, 4, "the large majority"),    // 75%
        (20, 27, "the majority"),        // 74%
        (11, 20, "the majority"),        // 55%
        (101, 201, "the majority"),      // rounds to 50%, but more than half
        (100, 201, "a minority"),        // rounds to 50%, but less than half
        (16, 36, "a minority"),          // Harrow 3.2 areas (1): 44%
        (1, 5, "a minority"),            // 20%
        (4, 34, "a small number"),       // Nottingham City 2.2: no plan in four of the 34 cases (12%)
        (19, 100, "a small number"),
        (1, 300, "a small number"),      // rounds to 0%, but not none
    ])
    func quantity(_ n: Int, _ total: Int, _ words: String) {
        #expect(Proportion(n, of: total).quantityPhrase == words)
    }

    @Test("no quantity phrase for an empty sample")
    func noQuantity() {
        #expect(Proportion(0, of: 0).quantityPhrase == nil)
    }

    // MARK: - Codable

    @Test("round-trips through JSON and rejects impossible counts")
    func codable() throws {
        let p = Proportion(7, of: 11)
        let data = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(Proportion.self, from: data) == p)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"count":12,"total":11}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"count":-1,"total":11}"#.utf8))
        }
    }

    @Test("a count above its total stops the program")
    func preconditionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Proportion(12, of: 11)
        }
    }
}
