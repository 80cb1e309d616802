import Foundation
import Testing
@testable import YJICore

@Suite("Inspection lifecycle milestones")
struct LifecycleTests {
    /// The loader tests' miniature framework with the CCI rhythm as its lifecycle, one milestone a line so each
    /// broken variant's problem has a line of its own.
    static let valid = FrameworkLoaderTests.valid + """

    lifecycle:
      due_soon_days: 7
      milestones:
        - {id: provisional-findings, after: fieldwork-end, days: 14, status: provisional-findings, provenance: published, source: Appendix 3}
        - {id: draft-report, after: fieldwork-end, from_days: 28, to_days: 42, status: draft-report, provenance: published, source: Appendix 3}
        - {id: publication, after: draft-report, days: 42, status: published, provenance: published, source: Appendix 3}
        - {id: improvement-plan, after: publication, days: 28, provenance: inferred, source: Four weeks borrowed}
    """

    /// Where the fixture's days come from, as the fixture states it.
    static let appendix3 = Provenance(.published, source: "Appendix 3")

    /// The CCI rhythm as code, so the computation tests do not depend on the shipped file.
    static let cci = LifecycleRules(dueSoonDays: 7, milestones: [
        MilestoneRule(id: "provisional-findings", after: .fieldworkEnd, days: 14, reachedBy: .provisionalFindings, provenance: appendix3),
        MilestoneRule(id: "draft-report", after: .fieldworkEnd, fromDays: 28, toDays: 42, reachedBy: .draftReport, provenance: appendix3),
        MilestoneRule(id: "publication", after: .milestone("draft-report"), days: 42, reachedBy: .published, provenance: appendix3),
        MilestoneRule(id: "improvement-plan", after: .milestone("publication"), days: 28,
                      provenance: Provenance(.inferred, source: "Four weeks borrowed")),
    ])

