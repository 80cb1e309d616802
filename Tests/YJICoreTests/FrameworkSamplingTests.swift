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
        provenance: published
        source: "Harrow YOT 2011, Appendix 3"
      orders:
        include: [referral-order, yro, dto]
        provenance: inferred
        source: "court orders only"
      size:
        minimum: 38
        maximum: 99
        provenance: published
        source: "Harrow YOT 2011, Appendix 3"
      default_size:
        percent_of_eligible: 25
        provenance: inferred
        source: "yji's default"
      must_include:
        - group: high-risk-of-harm
          provenance: published
          source: "Harrow YOT 2011, Appendix 3"
        - group: particularly-vulnerable
          provenance: inferred
          source: "read from the vulnerability classification"
      fragile_below:
        cases: 20
        provenance: inferred
        source: "Harrow's counts"
    """

    static func problems(_ yaml: String) -> [String] { FrameworkLoaderTests.problems(yaml) }

    static let published = Provenance(.published, source: "Harrow YOT 2011, Appendix 3")

    @Test func theSectionIsReadIntoRules() throws {
        #expect(Self.valid.components(separatedBy: "\n")[38] == "sampling:", "line 39 starts the section")
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(framework.sampling == SamplingRules(
            eligibility: EligibilityWindow(
                fromDays: 0, toDays: 365, statuses: [.current, .terminated], provenance: Self.published,
                orders: EligibleOrders(disposals: [.referralOrder, .youthRehabilitationOrder, .detentionAndTrainingOrder],
                                       provenance: Provenance(.inferred, source: "court orders only"))),
            size: SampleSizeRule(minimum: 38, maximum: 99, provenance: Self.published, percentOfEligible: 25,
                                 defaultProvenance: Provenance(.inferred, source: "yji's default")),
            mustInclude: [
                RequiredGroup(.highRiskOfHarm, provenance: Self.published),
                RequiredGroup(.particularlyVulnerable, provenance: Provenance(.inferred, source: "read from the vulnerability classification")),
            ],
            fragileBelow: 20, fragileBelowProvenance: Provenance(.inferred, source: "Harrow's counts")))
    }

    @Test func everyRuleListsItsProvenance() throws {
        let rules = try #require(try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml").sampling)
        #expect(rules.provenance.map(\.rule) == ["eligibility", "orders", "size", "default size", "must include",
                                                  "must include", "fragile below"])
        #expect(rules.provenance[1].statement == "referral order, youth rehabilitation order and detention and training order")
        #expect(rules.provenance[4].provenance.description == "published (Harrow YOT 2011, Appendix 3)")
        #expect(rules.provenance[5].provenance.kind == .inferred)
    }

    @Test func theSectionIsOptional() throws {
        #expect(try FrameworkLoader.load(yaml: FrameworkLoaderTests.valid, file: "mini.yaml").sampling == nil)
    }

    @Test func theShippedProgrammesSampleAsThePublishedReportsDescribe() throws {
        let courtOrders: [Disposal] = [.referralOrder, .otherFirstTier, .youthRehabilitationOrder, .detentionAndTrainingOrder, .otherCustody]
        let cci = try #require(try FrameworkCatalog.shipped("cci").sampling)
        #expect((cci.eligibility.fromDays, cci.eligibility.toDays, cci.eligibility.statuses) == (0, 365, [.current, .terminated]))
        #expect(cci.eligibility.orders.disposals == courtOrders, "Harrow: first tier, YROs, DTOs and other custody")
        #expect((cci.size.minimum, cci.size.maximum, cci.size.percentOfEligible, cci.fragileBelow) == (38, 99, 25, 20))
        #expect(cci.requiredGroups == [.highRiskOfHarm, .girlsAndYoungWomen, .minorityEthnic])
        let sqs = try #require(try FrameworkCatalog.shipped("sqs").sampling)
        #expect((sqs.eligibility.fromDays, sqs.eligibility.toDays, sqs.eligibility.statuses) == (42, 91, [.current]))
        #expect(sqs.eligibility.orders.disposals == courtOrders)
        #expect((sqs.size.minimum, sqs.size.maximum, sqs.size.percentOfEligible) == (14, 34, 30))
        #expect(sqs.fragileBelow > sqs.size.maximum, "the letters give counts, never percentages, whatever the sample")
        let fji = try #require(try FrameworkCatalog.shipped("fji").sampling)
        // Staffordshire: cases up to twelve months old, some current, others terminated.
        #expect((fji.eligibility.fromDays, fji.eligibility.toDays, fji.eligibility.statuses) == (0, 365, [.current, .terminated]))
        #expect(fji.eligibility.orders.disposals == courtOrders)
        #expect((fji.size.minimum, fji.size.maximum, fji.size.percentOfEligible, fji.fragileBelow) == (40, 60, 25, 20))
        #expect(fji.requiredGroups == [.highRiskOfHarm, .particularlyVulnerable, .girlsAndYoungWomen, .minorityEthnic])
        // Harrow's sample of 38 and Staffordshire's of 57 sit inside their programme's bounds.
        #expect((cci.size.minimum...cci.size.maximum).contains(38))
        #expect((fji.size.minimum...fji.size.maximum).contains(57))
    }

    /// Never present an inference as published: a shipped rule marked published must name a seed report.
    @Test func shippedPublishedRulesCiteAReport() throws {
        let reports = ["Harrow YOT 2011", "Staffordshire YOS 2016", "Leicestershire YOS 2014", "Nottingham City YOT 2016",
                       "St Helens YOS 2015"]
        for id in ["cci", "sqs", "fji"] {
            let rules = try #require(try FrameworkCatalog.shipped(id).sampling)
            #expect(rules.provenance.count == 6 + rules.mustInclude.count - 1)
            for rule in rules.provenance where rule.provenance.kind == .published {
                #expect(reports.contains { rule.provenance.source.hasPrefix($0) }, "\(id) \(rule.rule): \(rule.provenance.source)")
            }
        }
        // What no report states stays inferred.
        let sqs = try FrameworkCatalog.shipped("sqs").sampling
        #expect(sqs?.provenance.allSatisfy { $0.provenance.kind == .inferred } == true, "the letters describe no sampling rule")
        #expect(try FrameworkCatalog.shipped("cci").sampling?.size.defaultProvenance.kind == .inferred)
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
        ("unknown order", "include: [referral-order, yro, dto]", "include: [referral-order, caution]",
         "mini.yaml:47: sampling: unknown order 'caution' (out-of-court|referral-order|first-tier|yro|dto|other-custody)"),
        ("repeated order", "include: [referral-order, yro, dto]", "include: [yro, yro]",
         "mini.yaml:47: sampling: order 'yro' is listed twice"),
        ("no orders", "include: [referral-order, yro, dto]", "include: []",
         "mini.yaml:47: sampling: 'include' must name at least one kind of order"),
        ("missing orders", "  orders:\n    include: [referral-order, yro, dto]\n    provenance: inferred\n    source: \"court orders only\"\n", "",
         "mini.yaml:40: sampling: missing 'orders'"),
        ("minimum zero", "minimum: 38", "minimum: 0", "mini.yaml:51: sampling: minimum must be at least 1"),
        ("minimum above maximum", "maximum: 99", "maximum: 30", "mini.yaml:52: sampling: maximum 30 is below minimum 38"),
        ("percent zero", "percent_of_eligible: 25", "percent_of_eligible: 0",
         "mini.yaml:56: sampling: percent_of_eligible must be from 1 to 100"),
        ("percent above 100", "percent_of_eligible: 25", "percent_of_eligible: 101",
         "mini.yaml:56: sampling: percent_of_eligible must be from 1 to 100"),
        ("negative fragile", "cases: 20", "cases: -1", "mini.yaml:67: sampling: fragile_below must be 0 or more"),
        ("not a number", "maximum: 99", "maximum: many", "mini.yaml:52: sampling: 'maximum' must be a whole number"),
        ("missing maximum", "    maximum: 99\n", "", "mini.yaml:51: sampling: missing 'maximum'"),
        ("unknown key in size", "    maximum: 99\n", "    maximum: 99\n    average: 50\n",
         "mini.yaml:53: sampling: unknown key 'average' (expected one of: maximum, minimum, provenance, source)"),
        ("unknown key in section", "  fragile_below:\n", "  stratify: yes\n  fragile_below:\n",
         "mini.yaml:66: sampling: unknown key 'stratify' (expected one of: default_size, eligibility, fragile_below, must_include, orders, size)"),
        ("unknown group", "group: particularly-vulnerable", "group: care-leavers",
         "mini.yaml:63: sampling: unknown group 'care-leavers' (high-risk-of-harm, young-women, minority-ethnic, particularly-vulnerable, looked-after)"),
        ("repeated group", "group: particularly-vulnerable", "group: high-risk-of-harm",
         "mini.yaml:63: sampling: group 'high-risk-of-harm' is listed twice"),
        ("missing groups", "  must_include:\n", "  unused_groups:\n",
         "mini.yaml:40: sampling: missing 'must_include' (give [] for a programme that names no group)"),
        ("section not a mapping", "sampling:\n  eligibility:", "sampling: all\nunused:\n  eligibility:",
         "mini.yaml:39: sampling: expected a mapping of keys to values"),
        ("eligibility not a mapping", "  eligibility:\n    from_days: 0\n    to_days: 365\n    statuses: [current, terminated]\n    provenance: published\n    source: \"Harrow YOT 2011, Appendix 3\"\n",
         "  eligibility: everything\n", "mini.yaml:40: sampling: expected a mapping of keys to values"),
        // Every rule says where it comes from: a rule without provenance is refused at its own line.
        ("eligibility without provenance", "    statuses: [current, terminated]\n    provenance: published\n    source: \"Harrow YOT 2011, Appendix 3\"\n",
         "    statuses: [current, terminated]\n",
         "mini.yaml:41: sampling eligibility: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("orders without provenance", "    provenance: inferred\n    source: \"court orders only\"\n", "",
         "mini.yaml:47: sampling orders: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("size without source", "    maximum: 99\n    provenance: published\n    source: \"Harrow YOT 2011, Appendix 3\"\n",
         "    maximum: 99\n    provenance: published\n", "mini.yaml:51: sampling size: missing 'source'"),
        ("default size without provenance", "    percent_of_eligible: 25\n    provenance: inferred\n    source: \"yji's default\"\n",
         "    percent_of_eligible: 25\n",
         "mini.yaml:56: sampling default_size: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("group without provenance", "      provenance: inferred\n      source: \"read from the vulnerability classification\"\n", "",
         "mini.yaml:63: sampling must_include particularly-vulnerable: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("fragile without provenance", "    cases: 20\n    provenance: inferred\n    source: \"Harrow's counts\"", "    cases: 20",
         "mini.yaml:67: sampling fragile_below: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("unknown provenance", "    provenance: inferred\n    source: \"yji's default\"", "    provenance: guessed\n    source: \"yji's default\"",
         "mini.yaml:57: sampling default_size: provenance must be one of published, inferred, judged"),
        ("fragile as a bare number", "  fragile_below:\n    cases: 20\n    provenance: inferred\n    source: \"Harrow's counts\"", "  fragile_below: 20",
         "mini.yaml:66: sampling: expected a mapping of keys to values"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: Self.problems)
    }

    @Test func everySamplingProblemIsReportedInOneGo() {
        let yaml = Self.valid
            .replacingOccurrences(of: "from_days: 0", with: "from_days: 400")
            .replacingOccurrences(of: "minimum: 38", with: "minimum: 0")
            .replacingOccurrences(of: "cases: 20", with: "cases: -2")
        #expect(Self.problems(yaml) == [
            "mini.yaml:42: sampling: the eligibility window runs backwards: from_days 400 is more than to_days 365",
            "mini.yaml:51: sampling: minimum must be at least 1",
            "mini.yaml:67: sampling: fragile_below must be 0 or more",
        ])
    }
}
