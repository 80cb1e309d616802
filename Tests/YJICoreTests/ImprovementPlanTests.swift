import Foundation
import Testing
@testable import YJICore

@Suite("Improvement plan rules")
struct ImprovementPlanTests {
    static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate.parse(text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func action(_ status: ActionStatus = .notStarted, due: String = "2027-03-31", recommendation: Int = 1,
                       reason: String? = nil) throws -> ActionDetails {
        try ActionDetails(recommendation: recommendation, description: "Synthetic action", owner: "Synthetic Team",
                          due: day(due), status: status, reason: reason)
    }

    /// The fields a refused submission's problems point at, in order.
    static func fields(_ body: () throws -> Void) -> [PlanField] {
        do {
            try body()
            return []
        } catch let error as PlanProblems {
            return error.problems.map(\.field)
        } catch {
            return [.description, .description, .description]
        }
    }

    // MARK: Overdue

    @Test(arguments: [
        // due, day, overdue, days overdue
        ("2026-12-31", "2026-12-31", false, 0),  // the due date is the last day on time
        ("2026-12-31", "2027-01-01", true, 1),   // across the year end
        ("2027-01-31", "2027-02-01", true, 1),   // across a month end
        ("2027-02-28", "2027-03-01", true, 1),   // February without a 29th
        ("2028-02-28", "2028-03-01", true, 2),   // a leap year's 29 February counts
        ("2026-11-30", "2027-01-01", true, 32),  // over a month and a year end together
        ("2027-03-31", "2027-03-01", false, 0),  // not yet due
    ])
    func anOpenActionIsOverdueTheDayAfterItIsDue(due: String, on: String, overdue: Bool, days: Int) {
        for status in [ActionStatus.notStarted, .inProgress] {
            #expect(ImprovementPlanRules.isOverdue(status: status, due: Self.day(due), on: Self.day(on)) == overdue, "\(status) due \(due) on \(on)")
            #expect(ImprovementPlanRules.daysOverdue(status: status, due: Self.day(due), on: Self.day(on)) == days)
        }
    }

    @Test func aClosedActionIsNeverOverdue() {
        for status in [ActionStatus.done, .dropped] {
            #expect(!ImprovementPlanRules.isOverdue(status: status, due: Self.day("2020-01-01"), on: Self.day("2027-01-01")))
            #expect(ImprovementPlanRules.daysOverdue(status: status, due: Self.day("2020-01-01"), on: Self.day("2027-01-01")) == 0)
        }
    }

    // MARK: Statuses

    @Test func statusesReadTheirStoredFormAndTheirWords() {
        #expect(ActionStatus(text: "in-progress") == .inProgress)
        #expect(ActionStatus(text: " In Progress ") == .inProgress)
        #expect(ActionStatus(text: "not started") == .notStarted)
        #expect(ActionStatus(text: "DONE") == .done)
        #expect(ActionStatus(text: "finished") == nil)
        #expect(ActionStatus.allCases.filter(\.isClosed) == [.done, .dropped])
        #expect(ActionStatus.allCases.filter(\.needsReason) == [.dropped])
        #expect(ActionStatus.inProgress.displayName == "In progress")
    }

    @Test func aDroppedActionNeedsAReasonAndOnlyItKeepsOne() throws {
        #expect(Self.fields { _ = try Self.action(.dropped) } == [.reason])
        #expect(Self.fields { _ = try Self.action(.dropped, reason: "   ") } == [.reason])
        let dropped = try Self.action(.dropped, reason: "  The synthetic panel it relied on was closed. ")
        #expect(dropped.reason == "The synthetic panel it relied on was closed.")
        // A reason left over from a dropped action is not kept once it is taken up again.
        #expect(try Self.action(.inProgress, reason: "an old reason").reason == nil)
    }

    // MARK: Summary

    @Test func theSummaryCountsStatusesAndOverdueActionsOnTheDayAsked() throws {
        let actions = [
            try Self.action(.done, due: "2026-09-30"),
            try Self.action(.inProgress, due: "2027-02-01"),
            try Self.action(.notStarted, due: "2026-11-11"),
            try Self.action(.dropped, due: "2026-10-01", reason: "Superseded by a synthetic regional scheme."),
        ]
        let summary = PlanSummary(actions, on: Self.day("2026-12-02"))
        #expect(summary.total == 4)
        #expect(summary.count(.done) == 1 && summary.count(.inProgress) == 1 && summary.count(.notStarted) == 1 && summary.count(.dropped) == 1)
        #expect(summary.open == 2)
        #expect(summary.overdue == 1)
        #expect(summary.headline == "4 actions, 1 overdue")
        #expect(summary.breakdown == "1 done, 1 in progress, 1 not started, 1 dropped")
        // Two months later the in-progress action has passed its date too.
        #expect(PlanSummary(actions, on: Self.day("2027-02-02")).overdue == 2)
        #expect(PlanSummary([], on: Self.day("2026-12-02")).headline == "No actions yet")
        #expect(PlanSummary([actions[0]], on: Self.day("2026-12-02")).headline == "1 action")
    }

    // MARK: The plan's own due date

    @Test func thePlanIsDueWhenTheFrameworkSaysAfterPublication() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let rule = try #require(cci.lifecycle.milestone(ImprovementPlanRules.milestoneID))
        let published = Self.day("2026-12-10")
        let due = try #require(ImprovementPlanRules.planDue(rules: cci.lifecycle, publishedOn: published,
                                                             fieldworkStart: Self.day("2026-09-14"), fieldworkEnd: Self.day("2026-09-18")))
        // Counted from the publication day, across the year end, by the framework's own number of days.
        #expect(due == published.adding(days: rule.toDays))
        #expect(due.year == 2027)
        // Every shipped programme sets the plan's date; a lifecycle without the milestone gives none.
        for id in FrameworkCatalog.shippedIDs {
            let rules = try FrameworkCatalog.shipped(id).lifecycle
            #expect(ImprovementPlanRules.planDue(rules: rules, publishedOn: published) != nil, "\(id)")
        }
        #expect(ImprovementPlanRules.planDue(rules: LifecycleRules(), publishedOn: published) == nil)
    }

    @Test func aPlanCountedFromAnotherMilestoneFollowsThatMilestone() {
        let rules = LifecycleRules(milestones: [
            MilestoneRule(id: "published-report", after: .fieldworkEnd, days: 40, reachedBy: .published,
                          provenance: Provenance(.judged, source: "A test programme's own rhythm")),
            MilestoneRule(id: ImprovementPlanRules.milestoneID, after: .milestone("published-report"), days: 10,
                          provenance: Provenance(.judged, source: "A test programme's own rhythm")),
        ])
        #expect(ImprovementPlanRules.planDue(rules: rules, publishedOn: Self.day("2027-02-20")) == Self.day("2027-03-02"))
    }

    // MARK: Validation

    @Test func anActionAsTypedIsCheckedFieldByField() throws {
        let good = ActionInput(recommendation: "2", description: "  Run a synthetic audit of plans. ", owner: " Synthetic Team Manager ",
                               due: "31/03/2027", status: "in progress")
        let parsed = try ActionDetails.parse(good, recommendations: [1, 2])
        #expect(parsed.recommendation == 2)
        #expect(parsed.description == "Run a synthetic audit of plans.")
        #expect(parsed.owner == "Synthetic Team Manager")
        #expect(parsed.due == Self.day("2027-03-31"))
        #expect(parsed.status == .inProgress)
        // An empty status means the action has not started.
        #expect(try ActionDetails.parse(ActionInput(recommendation: "1", description: "x", owner: "y", due: "2027-01-01", status: ""),
                                        recommendations: [1]).status == .notStarted)

        let empty = ActionInput(recommendation: "", description: " ", owner: "", due: "", status: "")
        #expect(Self.fields { _ = try ActionDetails.parse(empty, recommendations: [1]) } == [.recommendation, .description, .owner, .due])
        let wrong = ActionInput(recommendation: "7", description: "x", owner: "y", due: "2027-02-30", status: "finished")
        do throws(PlanProblems) {
            _ = try ActionDetails.parse(wrong, recommendations: [1, 2])
            Issue.record("an action with a missing recommendation, a day that does not exist and an unknown status was accepted")
        } catch {
            let messages = error.problems.map(\.description)
            #expect(messages == [
                "recommendation: there is no recommendation 7 (the report's are numbered 1, 2)",
                "due date: there is no such day as '2027-02-30'",
                "status: choose one of not started, in progress, done, dropped",
            ])
        }
        #expect(Self.fields {
            _ = try ActionDetails.parse(ActionInput(recommendation: "1", description: "x", owner: "y", due: "next week"), recommendations: [1])
        } == [.due])
        #expect(Self.fields {
            _ = try ActionDetails.parse(ActionInput(recommendation: "1", description: "x", owner: "y", due: "2027-01-01", status: "dropped"),
                                        recommendations: [1])
        } == [.reason])
        let long = String(repeating: "a", count: ActionDetails.maxShortText + 1)
        #expect(Self.fields {
            _ = try ActionDetails.parse(ActionInput(recommendation: "1", description: "x", owner: long, due: "2027-01-01"), recommendations: [1])
        } == [.owner])
    }

    @Test func everyProblemNamesItsField() throws {
        let empty = ActionInput(recommendation: "1", description: "", owner: "", due: "")
        do throws(PlanProblems) {
            _ = try ActionDetails.parse(empty, recommendations: [1])
            Issue.record("an empty action was accepted")
        } catch {
            #expect(error.description.contains("action: say what will be done"))
            #expect(error.description.contains("owner: name the person or team"))
            #expect(error.description.contains("due date: enter the date as YYYY-MM-DD"))
        }
    }

    @Test func aProgressUpdateCannotBeDatedAfterToday() throws {
        let today = Self.day("2026-12-31")
        let update = try ProgressDetails.parse(ProgressInput(date: "2026-12-31", note: " Synthetic audit done. ", evidence: " "), today: today)
        #expect(update.note == "Synthetic audit done." && update.evidence == nil)
        do throws(PlanProblems) {
            _ = try ProgressDetails.parse(ProgressInput(date: "2027-01-01", note: "Too early", evidence: ""), today: today)
            Issue.record("an update dated tomorrow, across the year end, was accepted")
        } catch {
            #expect(error.problems.map(\.field) == [.date])
            #expect(error.description.hasPrefix("date: 2027-01-01 is in the future"))
        }
        #expect(Self.fields { _ = try ProgressDetails.parse(ProgressInput(date: "", note: ""), today: today) } == [.date, .note])
    }

    @Test func evidenceIsTextOrAWebLinkNeverAScript() throws {
        let today = Self.day("2026-12-02")
        func evidence(_ text: String) throws -> ProgressDetails {
            try ProgressDetails(date: today, note: "Synthetic note", evidence: text, today: today)
        }
        let link = try evidence("https://example.invalid/synthetic/plan.pdf")
        #expect(link.link?.absoluteString == "https://example.invalid/synthetic/plan.pdf")
        let named = try evidence("Synthetic board minutes, November")
        #expect(named.evidence == "Synthetic board minutes, November" && named.link == nil)
        // Not http or https: kept as words, and never offered as something to follow.
        #expect(try evidence("javascript:alert(1)").link == nil)
        #expect(try evidence("data:text/html,hello").link == nil)
        #expect(Self.fields { _ = try evidence("https://") } == [.evidence])
        #expect(Self.fields { _ = try evidence("https://example.invalid/a file.pdf") } == [.evidence])
    }
}
