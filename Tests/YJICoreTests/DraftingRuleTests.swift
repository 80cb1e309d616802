import Foundation
import Testing
@testable import YJICore

@Suite("Drafting rule: strengths, fragile counts and phrasing")
struct DraftingRuleTests {
    static let valid = FrameworkLoaderTests.valid + """

    report:
      strengths:
        proposed_from: 65
        provenance: inferred
        source: "Harrow criteria 1.1 to 2.3"
      split:
        provenance: judged
        source: "Harrow criterion 3.1"
    """

    @Test func theRuleIsReadWithItsProvenance() throws {
        #expect(Self.valid.components(separatedBy: "\n")[38] == "report:", "line 39 starts the section")
        let rules = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml").report
        #expect(rules.strengthFrom == 65)
        #expect(rules.provenance == Provenance(.inferred, source: "Harrow criteria 1.1 to 2.3"))
        #expect(rules.split == Provenance(.judged, source: "Harrow criterion 3.1"))
        #expect(rules.isStrength(65) && !rules.isStrength(64))
    }

    static let broken: [(String, String, String, String)] = [
        ("strengths without provenance", "    provenance: inferred\n    source: \"Harrow criteria 1.1 to 2.3\"\n", "",
         "mini.yaml:41: report strengths: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("split without source", "    source: \"Harrow criterion 3.1\"", "",
         "mini.yaml:45: report split: missing 'source'"),
        ("no split", "  split:\n    provenance: judged\n    source: \"Harrow criterion 3.1\"", "",
         "mini.yaml:40: report: missing 'split': who decides which findings are strengths, and where the reports show it"),
        ("the old bare threshold", "  strengths:\n    proposed_from: 65\n    provenance: inferred\n    source: \"Harrow criteria 1.1 to 2.3\"",
         "  strength_from: 65",
         "mini.yaml:40: report: unknown key 'strength_from' (expected one of: glossary, split, strengths)"),
        ("threshold above 100", "proposed_from: 65", "proposed_from: 101",
         "mini.yaml:41: report: proposed_from must be a whole percentage from 0 to 100"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: FrameworkLoaderTests.problems)
    }

    /// Harrow's strengths and areas for improvement, by the leading figure of each numbered point (whole percentages;
    /// counts converted, "all" as 100, "three-quarters were not good enough" as 25; points with no figure left out).
    static let harrowEarly = (
        strengths: [87, 81, 90, 92, 76, 100, 89, 72, 84, 78, 77, 100, 79, 82, 71, 89, 100, 87, 74, 78, 100, 85, 75, 75],
        areas: [47, 25, 64, 43, 37, 7, 42, 35, 45, 24, 18, 34, 56, 43, 24, 45, 38, 39, 30, 63, 19, 33,
                50, 37, 55, 42, 27, 27, 25, 11, 20, 33, 34, 42, 12, 56, 29, 56, 47, 43, 33, 46, 43])
    /// Criteria 3.1 and 3.2.
    static let harrowOutcomes = (strengths: [34, 33, 52], areas: [35, 40, 59, 53, 62, 39, 56, 63])

    @Test func noThresholdReproducesHarrowSoTheSplitIsJudged() throws {
        func separates(_ t: Int, _ lists: (strengths: [Int], areas: [Int])) -> Bool {
            lists.strengths.allSatisfy { $0 >= t } && lists.areas.allSatisfy { $0 < t }
        }
        // Criteria 1.1-2.3 split anywhere from 65 to 71; 65 is the proposal.
        #expect((0...101).filter { separates($0, Self.harrowEarly) } == Array(65...71))
        #expect(!(0...101).contains { separates($0, Self.harrowOutcomes) }, "3.1 lists 33% as a strength and 3.2 63% as an area")
        for id in ["cci", "sqs", "fji"] {
            let rules = try FrameworkCatalog.shipped(id).report
            #expect(rules.split.kind == .judged, "\(id): inspectors decide the split")
            #expect(rules.provenance.kind == .inferred, "\(id): the drafted threshold is a proposal, never published")
            #expect(rules.strengthFrom == 65)
        }
    }

    @Test func theCountCutIsTheFrameworksFragileBelow() throws {
        let proportion = Proportion(17, of: 20)
        #expect(FindingSentence.proportionWording(proportion, countBelow: 20) == "85% of cases")
        #expect(FindingSentence.proportionWording(proportion, countBelow: 21) == "17 of the 20 cases")
        let sqs = try FrameworkCatalog.shipped("sqs")
        #expect(sqs.countBelow == sqs.sampling?.fragileBelow)
        #expect(FindingSentence.proportionWording(Proportion(30, of: 34), countBelow: sqs.countBelow) == "30 of the 34 cases",
                "the SQS letters never print a percentage")
        #expect(try FrameworkLoader.load(yaml: FrameworkLoaderTests.valid, file: "mini.yaml").countBelow == Int.max,
                "a framework without a fragile_below quotes counts")
    }

    @Test func onlyIsDroppedWhereTheFigureSaysAllOrNone() {
        let template = "Custodial planning was sufficient in only {proportion}."
        #expect(FindingSentence.render(template, proportion: Proportion(0, of: 1), countBelow: 20)
                == "Custodial planning was sufficient in no case.")
        #expect(FindingSentence.render(template, proportion: Proportion(0, of: 3), countBelow: 20)
                == "Custodial planning was sufficient in none of the three cases.")
        #expect(FindingSentence.render(template, proportion: Proportion(0, of: 2), countBelow: 20)
                == "Custodial planning was sufficient in neither of the two cases.")
        #expect(FindingSentence.render(template, proportion: Proportion(1, of: 3), countBelow: 20)
                == "Custodial planning was sufficient in only one of the three cases.")
        #expect(FindingSentence.render("Only {proportion} of plans were on time.", proportion: Proportion(0, of: 7), countBelow: 20)
                == "None of the seven plans were on time.")
        #expect(FindingSentence.render("Commonly only {proportion} had one.", proportion: Proportion(3, of: 3), countBelow: 20)
                == "Commonly all three cases had one.")
    }

    @Test func aTemplatesOwnNounReplacesCases() {
        let template = "Only {proportion} of risk management plans were completed on time."
        #expect(FindingSentence.render(template, proportion: Proportion(4, of: 7), countBelow: 20)
                == "Only four of the seven risk management plans were completed on time.")
        #expect(FindingSentence.render(template, proportion: Proportion(5, of: 16), countBelow: 20)
                == "Only 5 of the 16 risk management plans were completed on time.")
        #expect(FindingSentence.render(template, proportion: Proportion(11, of: 30), countBelow: 20)
                == "Only 37% of risk management plans were completed on time.")
        #expect(FindingSentence.render(template, proportion: Proportion(11, of: 12), countBelow: 20)
                == "All but 1 of the 12 risk management plans were completed on time.")
        #expect(DraftedSentenceCheck.problems(in: FindingSentence.render(template, proportion: Proportion(0, of: 7), countBelow: 20)) == [])
    }
}
