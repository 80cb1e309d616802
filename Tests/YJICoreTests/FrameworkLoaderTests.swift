import Foundation
import Testing
@testable import YJICore

@Suite("Framework loading and validation")
struct FrameworkLoaderTests {
    /// A small valid framework; the broken variants below each change one thing and expect its FILE:LINE message.
    static let valid = """
    id: mini
    name: Miniature framework
    programme: test
    version: "1"
    source: Written for yji's tests.
    sections:
      - id: "1"
        name: Assessment
    criteria:
      - id: "1.1"
        section: "1"
        name: Risk
    headlines:
      - id: roh
        name: Risk of harm
    questions:
      - id: screening
        criterion: "1.1"
        text: Was a screening done?
        headlines: [roh]
      - id: plan-needed
        criterion: "1.1"
        text: Was a plan needed?
        kind: fact
        options: [needed, not needed]
      - id: plan
        criterion: "1.1"
        text: Was the plan produced?
        applies:
          when: plan-needed
          is: needed
    ratings:
      - {id: bands, provenance: judged, source: Written for yji's tests.,
         name: Bands,
         levels: [criterion, headline],
         bands: [
           {label: low, from: 0, to: 49},
           {label: high, from: 50, to: 100, provenance: inferred, source: The middle of the scale.}]}
    """

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try FrameworkLoader.load(yaml: yaml, file: "mini.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func theValidFrameworkLoads() throws {
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(framework.questions.map(\.id) == ["screening", "plan-needed", "plan"])
        #expect(framework.question("plan")?.applicability.condition == AnswerCondition(question: "plan-needed", answers: ["needed"]))
        #expect(framework.ratingScale(for: .criterion)?.band(for: 49)?.label == "low")
    }

    @Test(arguments: ["cci", "sqs", "fji"])
    func shippedFrameworksLoad(id: String) throws {
        let framework = try FrameworkCatalog.shipped(id)
        #expect(framework.id == id && framework.programme == id)
        #expect(!framework.questions.isEmpty)
    }

    @Test func coreCaseInspectionHasThePublishedStructure() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        #expect(cci.sections.map(\.id) == ["1", "2", "3"])
        #expect(cci.criteria.map(\.id) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2"])
        #expect(cci.headlines.map(\.id) == ["safeguarding", "roh", "lor"])
        #expect(cci.questions.filter(\.isScored).count > 80)
        #expect(cci.questions.contains { $0.applicability.setting == .custody })
        #expect(cci.questions.contains { $0.applicability.setting == .community })
        #expect(cci.questions.contains { $0.applicability.condition != nil })
        #expect(cci.ratingScale(for: .headline)?.bands.map(\.from) == [0, 45, 60, 80])
    }

    /// Each broken variant: the text to replace, its replacement, and the exact problem expected.
    static let broken: [(String, String, String, String)] = [
        ("duplicate question id", "  - id: plan\n", "  - id: screening\n",
         "mini.yaml:26: screening: duplicate question id (first defined on line 17)"),
        ("unknown criterion", "    criterion: \"1.1\"\n    text: Was the plan", "    criterion: \"9.9\"\n    text: Was the plan",
         "mini.yaml:26: plan: unknown criterion '9.9'"),
        ("unknown headline", "headlines: [roh]", "headlines: [rho]",
         "mini.yaml:17: screening: unknown headline theme 'rho'"),
        ("unknown condition question", "when: plan-needed", "when: plan-wanted",
         "mini.yaml:30: plan: applicability refers to unknown question 'plan-wanted'"),
        ("answer the condition's question cannot take", "is: needed", "is: yes",
         "mini.yaml:30: plan: 'yes' is not an answer of plan-needed (needed|not needed|na)"),
        ("band gap", "{label: high, from: 50", "{label: high, from: 55",
         "mini.yaml:38: bands: bands leave a gap: nothing covers 50-54"),
        ("band overlap", "{label: high, from: 50", "{label: high, from: 40",
         "mini.yaml:38: bands: bands overlap: 'low' and 'high' both cover 40-49"),
        ("bands stop short of 100", "from: 50, to: 100", "from: 50, to: 90",
         "mini.yaml:38: bands: bands do not cover 0-100: nothing covers 91-100"),
        ("bands start above 0", "{label: low, from: 0", "{label: low, from: 5",
         "mini.yaml:37: bands: bands do not cover 0-100: nothing covers 0-4"),
        ("criterion with no question", "  - id: \"1.1\"\n    section: \"1\"\n    name: Risk\n",
         "  - id: \"1.1\"\n    section: \"1\"\n    name: Risk\n  - id: \"1.2\"\n    section: \"1\"\n    name: Empty\n",
         "mini.yaml:13: 1.2: criterion has no scored question"),
        ("unknown section", "    section: \"1\"", "    section: \"4\"",
         "mini.yaml:10: 1.1: unknown section '4'"),
        ("unknown key", "    text: Was a screening done?\n", "    text: Was a screening done?\n    wording: Was it?\n",
         "mini.yaml:20: screening: unknown key 'wording' (expected one of: applies, criterion, headlines, id, improvement, kind, options, strength, text)"),
        ("missing question text", "    text: Was a screening done?\n", "",
         "mini.yaml:17: screening: missing 'text'"),
        ("fact question without options", "    options: [needed, not needed]\n", "",
         "mini.yaml:21: plan-needed: a fact question needs at least two options"),
        ("unknown level", "levels: [criterion, headline]", "levels: [criterion, theme]",
         "mini.yaml:35: bands: unknown level 'theme' (headline, section, criterion or question)"),
        ("invalid YAML", "name: Miniature framework", "name: [Miniature framework",
         "mini.yaml:3: yaml: not valid YAML: did not find expected ',' or ']'"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: Self.problems)
    }

    @Test func cyclicApplicabilityIsRejected() {
        let cyclic = Self.valid.replacingOccurrences(
            of: "    options: [needed, not needed]\n",
            with: "    options: [needed, not needed]\n    applies:\n      when: plan\n      is: yes\n")
        let problems = Self.problems(cyclic)
        #expect(problems.contains { $0.contains("applicability is cyclic") }, "got \(problems)")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let twice = Self.valid
            .replacingOccurrences(of: "headlines: [roh]", with: "headlines: [rho]")
            .replacingOccurrences(of: "when: plan-needed", with: "when: plan-wanted")
        #expect(Self.problems(twice).count >= 2)
    }
}
