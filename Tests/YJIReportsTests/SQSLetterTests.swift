import Foundation
import Testing
import YJICore
@testable import YJIReports
import YJIStore

/// The SQS letter writes figures as the three letters do: counts and words, never a percentage of cases, and no
/// criterion numbers; the published reoffending rate is the one percentage it prints.
@Suite("SQS letter: counts and words, as the letters give them")
struct SQSLetterTests {
    /// Every percentage in `text` ("54%", "46.2%").
    static func percentages(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"[0-9]+(\.[0-9]+)?\s?%"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    static func markdown(_ input: ReportInput) throws -> String {
        Reports.text(try Reports.draft(input), format: .md)
    }

    /// The smallest and the largest sample the programme draws, 14 and 34 cases: the letters count cases in both
    /// (Nottingham City's 34 included), so neither may print a percentage.
    @Test(arguments: [14, 34])
    func theDraftedLetterPrintsNoPercentage(cases: Int) throws {
        let input = try ReportFixtures.input("sqs", cases: cases)
        let markdown = try Self.markdown(input)
        #expect(Self.percentages(in: markdown) == [], "\(Self.percentages(in: markdown))")
        #expect(!markdown.contains("% of cases"))
        // Questions with at least twenty applicable cases, which other reports give as "92% of cases", are counted.
        let large = input.framework.questions.filter { question in
            guard question.isScored, let result = input.scorecard.question(question.id) else { return false }
            return result.all.applicable >= 20 && 0 < result.all.sufficient && result.all.sufficient < result.all.applicable
        }
        if cases == 34 {
            let question = try #require(large.first, "a 34-case sample has a question with 20 or more applicable cases")
            let result = try #require(input.scorecard.question(question.id))
            #expect(markdown.contains("\(result.all.sufficient) of the \(result.all.applicable) cases")
                    || markdown.contains("all but 1 of the \(result.all.applicable) cases"), "\(question.id)")
        }
    }

    @Test func theSummaryGivesEachThemeInWordsAndTheReoffendingRateIsTheOnlyPercentage() throws {
        var input = try ReportFixtures.input("sqs")
        input.indicators = [ContextualIndicators(area: "Fixtureshire (synthetic)", period: "January 2026", reoffendingRate: 46.2,
                                                 previousReoffendingRate: 43.2, englandWalesReoffendingRate: 36.1,
                                                 cohort: "April 2024 to March 2025", source: "synthetic figures",
                                                 firstTimeEntrants: 412, englandWalesFirstTimeEntrants: 464, population: 180_000,
                                                 shareAged10To17: 10.6, englandWalesShareAged10To17: 10.4)]
        let document = try Reports.draft(input)
        let markdown = Reports.text(document, format: .md)
        #expect(Self.percentages(in: markdown) == ["46.2%", "36.1%"], "\(Self.percentages(in: markdown))")
        #expect(markdown.contains("The reoffending rate published for Fixtureshire (synthetic) was 46.2%."))
        #expect(markdown.contains("England and Wales average of 36.1%"))
        #expect(markdown.contains("Published January 2026 for the April 2024 to March 2025 cohort. Source: synthetic figures."))
        // The other contextual figures belong to the CCI and FJI appendices, not to the letter.
        #expect(!markdown.contains("First-time entrants"))

        let summary = try #require(document.editableItems.first { $0.key == "summary" })
        let themes = input.framework.sections.filter { $0.assessment == .scored }
        for theme in themes {
            let proportion = try #require(input.scorecard.score(.section, theme.id)?.proportion)
            #expect(summary.source.contains("[[s:\(theme.id):proportion]]"))
            #expect(summary.text.contains("\(LetterWording.quantity(proportion)) "), "\(theme.name): \(summary.text)")
        }
        #expect(summary.text.contains("for making sure the sentence is served."))
        // What the editor tracks is unchanged by the letter's wording, so a saved text's figures never all look moved.
        #expect(summary.figures == BoundText.resolve(summary.source, in: input.scorecard, countBelow: input.framework.countBelow).figures)
    }

    @Test func aThemeIsDescribedInTheLettersWords() {
        #expect(LetterWording.quantity(Proportion(17, of: 20)) == "the large majority")
        #expect(LetterWording.quantity(Proportion(19, of: 20)) == "almost all")
        #expect(LetterWording.quantity(Proportion(10, of: 20)) == "half")
        #expect(LetterWording.quantity(Proportion(5, of: 20)) == "a minority")
        #expect(LetterWording.quantity(Proportion(20, of: 20)) == "all")
        #expect(LetterWording.quantity(Proportion(0, of: 0)) == "no applicable instances")
    }

    @Test func aQuestionsProportionIsACountEvenForALargeGroupAndOnlyIsDroppedBeforeNone() throws {
        let input = try ReportFixtures.input("sqs", cases: 34)
        let scored = input.framework.questions.filter(\.isScored)
        for question in scored {
            guard let result = input.scorecard.question(question.id), result.all.applicable > 0 else { continue }
            let text = LetterWording.resolve("In only [[q:\(question.id):proportion]].", in: input.scorecard)
            let proportion = Proportion(result.all.sufficient, of: result.all.applicable)
            #expect(!text.contains("%"), "\(question.id): \(text)")
            if result.all.sufficient == 0 {
                #expect(text == Sentence.capitalisingStart("in \(proportion.countPhrase()).") , "\(question.id): \(text)")
            } else if result.all.sufficient < result.all.applicable {
                #expect(text == "In only \(proportion.countPhrase()).", "\(question.id): \(text)")
            }
        }
    }

    @Test func theLetterPrintsNoCriterionNumberAndItsThemesUseTheNewestHeadings() throws {
        let document = try Reports.draft(try ReportFixtures.input("sqs"))
        let markdown = Reports.text(document, format: .md)
        #expect(markdown.contains("## 4 Making sure the sentence is served"))
        #expect(!markdown.contains("Ensuring"))
        // Items are numbered as paragraphs of the letter, one after another from 1 within each theme.
        for section in document.sections where section.anchor.hasPrefix("theme-") {
            for block in section.blocks {
                guard case .list(_, let items) = block else { continue }
                #expect(items.map { $0.label ?? "" } == items.indices.map { "\(section.number ?? "").\($0 + 1)" })
            }
        }
        for criterion in try FrameworkCatalog.shipped("sqs").criteria {
            #expect(!markdown.contains("criterion \(criterion.id)") && !markdown.contains("Criterion \(criterion.id)"))
        }
    }
}
