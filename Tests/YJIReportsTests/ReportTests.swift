import Foundation
import Testing
import YJICore
import YJIReports
import YJIStore

@Suite("Reports: each programme's shape, golden output")
struct ReportShapeTests {
    /// The headings each programme prints, in its published order.
    static let expectedOrder: [String: [String]] = [
        "cci": ["Foreword", "Scoring and summary table", "Recommendations for improvement", "Next steps", "Making a difference",
                "Service users' perspective", "1 Assessment and sentence planning", "1.1 Risk of Harm to others (RoH)",
                "2 Delivery and review of interventions", "3 Outcomes", "3.2 Sustaining outcomes",
                "Appendix 1: Scoring summary", "Appendix 2: Contextual information", "Appendix 3: Inspection arrangements",
                "Appendix 4: Characteristics of cases inspected", "Appendix 5: Scoring approach", "Appendix 6: Glossary"],
        "sqs": ["Report of Short Quality Screening of youth offending work in Fixtureshire (synthetic)", "Context", "Summary",
                "1 Reducing reoffending", "2 Protecting the public", "3 Protecting the child or young person",
                "4 Making sure the sentence is served", "Operational management", "Key strengths", "Areas requiring improvement",
                "Copy list"],
        "fji": ["Key judgements", "Summary", "Recommendations", "Theme 1: Reducing reoffending", "What we expect to see",
                "Case assessment score", "Key findings", "Explanation of findings", "Data summary",
                "Theme 5: Governance and partnerships", "Theme 6: Interventions to reduce reoffending",
                "Appendix 1: Background to the inspection", "Appendix 4: Glossary"],
    ]

    @Test(arguments: ["cci", "sqs", "fji"])
    func sectionsComeInTheProgrammesOrder(_ programme: String) throws {
        let document = try Reports.draft(try ReportFixtures.input(programme))
        let outline = document.outline
        var position = -1
        for heading in try #require(Self.expectedOrder[programme]) {
            let found = outline.indices.first { $0 > position && outline[$0] == heading }
            #expect(found != nil, "\(programme): '\(heading)' missing or out of order in \(outline)")
            position = found ?? position
        }
    }

    @Test(arguments: ["cci", "sqs", "fji"])
    func htmlAndMarkdownMatchTheirGoldenFiles(_ programme: String) throws {
        let document = try Reports.draft(try ReportFixtures.input(programme))
        let html = Reports.text(document, format: .html)
        let markdown = Reports.text(document, format: .md)
        try ReportFixtures.expectGolden(html, name: "\(programme).html")
        try ReportFixtures.expectGolden(markdown, name: "\(programme).md")
        // Every section heading is in both formats, in order.
        for (format, escape) in [(html, HTMLReportRenderer.escape), (markdown, { $0 })] as [(String, (String) -> String)] {
            var cursor = format.startIndex
            for section in document.sections {
                let heading = escape(section.heading)
                let range = format.range(of: heading, range: cursor..<format.endIndex)
                #expect(range != nil, "\(programme): '\(section.heading)' not found after the previous section")
                cursor = range?.upperBound ?? cursor
            }
        }
    }

    @Test(arguments: ["cci", "sqs", "fji"])
    func theSameDataGivesTheSameBytes(_ programme: String) throws {
        let first = Reports.text(try Reports.draft(try ReportFixtures.input(programme)), format: .html)
        let second = Reports.text(try Reports.draft(try ReportFixtures.input(programme)), format: .html)
        #expect(first == second)
    }

    @Test(.enabled(if: PDFRenderer.locateChromium() != nil, "PDF needs headless Chromium"))
    func thePDFPrintsTheSamePagesEveryTime() throws {
        let document = try Reports.draft(try ReportFixtures.input("cci"))
        let first = try Reports.data(document, format: .pdf)
        let second = try Reports.data(document, format: .pdf)
        #expect(first.starts(with: Data("%PDF".utf8)))
        // Chromium stamps each PDF with its creation time, so the pages are compared, not the bytes.
        #expect(PDFRenderer.pageCount(of: first) == PDFRenderer.pageCount(of: second))
        #expect(PDFRenderer.pageCount(of: first) >= 10, "a CCI report runs to many pages: \(PDFRenderer.pageCount(of: first))")
    }

    @Test func theHTMLIsOneFileWithPrintRules() throws {
        let html = Reports.text(try Reports.draft(try ReportFixtures.input("cci")), format: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("@page"))
        #expect(html.contains("@top-center { content: \"Core Case Inspection: Fixtureshire (synthetic)\""))
        #expect(html.contains("counter(page)"))
        #expect(html.contains("break-before: page"))
        #expect(!html.contains("<link"), "styles are inline so the file stands alone")
        #expect(!html.contains("<script"))
        #expect(html.components(separatedBy: "<svg").count - 1 >= 2, "headline and criterion charts")
    }

    @Test func fjiThemesCarryTheirDataSummaryChart() throws {
        let html = Reports.text(try Reports.draft(try ReportFixtures.input("fji")), format: .html)
        let scoredThemes = try FrameworkCatalog.shipped("fji").sections.filter { $0.assessment == .scored }.count
        #expect(html.components(separatedBy: "id=\"data-summary-").count - 1 == scoredThemes)
        #expect(html.contains("Governance and partnerships"))
        #expect(html.contains("The management board met every quarter"))
    }

    @Test func anUnknownProgrammeIsRefusedByName() throws {
        var input = try ReportFixtures.input("sqs")
        let framework = input.framework
        input.framework = Framework(id: "x", name: "X", programme: "xyz", version: "1", source: "test",
                                    sections: framework.sections, criteria: framework.criteria, headlines: framework.headlines,
                                    questions: framework.questions, ratingScales: framework.ratingScales)
        #expect(throws: ReportError.self) { try Reports.draft(input) }
        do {
            _ = try Reports.draft(input)
        } catch {
            #expect("\(error)".contains("'xyz'"))
        }
    }
}

