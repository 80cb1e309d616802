import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji plan`: a published inspection's improvement plan, recommendation by recommendation.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a published inspection's improvement plan: each recommendation, its actions and their progress.",
        discussion: """
        An action is overdue when it is not done (or dropped) and its due date has passed on the --as-of day (today by \
        default). The plan's own due date follows the programme's lifecycle rules, counted from publication. The service \
        keeps its plan up to date in the web application.
        """
    )

    @Option(help: "The stored inspection's id.")
    var inspection: Int

    @Option(help: "The day to judge overdue actions on, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if format == .csv { throw ValidationError("a plan prints as text or json") }
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date: use YYYY-MM-DD") }
    }

    func run() async throws {
        let day = asOf.flatMap(CalendarDate.parse) ?? .today
        let plan = try await store.withStore { try await $0.plans.plan(inspection: inspection) }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(PlanDocument(plan, on: day)))
            print()
        case .text, .csv:
            print(Self.text(plan, on: day), terminator: "")
        }
    }

    /// The plan as people read it on a terminal.
    static func text(_ plan: ImprovementPlan, on day: CalendarDate) -> String {
        let inspection = plan.inspection
        var lines = ["Improvement plan: \(inspection.area.name) \(inspection.programme.uppercased()) (inspection \(inspection.id))"]
        switch (plan.publishedOn, plan.dueOn) {
        case (let published?, let due?): lines.append("Published \(published); the plan is due by \(due)"
                                                      + (plan.submittedOn.map { " and was received on \($0)" } ?? ""))
        case (let published?, nil): lines.append("Published \(published); the programme sets no date for the plan")
        default: lines.append("The day of publication is not recorded, so the plan's due date is not known")
        }
        let summary = plan.summary(on: day)
        lines.append("As of \(day): \(summary.headline)" + (summary.total > 0 ? " (\(summary.breakdown))" : ""))
        if plan.recommendations.isEmpty { lines += ["", "The published report has no recommendations."] }
        for item in plan.recommendations {
            let recommendation = item.recommendation
            lines += ["", "\(recommendation.position). \(recommendation.text) (\(recommendation.responsible))"]
            if item.actions.isEmpty { lines.append("   No actions yet.") }
            for action in item.actions {
                let details = action.details
                let overdue = action.daysOverdue(on: day)
                lines.append("   - [\(details.status.displayName.lowercased())] \(details.description)")
                lines.append("     owner: \(details.owner); due \(details.due)"
                             + (overdue > 0 ? "; OVERDUE by \(overdue) day\(overdue == 1 ? "" : "s")" : ""))
                if let reason = details.reason { lines.append("     dropped because: \(reason)") }
                for update in action.updates {
                    lines.append("     \(update.details.date): \(update.details.note)"
                                 + (update.details.evidence.map { " (evidence: \($0))" } ?? "") + " [\(update.recordedBy)]")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The plan as `yji plan --format json` prints it: every figure a script needs, with the overdue flags worked out.
struct PlanDocument: Encodable {
    struct Update: Encodable {
        let date: CalendarDate
        let note: String
        let evidence: String?
        let recordedBy: String
        let recordedAt: String
    }

    struct Action: Encodable {
        let id: Int
        let description: String
        let owner: String
        let due: CalendarDate
        let status: ActionStatus
        let reason: String?
        let overdue: Bool
        let daysOverdue: Int
        let version: Int
        let updates: [Update]
    }

    struct Recommendation: Encodable {
        let position: Int
        let text: String
        let responsible: String
        let actions: [Action]
    }

    struct Counts: Encodable {
        let actions: Int
        let notStarted: Int
        let inProgress: Int
        let done: Int
        let dropped: Int
        let overdue: Int
    }

    let inspection: Int
    let area: String
    let programme: String
    let asOf: CalendarDate
    let publishedOn: CalendarDate?
    let planDue: CalendarDate?
    let planReceivedOn: CalendarDate?
    let counts: Counts
    let recommendations: [Recommendation]

    init(_ plan: ImprovementPlan, on day: CalendarDate) {
        inspection = plan.inspection.id
        area = plan.inspection.area.name
        programme = plan.inspection.programme
        asOf = day
        publishedOn = plan.publishedOn
        planDue = plan.dueOn
        planReceivedOn = plan.submittedOn
        let summary = plan.summary(on: day)
        counts = Counts(actions: summary.total, notStarted: summary.count(.notStarted), inProgress: summary.count(.inProgress),
                        done: summary.count(.done), dropped: summary.count(.dropped), overdue: summary.overdue)
        recommendations = plan.recommendations.map { item in
            Recommendation(position: item.recommendation.position, text: item.recommendation.text, responsible: item.recommendation.responsible,
                           actions: item.actions.map { action in
                Action(id: action.id, description: action.details.description, owner: action.details.owner, due: action.details.due,
                       status: action.details.status, reason: action.details.reason, overdue: action.isOverdue(on: day),
                       daysOverdue: action.daysOverdue(on: day), version: action.version,
                       updates: action.updates.map {
                    Update(date: $0.details.date, note: $0.details.note, evidence: $0.details.evidence, recordedBy: $0.recordedBy,
                           recordedAt: $0.recordedAt)
                })
            })
        }
    }
}
