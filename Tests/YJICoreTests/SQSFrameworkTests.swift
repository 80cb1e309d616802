import Foundation
import Testing
@testable import YJICore

/// The SQS framework against its three letters: theme headings as the newest letter words them, the older wording
/// accepted, the findings the letters report that it must ask about, and numbering that says it is yji's.
@Suite("SQS framework and the three letters")
struct SQSFrameworkTests {
    static func sqs() throws -> Framework { try FrameworkCatalog.shipped("sqs") }

    @Test func themeHeadingsAreTheNewestLettersWithTheOlderWordingAsAliases() throws {
        let sqs = try Self.sqs()
        // Nottingham City 2016's headings; themes 2, 3 and 5 are worded alike in all three letters.
        #expect(sqs.sections.map(\.name) == ["Reducing reoffending", "Protecting the public", "Protecting the child or young person",
                                             "Making sure the sentence is served", "Operational management"])
        #expect(sqs.section("1")?.aliases == ["Reducing the likelihood of reoffending"])        // Leicestershire 2014
        #expect(sqs.section("4")?.aliases == ["Ensuring that the sentence is served"])          // Leicestershire, St Helens
        #expect(sqs.section("2")?.aliases == [])
        let theme4 = try #require(sqs.section("4"))
        #expect(theme4.isNamed("Ensuring that the sentence is served"))
        #expect(theme4.isNamed(" making sure the sentence is served "))
        #expect(!theme4.isNamed("Protecting the public"))
        #expect(try #require(sqs.section("1")).isNamed("Reducing the likelihood of reoffending"))
    }

    @Test func theLettersFindingsThatWereMissingAreAskedWithTheirConditions() throws {
        let sqs = try Self.sqs()
        // Criterion numbering is kept: the new questions join existing criteria.
        #expect(sqs.criteria.map(\.id) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
                                           "4.1", "4.2", "4.3", "5.1", "5.2", "5.3"])
        func condition(_ id: String) throws -> AnswerCondition? { try #require(sqs.question(id)).applicability.condition }
        #expect(try #require(sqs.question("mappa-eligible")).kind == .fact)
        #expect(try condition("mappa-identified") == AnswerCondition(question: "mappa-eligible", answers: ["eligible"]))
        #expect(try condition("mappa-level") == AnswerCondition(question: "mappa-eligible", answers: ["eligible"]))
        #expect(try condition("rmm-held") == AnswerCondition(question: "rmp-required", answers: ["required"]))
        #expect(try condition("rmm-actions") == AnswerCondition(question: "rmm-held", answers: ["yes"]))
        #expect(try condition("emotional-health-planned") == AnswerCondition(question: "emotional-health-need", answers: ["present"]))
        #expect(try condition("roh-classification-accurate") == nil)
        let criteria = ["mappa-identified": "2.3", "mappa-level": "2.3", "rmm-held": "2.3", "rmm-actions": "2.3",
                        "roh-classification-accurate": "2.1", "emotional-health-planned": "1.3"]
        for (id, criterion) in criteria {
            let question = try #require(sqs.question(id))
            #expect(question.criterion == criterion && question.isScored, "\(id)")
            #expect(question.strength?.contains("{proportion}") == true && question.improvement?.contains("only {proportion}") == true, "\(id)")
        }
        #expect(sqs.questions.count == 48)
        #expect(sqs.questions.filter(\.isScored).count == 43)
    }

    @Test func theFileSaysItsCriterionNumbersAreYjisOwn() throws {
        let sqs = try Self.sqs()
        #expect(sqs.source.contains("Criteria and their numbers are yji's own grouping"))
        #expect(sqs.source.contains("the letters publish no criteria"))
        let yaml = try String(contentsOf: try #require(FrameworkCatalog.url(of: "sqs")), encoding: .utf8)
        #expect(yaml.contains("# Criterion numbers (1.1, 2.3, ...) are yji's own."))
    }

    @Test func syntheticCasesAreMadeEligibleForMAPPAOnlyRarelyAndOnlyWithAHighRiskOfHarm() throws {
        let sqs = try Self.sqs()
        let inspection = SyntheticInspection(framework: sqs, caseCount: 400, seed: 5)
        let risk = Dictionary(uniqueKeysWithValues: inspection.cases.map { ($0.id, $0.riskOfHarm) })
        let eligible = inspection.judgements.filter { $0.questionID == "mappa-eligible" && $0.answer == .option("eligible") }
        #expect(eligible.allSatisfy { [.high, .veryHigh].contains(risk[$0.caseID]) })
        #expect(!eligible.isEmpty)
        #expect(eligible.count * 5 < inspection.cases.count, "\(eligible.count) of \(inspection.cases.count) eligible")
        // The MAPPA questions are answered exactly where eligibility makes them apply.
        let eligibleCases = Set(eligible.map(\.caseID))
        for id in ["mappa-identified", "mappa-level"] {
            #expect(Set(inspection.judgements.filter { $0.questionID == id }.map(\.caseID)) == eligibleCases, "\(id)")
        }
        let needs = inspection.judgements.filter { $0.questionID == "emotional-health-need" && $0.answer == .option("present") }
        #expect(Set(inspection.judgements.filter { $0.questionID == "emotional-health-planned" }.map(\.caseID)) == Set(needs.map(\.caseID)))
    }

    @Test func aliasesAreReadAndCheckedWithTheirLine() throws {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(
            of: "    name: Assessment\n", with: "    name: Assessment\n    aliases: [Assessment and planning, Initial assessment]\n")
        let framework = try FrameworkLoader.load(yaml: yaml, file: "mini.yaml")
        #expect(framework.section("1")?.aliases == ["Assessment and planning", "Initial assessment"])
        #expect(FrameworkLoaderTests.problems(yaml.replacingOccurrences(of: "Initial assessment]", with: "assessment]"))
                == ["mini.yaml:9: 1: alias 'assessment' repeats the section's name"])
        #expect(FrameworkLoaderTests.problems(yaml.replacingOccurrences(of: "Initial assessment]", with: "assessment AND planning]"))
                == ["mini.yaml:9: 1: alias 'assessment AND planning' is given twice"])
        #expect(FrameworkLoaderTests.problems(yaml.replacingOccurrences(of: "aliases: [", with: "aliases: {a: ")
            .replacingOccurrences(of: "Initial assessment]", with: "b}")) == ["mini.yaml:9: 1: 'aliases' must be a list of texts"])
    }

    /// A heading that two sections answer to would file an imported finding under whichever is read first.
    @Test func anAliasThatNamesAnotherSectionIsRefused() throws {
        let yaml = FrameworkLoaderTests.valid
            .replacingOccurrences(of: "    name: Assessment\n", with: "    name: Assessment\n    aliases: [Planning]\n  - id: \"2\"\n    name: Planning\n")
            .replacingOccurrences(of: "criteria:\n", with: "criteria:\n  - id: \"2.1\"\n    section: \"2\"\n    name: Plans\n")
            .replacingOccurrences(of: "questions:\n", with: "questions:\n  - id: planned\n    criterion: \"2.1\"\n    text: Was it planned?\n")
        #expect(FrameworkLoaderTests.problems(yaml) == ["mini.yaml:7: 1: alias 'Planning' is also the name or an alias of section 2"])
    }

    @Test func aSectionWrittenBeforeAliasesStillDecodes() throws {
        let json = Data(#"{"id": "4", "name": "Ensuring the sentence is served", "assessment": "scored"}"#.utf8)
        let section = try JSONDecoder().decode(FrameworkSection.self, from: json)
        #expect(section.aliases == [] && section.summary == nil)
        let withAliases = FrameworkSection(id: "4", name: "Making sure the sentence is served", aliases: ["Ensuring that the sentence is served"])
        #expect(try JSONDecoder().decode(FrameworkSection.self, from: JSONEncoder().encode(withAliases)) == withAliases)
    }
}