@Suite("Reports: drafted findings")
struct DraftedFindingTests {
    @Test func everyFindingSitsWhereTheFrameworksRulePutsIt() throws {
        let input = try ReportFixtures.input("cci")
        let document = try Reports.draft(input)
        let section = try #require(document.sections.first { $0.anchor == "section-1" })
        let criterion = try #require(section.subsections.first { $0.anchor == "criterion-1.1" })
        var list = ""
        var checked = 0
        for block in criterion.blocks {
            if case .subheading(let heading) = block { list = heading }
            guard case .list(_, let items) = block else { continue }
            for item in items {
                let questionID = try #require(item.key?.replacingOccurrences(of: "finding:", with: ""))
                let percent = try #require(input.scorecard.question(questionID)?.percent)
                #expect((list == "Strengths") == input.framework.report.isStrength(percent), "\(questionID) at \(percent)% under \(list)")
                checked += 1
            }
        }
        #expect(checked > 5)
    }

    @Test func aFindingQuotesCountsForSmallGroupsAndPercentagesForLargeOnes() throws {
        let framework = try FrameworkCatalog.shipped("cci")
        let question = try #require(framework.question("roh-screening-done"))
        let bound = BoundText.binding(try #require(question.strength), question: question.id)
        #expect(bound.contains("[[q:roh-screening-done:proportion]]"))
        #expect(!bound.contains("{proportion}"))
        let input = try ReportFixtures.input("cci")
        let result = try #require(input.scorecard.question("roh-screening-done"))
        let text = BoundText.resolve(bound, in: input.scorecard, countBelow: framework.countBelow).text
        #expect(framework.countBelow == framework.sampling?.fragileBelow, "the cut is the framework's fragile_below")
        if result.all.applicable >= framework.countBelow && result.all.sufficient < result.all.applicable {
            #expect(text.contains("\(result.percent!)% of cases"))
        } else {
            #expect(text.contains(NumberWords.inText(result.all.applicable)))
        }
    }

    @Test func changingOneJudgementMovesTheFiguresInEditedTextAndMarksTheSentence() throws {
        var input = try ReportFixtures.input("cci")
        let framework = input.framework
        // A question no other question depends on, so flipping one answer leaves every other answer valid.
        let dependedOn = Set(framework.questions.compactMap { $0.applicability.condition?.question })
        let target = try #require(framework.questions.first { question in
            question.isScored && question.strength != nil && !dependedOn.contains(question.id)
                && question.criterion.hasPrefix("1.") && (input.scorecard.question(question.id)?.all.sufficient ?? 0) > 0
        })
        let token = "[[q:\(target.id):proportion]]"
        // A person rewrote the finding and a commentary, keeping the figures as tokens, and read them at today's figures.
        let key = "finding:\(target.id)"
        let edited = "Inspectors found this in \(token), which the service should build on. The rest of the work was steady."
        let commentary = "Leadership changed during the year. In all, [[s:1:count]] answers in the section were judged sufficient."
        let before = BoundText.resolve(edited, in: input.scorecard, countBelow: framework.countBelow)
        let commentaryBefore = BoundText.resolve(commentary, in: input.scorecard, countBelow: framework.countBelow)
        input.texts = [
            key: ReportText(key: key, text: edited, seenFigures: before.figures, version: 1, updatedAt: "2026-03-20T10:00:00Z", updatedBy: "lead@demo.yji.invalid"),
            "commentary:1": ReportText(key: "commentary:1", text: commentary, seenFigures: commentaryBefore.figures, version: 1,
                                       updatedAt: "2026-03-20T10:00:00Z", updatedBy: "lead@demo.yji.invalid"),
        ]
        let unchanged = try Reports.draft(input)
        #expect(Self.item(key, in: unchanged)?.changedSentences == [])