    static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate.parse(text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func schedule(
        _ rules: LifecycleRules = cci, start: String = "2027-12-13", end: String = "2027-12-17",
        actual: [String: String] = [:], today: String
    ) -> [String: MilestoneStatus] {
        let statuses = Milestones.schedule(
            rules: rules, fieldworkStart: day(start), fieldworkEnd: day(end),
            actual: actual.mapValues { day($0) }, today: day(today)
        )
        return Dictionary(uniqueKeysWithValues: statuses.map { ($0.id, $0) })
    }

    static func problems(_ yaml: String) -> [String] { FrameworkLoaderTests.problems(yaml) }

    // MARK: Dates

    @Test func datesCrossTheYearEndAndTheLeapDay() {
        let plan = Self.schedule(today: "2027-12-01")
        #expect(plan["provisional-findings"]?.due == Self.day("2027-12-31"))
        #expect(plan["provisional-findings"]?.opens == Self.day("2027-12-31"))
        #expect(plan["draft-report"]?.opens == Self.day("2028-01-14"))
        #expect(plan["draft-report"]?.due == Self.day("2028-01-28"))
        #expect(plan["draft-report"]?.isWindow == true)
        // The draft's window carries into publication; the end of February 2028 has a 29th.
        #expect(plan["publication"]?.opens == Self.day("2028-02-25"))
        #expect(plan["publication"]?.due == Self.day("2028-03-10"))
        #expect(plan["improvement-plan"]?.opens == Self.day("2028-03-24"))
        #expect(plan["improvement-plan"]?.due == Self.day("2028-04-07"))
        #expect(plan["provisional-findings"]?.isWindow == false)
    }

    @Test func milestonesKeepTheRulesOrder() {
        let statuses = Milestones.schedule(
            rules: Self.cci, fieldworkStart: Self.day("2027-12-13"), fieldworkEnd: Self.day("2027-12-17"),
            today: Self.day("2027-12-01"))
        #expect(statuses.map(\.id) == ["provisional-findings", "draft-report", "publication", "improvement-plan"])
        #expect(statuses.map(\.name) == ["Provisional findings", "Draft report", "Publication", "Improvement plan"])
    }

    @Test(arguments: [
        ("2028-02-15", "2028-02-29"),  // leap year: the fortnight ends on the leap day
        ("2027-02-15", "2027-03-01"),  // the year before: no 29th, so it runs into March
        ("2100-02-15", "2100-03-01"),  // a century year that is not a leap year
        ("2028-01-31", "2028-02-14"),  // a 31-day month end
        ("2028-04-30", "2028-05-14"),  // a 30-day month end
    ])
    func provisionalFindingsFallAFortnightLater(end: String, due: String) {
        let plan = Self.schedule(start: end, end: end, today: end)
        #expect(plan["provisional-findings"]?.due == Self.day(due))
    }

    @Test func publicationCrossesIntoTheNextYear() {
        let plan = Self.schedule(start: "2027-10-25", end: "2027-10-29", today: "2027-10-29")
        #expect(plan["draft-report"]?.due == Self.day("2027-12-10"))
        #expect(plan["publication"]?.opens == Self.day("2028-01-07"))
        #expect(plan["publication"]?.due == Self.day("2028-01-21"))
    }

    @Test func aMilestoneCanCountFromTheFirstDayOfFieldwork() {
        let rules = LifecycleRules(milestones: [MilestoneRule(id: "notice", after: .fieldworkStart, days: 3, provenance: Self.appendix3)])
        let plan = Self.schedule(rules, start: "2027-12-30", end: "2028-01-07", today: "2027-12-30")
        #expect(plan["notice"]?.due == Self.day("2028-01-02"))
    }

    // MARK: States

    @Test(arguments: [
        ("2027-12-23", MilestoneState.notYetDue(days: 8)),
        ("2027-12-24", MilestoneState.dueSoon(days: 7)),
        ("2027-12-31", MilestoneState.dueSoon(days: 0)),
        ("2028-01-01", MilestoneState.overdue(days: 1)),
        ("2028-01-31", MilestoneState.overdue(days: 31)),
    ])
    func provisionalFindingsStateDependsOnToday(today: String, expected: MilestoneState) {
        #expect(Self.schedule(today: today)["provisional-findings"]?.state == expected)
    }

    @Test func anOpenWindowIsDueSoonHoweverFarItsEnd() {
        // The draft's window opens 2028-01-14 and closes 2028-01-28.
        #expect(Self.schedule(today: "2028-01-13")["draft-report"]?.state == .notYetDue(days: 15))
        #expect(Self.schedule(today: "2028-01-14")["draft-report"]?.state == .dueSoon(days: 14))
        #expect(Self.schedule(today: "2028-01-29")["draft-report"]?.state == .overdue(days: 1))
    }

    @Test func doneMilestonesAreOnTimeOrLateWhateverToday() {
        let plan = Self.schedule(
            actual: ["provisional-findings": "2028-01-03", "draft-report": "2028-01-10"], today: "2028-06-01")
        #expect(plan["provisional-findings"]?.state == .doneLate(days: 3))
        #expect(plan["provisional-findings"]?.actual == Self.day("2028-01-03"))
        // Before its window opened still counts as on time: the window says when it is due, not when it may happen.
        #expect(plan["draft-report"]?.state == .doneOnTime)
        let onTheDay = Self.schedule(actual: ["provisional-findings": "2027-12-31"], today: "2028-06-01")
        #expect(onTheDay["provisional-findings"]?.state == .doneOnTime)
    }

    @Test func aDueSoonNoticeOfZeroFlagsOnlyTheDueDay() {
        let rules = LifecycleRules(dueSoonDays: 0, milestones: Self.cci.milestones)
        #expect(Self.schedule(rules, today: "2027-12-30")["provisional-findings"]?.state == .notYetDue(days: 1))
        #expect(Self.schedule(rules, today: "2027-12-31")["provisional-findings"]?.state == .dueSoon(days: 0))
    }

    @Test func stateSummariesReadNaturally() {
        #expect(MilestoneState.dueSoon(days: 0).summary == "due today")
        #expect(MilestoneState.dueSoon(days: 1).summary == "due in 1 day")
        #expect(MilestoneState.overdue(days: 2).summary == "overdue by 2 days")
        #expect(MilestoneState.doneLate(days: 1).summary == "done 1 day late")
        #expect(MilestoneState.notYetDue(days: 9).summary == "not yet due (due in 9 days)")
        #expect(MilestoneState.overdue(days: 2).isOverdue && !MilestoneState.dueSoon(days: 0).isOverdue)
        #expect(MilestoneState.doneOnTime.isDone && !MilestoneState.overdue(days: 1).isDone)
        #expect(MilestoneState.doneLate(days: 1).key == "done-late")
    }

    // MARK: Actual dates move later milestones

    @Test func anActualDraftDateFixesPublicationAndThePlan() {
        let projected = Self.schedule(today: "2028-01-20")
        #expect(projected["publication"]?.projected == true)
        #expect(projected["improvement-plan"]?.projected == true)
        #expect(projected["provisional-findings"]?.projected == false)
        #expect(projected["draft-report"]?.projected == false)

        let plan = Self.schedule(actual: ["draft-report": "2028-01-20"], today: "2028-01-20")
        #expect(plan["publication"]?.opens == Self.day("2028-03-02"))
        #expect(plan["publication"]?.due == Self.day("2028-03-02"))
        #expect(plan["publication"]?.projected == false)
        #expect(plan["improvement-plan"]?.due == Self.day("2028-03-30"))
        // Still a projection: it rests on publication, which has not happened yet.
        #expect(plan["improvement-plan"]?.projected == true)
    }

    @Test func aLateDraftMakesEverythingAfterItLaterAndLatePublicationMovesThePlan() {
        // The draft went 10 days past its window; publication is due 42 days after the actual draft, not the rule.
        let plan = Self.schedule(actual: ["draft-report": "2028-02-07", "publication": "2028-03-25"], today: "2028-04-01")
        #expect(plan["draft-report"]?.state == .doneLate(days: 10))
        #expect(plan["publication"]?.due == Self.day("2028-03-20"))
        #expect(plan["publication"]?.state == .doneLate(days: 5))
        #expect(plan["improvement-plan"]?.due == Self.day("2028-04-22"))
        #expect(plan["improvement-plan"]?.state == .notYetDue(days: 21))
    }

    @Test func overdueMilestonesAcrossAnInspection() {
        // Nothing recorded by 1 February 2028: the provisional findings are a month late, the draft is overdue.
        let statuses = Milestones.schedule(
            rules: Self.cci, fieldworkStart: Self.day("2027-12-13"), fieldworkEnd: Self.day("2027-12-17"),
            today: Self.day("2028-02-01"))
        #expect(statuses.filter(\.state.isOverdue).map(\.id) == ["provisional-findings", "draft-report"])
        #expect(statuses.first { $0.id == "draft-report" }?.state == .overdue(days: 4))
        #expect(statuses.first { $0.id == "publication" }?.state == .notYetDue(days: 38))
    }

    @Test func milestonesWithoutADateAreLeftOut() {
        // Rules built in code skip validation; a cycle or an unknown anchor must not loop or crash.
        let rules = LifecycleRules(milestones: [
            MilestoneRule(id: "a", after: .milestone("b"), days: 1, provenance: Self.appendix3),
            MilestoneRule(id: "b", after: .milestone("a"), days: 1, provenance: Self.appendix3),
            MilestoneRule(id: "c", after: .milestone("c"), days: 1, provenance: Self.appendix3),
            MilestoneRule(id: "d", after: .milestone("nowhere"), days: 1, provenance: Self.appendix3),
            MilestoneRule(id: "e", after: .milestone("a"), days: 1, provenance: Self.appendix3),
            MilestoneRule(id: "f", after: .fieldworkEnd, days: 1, provenance: Self.appendix3),
        ])
        #expect(Self.schedule(rules, today: "2028-01-01").keys.sorted() == ["f"])
        #expect(Milestones.schedule(rules: LifecycleRules(), fieldworkStart: Self.day("2028-01-01"),
                                    fieldworkEnd: Self.day("2028-01-02"), today: Self.day("2028-01-03")).isEmpty)
    }

    // MARK: Loading

    @Test func theLifecycleSectionLoads() throws {
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(framework.lifecycle == Self.cci)
        #expect(framework.lifecycle.milestone("draft-report")?.isWindow == true)
        #expect(framework.lifecycle.milestone("draft-report")?.displayName == "Draft report")
    }

    @Test func aFrameworkWithoutALifecycleHasNoMilestones() throws {
        let framework = try FrameworkLoader.load(yaml: FrameworkLoaderTests.valid, file: "mini.yaml")
        #expect(framework.lifecycle.isEmpty)
        #expect(framework.lifecycle.dueSoonDays == LifecycleRules.defaultDueSoonDays)
    }

    @Test func theLifecycleSurvivesJSON() throws {
        let framework = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml")
        let json = try JSONEncoder().encode(framework)
        #expect(try JSONDecoder().decode(Framework.self, from: json) == framework)
        // Anchors are written as in the YAML, so the JSON form reads the same way.
        #expect(String(decoding: json, as: UTF8.self).contains(#""after":"fieldwork-end""#))
    }

    @Test func theCoreCaseInspectionFollowsHarrowsPublicationArrangements() throws {
        let rules = try FrameworkCatalog.shipped("cci").lifecycle
        #expect(rules == LifecycleRules(dueSoonDays: 7, milestones: zip(Self.cci.milestones, rules.milestones).map { rule, shipped in
            MilestoneRule(id: rule.id, name: rule.displayName, after: rule.after, fromDays: rule.fromDays, toDays: rule.toDays,
                          reachedBy: rule.reachedBy, provenance: shipped.provenance)
        }))
        #expect(rules.milestones.count == Self.cci.milestones.count)
        // Harrow states every one of these: Appendix 3 for the first three, Next steps for the plan.
        #expect(rules.milestones.allSatisfy { $0.provenance.kind == .published && $0.provenance.source.hasPrefix("Harrow YOT 2011, ") })
    }

    @Test func theShortQualityScreeningPublishesThreeToFiveWeeksAfterFieldwork() throws {
        let rules = try FrameworkCatalog.shipped("sqs").lifecycle
        #expect(rules.milestones.map(\.id) == ["provisional-findings", "publication", "improvement-plan"])
        // The three letters: fieldwork ends and publication dates as printed.
        for (end, published) in [("2014-02-26", "2014-03-19"), ("2015-06-17", "2015-07-08"), ("2016-06-08", "2016-07-13")] {
            let plan = Self.schedule(rules, start: end, end: end, actual: ["publication": published], today: published)
            #expect(plan["publication"]?.state == .doneOnTime, "published \(published)")
        }
        let plan = Self.schedule(rules, today: "2027-12-17")
        #expect(plan["publication"]?.opens == Self.day("2028-01-07"))
        #expect(plan["publication"]?.due == Self.day("2028-01-21"))
        #expect(plan["improvement-plan"]?.due == Self.day("2028-02-18"))
    }

    @Test func theFullJointInspectionDraftsAfterThreeWeeks() throws {
        let rules = try FrameworkCatalog.shipped("fji").lifecycle
        // Staffordshire: the second fieldwork week ran 14-18 March 2016.
        let plan = Self.schedule(rules, start: "2016-02-29", end: "2016-03-18", today: "2016-03-18")
        #expect(plan["provisional-findings"]?.due == Self.day("2016-03-18"))
        #expect(plan["provisional-findings"]?.state == .dueSoon(days: 0))
        #expect(plan["draft-report"]?.due == Self.day("2016-04-08"))
        #expect(plan["publication"]?.due == Self.day("2016-05-20"))
        #expect(plan["improvement-plan"]?.due == Self.day("2016-06-17"))
        #expect(plan["improvement-outcomes"]?.due == Self.day("2017-05-20"))
    }

    @Test(arguments: FrameworkCatalog.shippedIDs)
    func everyShippedFrameworkSchedulesPublicationAndAPlan(id: String) throws {
        let rules = try FrameworkCatalog.shipped(id).lifecycle
        let plan = Self.schedule(rules, today: "2027-12-17")
        #expect(plan.count == rules.milestones.count)
        let publication = try #require(plan["publication"]), improvement = try #require(plan["improvement-plan"])
        #expect(publication.due < improvement.due)
        #expect(plan.values.allSatisfy { $0.due >= Self.day("2027-12-17") && $0.opens <= $0.due })
    }

    // MARK: Broken variants

    /// Each: the text to replace, its replacement, and the exact problem expected.
    static let broken: [(String, String, String, String)] = [
        ("unknown anchor", "after: draft-report", "after: draft",
         "mini.yaml:44: publication: counts from unknown 'draft' (known: fieldwork-start, fieldwork-end, provisional-findings, draft-report, improvement-plan)"),
        ("a cycle", "id: draft-report, after: fieldwork-end", "id: draft-report, after: improvement-plan",
         "mini.yaml:43: draft-report: milestones count from each other in a cycle: draft-report -> improvement-plan -> publication -> draft-report"),
        ("counting from itself", "after: draft-report", "after: publication",
         "mini.yaml:44: publication: milestones count from each other in a cycle: publication -> publication"),
        ("negative days", "fieldwork-end, days: 14,", "fieldwork-end, days: -14,",
         "mini.yaml:42: provisional-findings: days must be 0 or more"),
        ("negative window start", "from_days: 28", "from_days: -28",
         "mini.yaml:43: draft-report: from_days must be 0 or more"),
        ("window runs backwards", "from_days: 28, to_days: 42", "from_days: 42, to_days: 28",
         "mini.yaml:43: draft-report: the window runs backwards: from_days 42 is more than to_days 28"),
        ("duplicate id", "id: improvement-plan", "id: provisional-findings",
         "mini.yaml:45: provisional-findings: duplicate milestone id (first defined on line 42)"),
        ("days and a window", "to_days: 42,", "to_days: 42, days: 30,",
         "mini.yaml:43: draft-report: give either days or from_days and to_days, not both"),
        ("half a window", ", to_days: 42,", ",",
         "mini.yaml:43: draft-report: missing 'to_days'"),
        ("no days at all", ", after: draft-report, days: 42,", ", after: draft-report,",
         "mini.yaml:44: publication: missing 'days' (or a window: 'from_days' and 'to_days')"),
        ("days not a number", "fieldwork-end, days: 14,", "fieldwork-end, days: a fortnight,",
         "mini.yaml:42: provisional-findings: 'days' must be a whole number"),
        ("missing anchor", "id: publication, after: draft-report,", "id: publication,",
         "mini.yaml:44: publication: missing 'after'"),
        ("unknown key", "id: publication,", "id: publication, owner: lead,",
         "mini.yaml:44: publication: unknown key 'owner' (expected one of: after, days, from_days, id, name, provenance, source, status, to_days)"),
        ("a fieldwork name as id", "id: provisional-findings, after: fieldwork-end", "id: fieldwork-end, after: fieldwork-start",
         "mini.yaml:42: fieldwork-end: a milestone cannot be called fieldwork-end: that name is the fieldwork date"),
        ("negative due-soon notice", "due_soon_days: 7", "due_soon_days: -1",
         "mini.yaml:40: lifecycle: due_soon_days must be 0 or more"),
        ("unknown status", "days: 42, status: published,", "days: 42, status: printed,",
         "mini.yaml:44: publication: unknown status 'printed' (known: planning, fieldwork, moderation, provisional-findings, draft-report, factual-accuracy, published)"),
        ("one status marking two milestones", "id: improvement-plan, after: publication, days: 28,", "id: improvement-plan, after: publication, days: 28, status: published,",
         "mini.yaml:45: improvement-plan: status published already marks milestone publication as done"),
        ("a milestone without provenance", ", status: published, provenance: published, source: Appendix 3}", ", status: published}",
         "mini.yaml:44: publication: missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"),
        ("a milestone without a source", "provenance: inferred, source: Four weeks borrowed}", "provenance: inferred}",
         "mini.yaml:45: improvement-plan: missing 'source'"),
        ("unknown lifecycle key", "  due_soon_days: 7\n", "  due_soon_days: 7\n  reminders: weekly\n",
         "mini.yaml:41: lifecycle: unknown key 'reminders' (expected one of: due_soon_days, milestones)"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: Self.problems)
    }

    @Test func aStatusMarksItsMilestone() throws {
        let rules = try FrameworkLoader.load(yaml: Self.valid, file: "mini.yaml").lifecycle
        #expect(rules.milestone(reachedBy: .published)?.id == "publication")
        #expect(rules.milestone(reachedBy: .moderation) == nil)
        #expect(rules.milestone("improvement-plan")?.reachedBy == nil)
    }

    // MARK: Moving between statuses

    @Test func statusesMoveForwardFreelyAndBackOneStage() {
        #expect(StatusMoves.refusal(from: .planning, to: .published) == nil)
        #expect(StatusMoves.refusal(from: .factualAccuracy, to: .draftReport) == nil)
        #expect(StatusMoves.refusal(from: .factualAccuracy, to: .moderation)
                == "an inspection moves back one stage at a time: from factual accuracy only to draft report")
        #expect(StatusMoves.refusal(from: .published, to: .factualAccuracy) == "a published inspection stays published")
        #expect(StatusMoves.refusal(from: .fieldwork, to: .fieldwork) == "the inspection is already at fieldwork")
        #expect(StatusMoves.allowed(from: .moderation) == [.fieldwork, .provisionalFindings, .draftReport, .factualAccuracy, .published])
        #expect(StatusMoves.allowed(from: .published).isEmpty)
        #expect(InspectionStatus.planning.previous == nil && InspectionStatus.published.next == nil)
        #expect(InspectionStatus.allCases.sorted() == InspectionStatus.allCases)
    }

    @Test func aLifecycleNeedsMilestones() {
        let empty = FrameworkLoaderTests.valid + "\nlifecycle:\n  milestones: []\n"
        #expect(Self.problems(empty) == ["mini.yaml:40: lifecycle: a lifecycle needs at least one milestone"])
        let missing = FrameworkLoaderTests.valid + "\nlifecycle:\n  due_soon_days: 3\n"
        #expect(Self.problems(missing) == ["mini.yaml:40: lifecycle: missing 'milestones'"])
    }
}
