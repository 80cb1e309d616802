import Foundation
import Testing
@testable import YJICore

@Suite("Framework sampling rules")
struct FrameworkSamplingTests {
    /// The loader tests' miniature framework with a sampling section in block style, so each key has its own line.
    static let valid = FrameworkLoaderTests.valid + """

    sampling:
      eligibility:
        from_days: 0
        to_days: 365
        statuses: [current, terminated]
      size:
        minimum: 38
        maximum: 99
        percent_of_eligible: 25
      fragile_below: 20
    """

    static func problems(_ yaml: String) -> [String] { FrameworkLoaderTests.problems(yaml) }

    @Test func theSectionIsReadIntoRules() throws {
        #expect(Self.valid.components(separatedBy: "\n")[38] == "sampling:", "line 39 starts the section")
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(framework.sampling == SamplingRules(
            eligibility: EligibilityWindow(fromDays: 0, toDays: 365, statuses: [.current, .terminated]),
            size: SampleSizeRule(minimum: 38, maximum: 99, percentOfEligible: 25),
            fragileBelow: 20))
    }

    @Test func theSectionIsOptional() throws {
        #expect(try FrameworkLoader.load(yaml: FrameworkLoaderTests.valid, file: "mini.yaml").sampling == nil)
    }

    @Test func theShippedProgrammesSampleAsThePublishedReportsDescribe() throws {
        let cci = try #require(try FrameworkCatalog.shipped("cci").sampling)
        #expect(cci == SamplingRules(
            eligibility: EligibilityWindow(fromDays: 0, toDays: 365, statuses: [.current, .terminated]),
            size: SampleSizeRule(minimum: 38, maximum: 99, percentOfEligible: 25), fragileBelow: 20))
        let sqs = try #require(try FrameworkCatalog.shipped("sqs").sampling)
        #expect(sqs == SamplingRules(
            eligibility: EligibilityWindow(fromDays: 42, toDays: 91, statuses: [.current]),
            size: SampleSizeRule(minimum: 14, maximum: 34, percentOfEligible: 30), fragileBelow: 20))
        let fji = try #require(try FrameworkCatalog.shipped("fji").sampling)
        #expect(fji == SamplingRules(
            eligibility: EligibilityWindow(fromDays: 183, toDays: 274, statuses: [.current, .terminated]),
            size: SampleSizeRule(minimum: 40, maximum: 60, percentOfEligible: 25), fragileBelow: 20))
        // Harrow's sample of 38 and Staffordshire's of 57 sit inside their programme's bounds.
        #expect((cci.size.minimum...cci.size.maximum).contains(38))
        #expect((fji.size.minimum...fji.size.maximum).contains(57))
    }

    @Test func theRulesSurviveJSON() throws {
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        let decoded = try JSONDecoder().decode(Framework.self, from: JSONEncoder().encode(framework))
        #expect(decoded == framework && decoded.sampling != nil)
    }

    /// Each broken variant: the text to replace, its replacement, and the exact problem expected.
    static let broken: [(String, String, String, String)] = [
        ("window backwards", "from_days: 0", "from_days: 400",
         "mini.yaml:42: sampling: the eligibility window runs backwards: from_days 400 is more than to_days 365"),
        ("negative from", "from_days: 0", "from_days: -1", "mini.yaml:41: sampling: from_days must be 0 or more"),
        ("negative to", "to_days: 365", "to_days: -5", "mini.yaml:42: sampling: to_days must be 0 or more"),
        ("no statuses", "statuses: [current, terminated]", "statuses: []",
         "mini.yaml:43: sampling: statuses must name current, terminated or both"),
        ("unknown status", "statuses: [current, terminated]", "statuses: [current, closed]",
         "mini.yaml:43: sampling: unknown status 'closed' (current or terminated)"),
        ("repeated status", "statuses: [current, terminated]", "statuses: [current, current]",
         "mini.yaml:43: sampling: statuses repeat"),
        ("missing statuses", "    statuses: [current, terminated]\n", "", "mini.yaml:41: sampling: missing 'statuses'"),
        ("minimum zero", "minimum: 38", "minimum: 0", "mini.yaml:45: sampling: minimum must be at least 1"),
        ("minimum above maximum", "maximum: 99", "maximum: 30", "mini.yaml:46: sampling: maximum 30 is below minimum 38"),
        ("percent zero", "percent_of_eligible: 25", "percent_of_eligible: 0",
         "mini.yaml:47: sampling: percent_of_eligible must be from 1 to 100"),
        ("percent above 100", "percent_of_eligible: 25", "percent_of_eligible: 101",
         "mini.yaml:47: sampling: percent_of_eligible must be from 1 to 100"),
        ("negative fragile", "fragile_below: 20", "fragile_below: -1", "mini.yaml:48: sampling: fragile_below must be 0 or more"),
        ("not a number", "maximum: 99", "maximum: many", "mini.yaml:46: sampling: 'maximum' must be a whole number"),
        ("missing size", "  size:\n    minimum: 38\n    maximum: 99\n    percent_of_eligible: 25\n", "",
         "mini.yaml:40: sampling: missing 'size'"),
        ("missing fragile", "  fragile_below: 20", "", "mini.yaml:40: sampling: missing 'fragile_below'"),
        ("missing maximum", "    maximum: 99\n", "", "mini.yaml:45: sampling: missing 'maximum'"),
        ("unknown key in size", "    maximum: 99\n", "    maximum: 99\n    average: 50\n",
         "mini.yaml:47: sampling: unknown key 'average' (expected one of: maximum, minimum, percent_of_eligible)"),
        ("unknown key in section", "  fragile_below: 20", "  fragile_below: 20\n  stratify: yes",
         "mini.yaml:49: sampling: unknown key 'stratify' (expected one of: eligibility, fragile_below, size)"),
        ("section not a mapping", "sampling:\n  eligibility:", "sampling: all\nunused:\n  eligibility:",
         "mini.yaml:39: sampling: expected a mapping of keys to values"),
        ("eligibility not a mapping", "  eligibility:\n    from_days: 0\n    to_days: 365\n    statuses: [current, terminated]\n",
         "  eligibility: everything\n", "mini.yaml:40: sampling: expected a mapping of keys to values"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: Self.problems)
    }

    @Test func everySamplingProblemIsReportedInOneGo() {
        let yaml = Self.valid
            .replacingOccurrences(of: "from_days: 0", with: "from_days: 400")
            .replacingOccurrences(of: "minimum: 38", with: "minimum: 0")
            .replacingOccurrences(of: "fragile_below: 20", with: "fragile_below: -2")
        #expect(Self.problems(yaml) == [
            "mini.yaml:42: sampling: the eligibility window runs backwards: from_days 400 is more than to_days 365",
            "mini.yaml:45: sampling: minimum must be at least 1",
            "mini.yaml:48: sampling: fragile_below must be 0 or more",
        ])
    }
}