        // One judgement flips: a case where the work was done well enough is now judged not.
        let cases = input.cases
        let inspection = SyntheticInspection(framework: framework, cases: cases, seed: 11)
        var judgements = inspection.judgements
        let index = try #require(judgements.firstIndex { $0.questionID == target.id && $0.answer == .yes })
        let flipped = judgements[index]
        judgements[index] = Judgement(caseID: flipped.caseID, questionID: flipped.questionID, answer: .no,
                                      assessor: flipped.assessor, note: "moderated")
        input.scorecard = try ScoringEngine(framework: framework).scorecard(cases: cases, judgements: judgements)

        let after = try Reports.draft(input)
        let item = try #require(Self.item(key, in: after))
        #expect(item.edited)
        #expect(item.text.hasPrefix("Inspectors found this in "))
        #expect(item.text != before.text, "the figure inside the edited text follows the data")
        #expect(item.figures[token] != before.figures[token])
        #expect(item.changedSentences == [0], "only the sentence with the moved figure is marked")
        let section = try #require(Self.item("commentary:1", in: after))
        #expect(section.changedSentences == [1])
        let html = HTMLReportRenderer.render(after, options: .init(markChangedFigures: true))
        #expect(html.contains("<mark class=\"figures-moved\""))
        #expect(!HTMLReportRenderer.render(after).contains("<mark"), "published output carries no review marks")
    }

    @Test func anEmptiedFindingIsLeftOut() throws {
        var input = try ReportFixtures.input("cci")
        input.texts["finding:roh-screening-done"] = ReportText(key: "finding:roh-screening-done", text: "", seenFigures: [:],
                                                               version: 1, updatedAt: "2026-03-20T10:00:00Z", updatedBy: "x")
        let document = try Reports.draft(input)
        #expect(Self.item("finding:roh-screening-done", in: document) == nil)
    }

    static func item(_ key: String, in document: ReportDocument) -> ReportItem? {
        func search(_ blocks: [ReportBlock]) -> ReportItem? {
            for block in blocks {
                switch block {
                case .paragraph(let item), .lines(let item): if item.key == key { return item }
                case .list(_, let items): if let found = items.first(where: { $0.key == key }) { return found }
                default: continue
                }
            }
            return nil
        }
        func walk(_ sections: [ReportSection]) -> ReportItem? {
            for section in sections {
                if let found = search(section.blocks) ?? walk(section.subsections) { return found }
            }
            return nil
        }
        return search(document.front) ?? walk(document.sections)
    }
}

@Suite("Reports: bound figures")
struct BoundTextTests {
    @Test func tokensAreFoundCheckedAndResolved() throws {
        let framework = try FrameworkCatalog.shipped("cci")
        let text = "Score [[c:1.1:percent]] ([[c:1.1:band]]); [[q:nope:count]]; [[x:1:percent]]; [[c:1.1]]"
        #expect(BoundText.tokens(in: text).map(\.description) == ["[[c:1.1:percent]]", "[[c:1.1:band]]", "[[q:nope:count]]"])
        let problems = BoundText.problems(in: text, framework: framework)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("[[q:nope:count]] names no question") })
        let input = try ReportFixtures.input("cci")
        let resolved = BoundText.resolve(text, in: input.scorecard, countBelow: framework.countBelow)
        let score = try #require(input.scorecard.score(.criterion, "1.1"))
        #expect(resolved.text.hasPrefix("Score \(score.percent!)% (\(score.band!))"))
        #expect(resolved.text.contains("[[q:nope:count]]"), "an unknown figure stays visible")
    }

    @Test func sentencesSplitAtStopsAndLineBreaks() {
        #expect(BoundText.sentences(of: "One. Two? Three!\nFour") == ["One.", "Two?", "Three!", "Four"])
        #expect(BoundText.changedSentences("A [[c:1:percent]]. B [[c:2:percent]].",
                                           seen: ["[[c:1:percent]]": "40%", "[[c:2:percent]]": "50%"],
                                           current: ["[[c:1:percent]]": "40%", "[[c:2:percent]]": "52%"]) == [1])
    }
}

@Suite("Reports: Harrow's scoring summary and benchmark rebuilt")
struct HarrowReportTests {
    static func harrowInput() throws -> ReportInput {
        let framework = try FrameworkCatalog.shipped("cci")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../YJICoreTests/Fixtures/harrow-2011-counts.csv").standardizedFileURL
        let rebuilt = try CountsInspection(csv: try String(contentsOf: url, encoding: .utf8), file: "harrow-2011-counts.csv",
                                           framework: framework, casePrefix: "HAR")
        // The counts leave 1.3's band to the text; the report prints SUBSTANTIAL for it.
        let scorecard = try ScoringEngine(framework: framework).scorecard(cases: rebuilt.cases, judgements: rebuilt.judgements)
        // The foreword's benchmark: lowest, highest and average of the areas inspected to date.
        let benchmarks = [
            FigureToken.scoreKey(.headline, "safeguarding"): BenchmarkRange(lowest: 37, highest: 91, average: 68),
            FigureToken.scoreKey(.headline, "roh"): BenchmarkRange(lowest: 36, highest: 85, average: 63),
            FigureToken.scoreKey(.headline, "lor"): BenchmarkRange(lowest: 43, highest: 87, average: 71),
        ]
        return ReportInput(framework: framework, scorecard: scorecard,
                           facts: InspectionFacts(inspectionID: 1, area: "Harrow (rebuilt from published counts)"),
                           cases: rebuilt.cases, benchmarks: benchmarks, benchmarkAreas: 100)
    }

    @Test func theScoringSummaryAndBenchmarkTablesPrintHarrowsFigures() throws {
        let document = try Reports.draft(try Self.harrowInput())
        let markdown = Reports.text(document, format: .md)
        // Foreword benchmark rows: lowest, highest, average, Harrow.
        #expect(markdown.contains("| Safeguarding | 37% | 91% | 68% | 45% |"))
        #expect(markdown.contains("| Risk of Harm to others | 36% | 85% | 63% | 43% |"))
        #expect(markdown.contains("| Likelihood of Reoffending | 43% | 87% | 71% | 53% |"))
        // Headline scores with their bands.
        #expect(markdown.contains("**Score: 45%** — SUBSTANTIAL improvement required"))
        #expect(markdown.contains("**Score: 43%** — DRASTIC improvement required"))
        #expect(markdown.contains("**Score: 53%** — SUBSTANTIAL improvement required"))
        // Appendix 1 rows for criteria, with their comments.
        for (id, percent, band) in [("1.1", 46, "SUBSTANTIAL"), ("1.2", 48, "SUBSTANTIAL"), ("2.1", 41, "DRASTIC"),
                                    ("2.2", 61, "MODERATE"), ("2.3", 57, "SUBSTANTIAL"), ("3.1", 50, "SUBSTANTIAL"),
                                    ("3.2", 45, "SUBSTANTIAL")] {
            let row = markdown.split(separator: "\n").first { $0.hasPrefix("| \(id) |") }
            #expect(row?.contains("| \(percent)% | \(band) improvement required |") == true, "row \(id): \(row ?? "missing")")
        }
        // Sections: Harrow prints an OVERALL SCORE with no comment, so their rows carry none.
        for (id, percent) in [("1", 47), ("2", 54), ("3", 49)] {
            let row = markdown.split(separator: "\n").first { $0.hasPrefix("| \(id) |") }
            #expect(row?.contains("| \(percent)% | – |") == true, "row \(id): \(row ?? "missing")")
        }
        // The chart of criteria draws Harrow's bars with the band colours.
        let html = Reports.text(document, format: .html)
        #expect(html.contains(BandPalette.colour("DRASTIC improvement required")))
        #expect(html.contains(BandPalette.colour("MODERATE improvement required")))
    }

    @Test func harrowsPublishedSentencesAreDraftedFromTheCounts() throws {
        let markdown = Reports.text(try Reports.draft(try Self.harrowInput()), format: .md)
        // Under 1.2 the report quotes 92% for the initial assessment and "7 of the 11 cases" for RMPs under 1.1.
        #expect(markdown.contains("92%"))
        #expect(markdown.contains("seven of the 11 cases") || markdown.contains("7 of the 11 cases"))
    }
}

@Suite("Reports: anonymisation check")
struct AnonymisationTests {
    @Test func aCaseAliasInAPracticeExampleBlocksPublishing() throws {
        var input = try ReportFixtures.input("cci")
        let alias = try #require(input.caseload.first?.alias)
        #expect(Reports.anonymisationMatches(input, document: try Reports.draft(input)).isEmpty)
        input.examples.append(PracticeExample(area: .criterion("1.2"), kind: .example,
                                              text: "When \(alias) moved school, the worker arranged a handover meeting.",
                                              namesChanged: true))
        let matches = Reports.anonymisationMatches(input, document: try Reports.draft(input))
        // "Kestrel 2" and "Kestrel 3" are shortened to "Kestrel" in a story too, so each is reported; all in the example.
        #expect(matches.allSatisfy { $0.location.hasPrefix("Practice example 3") })
        let match = try #require(matches.first { $0.name.name == alias })
        #expect(match.name.source == "alias of case \(input.caseload[0].id)")
        #expect(match.excerpt.contains(alias))
        #expect("\(ReportError.namesFound(matches))".contains(alias))
    }

    @Test func namesMatchAsWholeWordsIgnoringCaseAndAccents() {
        let names = [ProtectedName(name: "Kestrel", source: "alias"), ProtectedName(name: "Zoë Example", source: "team")]
        let texts: [(location: String, text: String)] = [
            ("a", "kestrel spoke first."), ("b", "Kestrels nest here."), ("c", "Zoe example was present."),
            ("d", "Example given by staff."), ("e", "An example of good work."), ("f", "Then Zoe said hello."),
        ]
        let found = AnonymisationCheck.matches(in: texts, names: names).map { "\($0.location):\($0.name.name)" }
        #expect(found == ["a:Kestrel", "c:Zoë Example", "f:Zoë Example"])
    }

    @Test func aNameAddedByAUserAndATeamMemberAreFoundInEditedText() throws {
        var input = try ReportFixtures.input("sqs")
        input.protectedNames = ["Pat Sample"]
        input.texts["summary"] = ReportText(key: "summary", text: "Pat Sample and Fixture Inspector led the work.", seenFigures: [:],
                                            version: 1, updatedAt: "2026-03-20T10:00:00Z", updatedBy: "x")
        let matches = Reports.anonymisationMatches(input, document: try Reports.draft(input))
        #expect(Set(matches.map(\.name.source)) == ["added to the report's list", "inspection team"])
        #expect(matches.allSatisfy { $0.location == "Summary" })
    }
}
