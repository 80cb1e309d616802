import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The inspected service's improvement plan: each recommendation of the published report with the actions that answer
/// it and their progress, forms for the service to keep it up to date, and the monitoring view of overdue actions
/// across every plan.
struct PlanController {
    let services: WebServices
    let inspections: InspectionRepository
    let plans: PlanRepository

    // MARK: Page models

    /// An action's form: adding one to a recommendation, or changing one. Field ids are the prefix and the field's
    /// name, so the error summary can link to the exact field of the exact form.
    struct ActionForm {
        let prefix: String
        let href: String
        let recommendation: Int
        let description: String
        let owner: String
        let due: String
        let reason: String
        /// The version the form edits; nil on a form that adds an action.
        let version: String?
        let statuses: [Choice]
        let open: Bool
        let button: String
        let descriptionError: String?
        let ownerError: String?
        let dueError: String?
        let statusError: String?
        let reasonError: String?
    }

    /// The form for a progress update on one action.
    struct UpdateForm {
        let prefix: String
        let href: String
        let date: String
        let note: String
        let evidence: String
        let open: Bool
        let dateError: String?
        let noteError: String?
        let evidenceError: String?
    }

    struct UpdateView {
        let date: String
        let note: String
        let evidence: String?
        /// Only an http or https address becomes a link.
        let evidenceLink: String?
        let recordedBy: String
    }

    /// What is saved now, shown beside a change that was refused because someone else saved first.
    struct ConflictView {
        let by: String
        let at: String
        let summary: String
    }

    struct ActionView {
        let id: Int
        let anchor: String
        let description: String
        let owner: String
        let due: String
        let status: String
        let statusKey: String
        let closed: Bool
        let overdue: Bool
        let overdueText: String
        let reason: String?
        let changed: String
        let updates: [UpdateView]
        let edit: ActionForm?
        let update: UpdateForm?
        let conflict: ConflictView?
    }

    struct RecommendationView {
        let position: Int
        let anchor: String
        let text: String
        let responsible: String
        let actions: [ActionView]
        let add: ActionForm?
    }

    struct PlanPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let published: Bool
        let mayEdit: Bool
        let asOf: String
        let publishedOn: String?
        let dueText: String
        /// "3 actions: 1 done, 1 in progress, 1 not started; 1 overdue on 2026-12-02."
        let summary: String
        let recommendations: [RecommendationView]
        let reportHref: String
        let waitingText: String
    }

    struct PlanRow {
        let href: String
        let area: String
        let programme: String
        let publishedOn: String
        let dueOn: String
        let actions: Int
        let done: Int
        let overdue: Int
    }

    struct OverdueRow {
        let href: String
        let area: String
        let programme: String
        let recommendation: String
        let responsible: String
        let description: String
        let owner: String
        let due: String
        let days: String
        let status: String
    }

    struct MonitoringPage {
        let chrome: PageChrome
        let errors: [FieldError]
        let programmes: [Choice]
        let asOf: String
        let plans: [PlanRow]
        let overdue: [OverdueRow]
        let scope: String
    }

    /// What the page shows instead of the stored state after a refused change, so nothing typed is lost.
    struct PageState {
        var errors: [FieldError] = []
        /// Typed values by form prefix, then field name.
        var typed: [String: [String: String]] = [:]
        var conflicts: [Int: ConflictView] = [:]
        /// The version an action's form should carry after a conflict: the one now stored.
        var versions: [Int: Int] = [:]
    }

    // MARK: Routes

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        inspection.get("plan") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayReadPlan else { throw WebError.forbidden }
            let asOf = try Self.asOf(request)
            let notice = request.uri.queryParameters.get("saved") != nil ? "Saved." : nil
            return try await page(context, inspection, access, asOf: asOf, state: PageState(), notice: notice, status: .ok)
        }
        inspection.post("plan/actions") { _, context in
            let (inspection, access) = try await editable(context)
            let form = context.form
            let position = Int(form["recommendation"] ?? "") ?? 0
            let prefix = Self.newPrefix(position)
            let plan = try await plans.plan(inspection: inspection.id)
            guard plan.recommendations.contains(where: { $0.recommendation.position == position }) else {
                throw WebError.invalid("Choose a recommendation of this report to add the action to.")
            }
            let input = Self.actionInput(form)
            let details: ActionDetails
            do throws(PlanProblems) {
                details = try ActionDetails.parse(input, recommendations: plan.recommendations.map(\.recommendation.position))
            } catch {
                return try await page(context, inspection, access, asOf: .today,
                                      state: PageState(errors: Self.fieldErrors(error, prefix: prefix), typed: [prefix: Self.typed(input)]),
                                      status: .unprocessableContent)
            }
            let user = try services.user(context)
            let action = try await plans.addPlanAction(inspection: inspection.id, details, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/plan?saved=\(action.id)#\(Self.anchor(action.id))", type: .normal)
        }
        inspection.post("plan/actions/{action}") { _, context in
            let (inspection, access) = try await editable(context)
            let stored = try await action(context, inspection)
            let form = context.form
            let prefix = Self.editPrefix(stored.id)
            var input = Self.actionInput(form)
            // The form does not move an action between recommendations.
            input.recommendation = String(stored.details.recommendation)
            let baseVersion = Int(form["version"] ?? "") ?? 0
            let details: ActionDetails
            do throws(PlanProblems) {
                details = try ActionDetails.parse(input, recommendations: [stored.details.recommendation])
            } catch {
                return try await page(context, inspection, access, asOf: .today,
                                      state: PageState(errors: Self.fieldErrors(error, prefix: prefix), typed: [prefix: Self.typed(input)],
                                                       versions: [stored.id: baseVersion]),
                                      status: .unprocessableContent)
            }
            let user = try services.user(context)
            do {
                _ = try await plans.updatePlanAction(inspection: inspection.id, action: stored.id, details, baseVersion: baseVersion,
                                                              actor: user.email)
            } catch StoreError.conflict {
                // What is saved now is shown as the action; what this person typed stays in its form on top of the
                // stored version, so saving again is a deliberate replacement.
                let theirs = try await action(context, inspection)
                let conflict = ConflictView(by: theirs.updatedBy, at: theirs.updatedAt,
                                            summary: "\(theirs.details.status.displayName), due \(theirs.details.due), owner \(theirs.details.owner)")
                let state = PageState(
                    errors: [FieldError(field: "\(prefix)-description",
                                        message: "Someone else changed this action since you opened it. What is saved now is shown; your changes "
                                            + "are still in the form: save again to replace theirs")],
                    typed: [prefix: Self.typed(input)], conflicts: [stored.id: conflict], versions: [stored.id: theirs.version])
                return try await page(context, inspection, access, asOf: .today, state: state, status: .conflict)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/plan?saved=\(stored.id)#\(Self.anchor(stored.id))", type: .normal)
        }
        inspection.post("plan/actions/{action}/updates") { _, context in
            let (inspection, access) = try await editable(context)
            let stored = try await action(context, inspection)
            let form = context.form
            let prefix = Self.updatePrefix(stored.id)
            let input = ProgressInput(date: form["date"] ?? "", note: form.all("note").first ?? "", evidence: form["evidence"] ?? "")
            let today = CalendarDate.today
            let details: ProgressDetails
            do throws(PlanProblems) {
                details = try ProgressDetails.parse(input, today: today)
            } catch {
                return try await page(context, inspection, access, asOf: today,
                                      state: PageState(errors: Self.fieldErrors(error, prefix: prefix),
                                                       typed: [prefix: ["date": input.date, "note": input.note, "evidence": input.evidence]]),
                                      status: .unprocessableContent)
            }
            let user = try services.user(context)
            _ = try await plans.addProgressUpdate(inspection: inspection.id, action: stored.id, details, actor: user.email, today: today)
            return Response.redirect(to: "/inspections/\(inspection.id)/plan?saved=\(stored.id)#\(Self.anchor(stored.id))", type: .normal)
        }
        router.get("/plans") { request, context in
            try await monitoring(request, context)
        }
    }

    /// The inspection and access of a plan that the caller may change now; a plan of an inspection not yet published
    /// does not exist to change.
    private func editable(_ context: WebContext) async throws -> (Inspection, InspectionAccess) {
        let (inspection, access, _) = try context.inspection()
        guard access.mayEditPlan else { throw WebError.forbidden }
        guard inspection.status == .published else {
            throw WebError.invalid("The improvement plan starts when the report is published, so it cannot be changed yet.")
        }
        return (inspection, access)
    }

    /// The action named in the path, which must belong to this inspection's plan: any other id is "not found".
    private func action(_ context: WebContext, _ inspection: Inspection) async throws -> PlanAction {
        guard let id = context.parameters.get("action", as: Int.self),
              let action = try await plans.plan(inspection: inspection.id).actions.first(where: { $0.id == id }) else {
            throw WebError.notFound()
        }
        return action
    }

    // MARK: The plan page

    private func page(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, asOf: CalendarDate, state: PageState,
                      notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let published = inspection.status == .published
        // Without the task list, a service viewer's way into the inspection is its scores page.
        let chrome = PageChrome.inspection("Improvement plan", inspection, access, context, notice: notice,
                                           trail: access.maySeeScores && !access.maySeeTaskList
                                               ? [("Scores", "/inspections/\(inspection.id)/scores")] : [])
        guard published else {
            let framework = try await inspections.framework(of: inspection)
            let days = framework.lifecycle.milestone(ImprovementPlanRules.milestoneID)?.toDays
            return services.pages.render("plan", PlanPage(
                chrome: chrome, inspection: InspectionSummary(inspection), errors: state.errors, published: false, mayEdit: false,
                asOf: asOf.description, publishedOn: nil, dueText: "", summary: "", recommendations: [],
                reportHref: "/inspections/\(inspection.id)/report",
                waitingText: "The improvement plan starts when the report is published"
                    + (days.map { "; the programme expects it \($0) days after publication." } ?? ".")),
                status: status)
        }
        let plan = try await plans.plan(inspection: inspection.id)
        let mayEdit = access.mayEditPlan
        let summary = plan.summary(on: asOf)
        let recommendations = plan.recommendations.map { item in
            RecommendationView(
                position: item.recommendation.position, anchor: "recommendation-\(item.recommendation.position)",
                text: item.recommendation.text, responsible: item.recommendation.responsible,
                actions: item.actions.map { actionView($0, inspection: inspection, asOf: asOf, mayEdit: mayEdit, state: state) },
                add: mayEdit ? addForm(item.recommendation.position, inspection: inspection, state: state) : nil)
        }
        return services.pages.render("plan", PlanPage(
            chrome: chrome, inspection: InspectionSummary(inspection), errors: state.errors, published: true, mayEdit: mayEdit,
            asOf: asOf.description, publishedOn: plan.publishedOn?.description, dueText: Self.dueText(plan, asOf: asOf),
            summary: Self.summaryText(summary, asOf: asOf), recommendations: recommendations,
            reportHref: "/inspections/\(inspection.id)/report", waitingText: ""), status: status)
    }

    private func actionView(_ action: PlanAction, inspection: Inspection, asOf: CalendarDate, mayEdit: Bool, state: PageState) -> ActionView {
        let details = action.details
        let days = action.daysOverdue(on: asOf)
        let editPrefix = Self.editPrefix(action.id), updatePrefix = Self.updatePrefix(action.id)
        let editTyped = state.typed[editPrefix]
        let updateTyped = state.typed[updatePrefix]
        let edit = mayEdit ? actionForm(
            prefix: editPrefix, href: "/inspections/\(inspection.id)/plan/actions/\(action.id)", recommendation: details.recommendation,
            values: editTyped ?? ["description": details.description, "owner": details.owner, "due": details.due.description,
                                  "status": details.status.rawValue, "reason": details.reason ?? ""],
            version: state.versions[action.id] ?? action.version, open: editTyped != nil, button: "Save changes", errors: state.errors) : nil
        let update = mayEdit ? UpdateForm(
            prefix: updatePrefix, href: "/inspections/\(inspection.id)/plan/actions/\(action.id)/updates",
            date: updateTyped?["date"] ?? CalendarDate.today.description, note: updateTyped?["note"] ?? "",
            evidence: updateTyped?["evidence"] ?? "", open: updateTyped != nil,
            dateError: Self.message(state.errors, "\(updatePrefix)-date"), noteError: Self.message(state.errors, "\(updatePrefix)-note"),
            evidenceError: Self.message(state.errors, "\(updatePrefix)-evidence")) : nil
        return ActionView(
            id: action.id, anchor: Self.anchor(action.id), description: details.description, owner: details.owner, due: details.due.description,
            status: details.status.displayName, statusKey: details.status.rawValue, closed: details.status.isClosed, overdue: days > 0,
            overdueText: days == 1 ? "Overdue by 1 day" : "Overdue by \(days) days", reason: details.reason,
            changed: "Last changed by \(action.updatedBy) on \(action.updatedAt.prefix(10))",
            updates: action.updates.reversed().map { update in
                UpdateView(date: update.details.date.description, note: update.details.note, evidence: update.details.evidence,
                           evidenceLink: update.details.link?.absoluteString, recordedBy: update.recordedBy)
            },
            edit: edit, update: update, conflict: state.conflicts[action.id])
    }

    private func addForm(_ position: Int, inspection: Inspection, state: PageState) -> ActionForm {
        let prefix = Self.newPrefix(position)
        let typed = state.typed[prefix]
        return actionForm(prefix: prefix, href: "/inspections/\(inspection.id)/plan/actions", recommendation: position,
                          values: typed ?? ["status": ActionStatus.notStarted.rawValue], version: nil, open: typed != nil,
                          button: "Add the action", errors: state.errors)
    }

    private func actionForm(prefix: String, href: String, recommendation: Int, values: [String: String], version: Int?, open: Bool,
                            button: String, errors: [FieldError]) -> ActionForm {
        let status = values["status"] ?? ""
        return ActionForm(
            prefix: prefix, href: href, recommendation: recommendation, description: values["description"] ?? "", owner: values["owner"] ?? "",
            due: values["due"] ?? "", reason: values["reason"] ?? "", version: version.map(String.init),
            statuses: ActionStatus.allCases.map { Choice(value: $0.rawValue, label: $0.displayName, selected: $0 == ActionStatus(text: status)) },
            open: open, button: button,
            descriptionError: Self.message(errors, "\(prefix)-description"), ownerError: Self.message(errors, "\(prefix)-owner"),
            dueError: Self.message(errors, "\(prefix)-due"), statusError: Self.message(errors, "\(prefix)-status"),
            reasonError: Self.message(errors, "\(prefix)-reason"))
    }

    // MARK: The monitoring view

    private func monitoring(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try services.user(context)
        guard InspectionAccess.mayMonitorPlans(user) else { throw WebError.forbidden }
        let query = request.uri.queryParameters
        let programme = query.get("programme").flatMap { $0.isEmpty ? nil : $0 }
        var errors: [FieldError] = []
        if let programme, !FrameworkCatalog.shippedIDs.contains(programme) {
            errors.append(FieldError(field: "programme", message: "There is no programme '\(programme)': choose one from the list"))
        }
        let asOf = try Self.asOf(request)
        // A lead inspector sees the plans of the inspections they are on, as everywhere else in yji.
        let visible = Set(try await services.visibleInspections(user).map(\.0.id))
        let filter = errors.isEmpty ? programme : nil
        let overdue = try await self.plans.overdueActions(programme: filter, on: asOf).filter { visible.contains($0.inspection.id) }
        let plans = try await self.plans.plans(programme: filter).filter { visible.contains($0.inspection.id) }
        let rows = plans.map { plan in
            let summary = plan.summary(on: asOf)
            return PlanRow(href: "/inspections/\(plan.inspection.id)/plan", area: plan.inspection.area.name,
                           programme: plan.inspection.programme.uppercased(), publishedOn: plan.publishedOn?.description ?? "not recorded",
                           dueOn: plan.dueOn?.description ?? "–", actions: summary.total, done: summary.count(.done), overdue: summary.overdue)
        }
        let overdueRows = overdue.map { item in
            OverdueRow(href: "/inspections/\(item.inspection.id)/plan#\(Self.anchor(item.action.id))", area: item.inspection.area.name,
                       programme: item.inspection.programme.uppercased(), recommendation: "\(item.recommendation.position). \(item.recommendation.text)",
                       responsible: item.recommendation.responsible, description: item.action.details.description,
                       owner: item.action.details.owner, due: item.action.details.due.description,
                       days: item.daysOverdue == 1 ? "1 day" : "\(item.daysOverdue) days", status: item.action.details.status.displayName)
        }
        let choices = [Choice(value: "", label: "Every programme", selected: filter == nil)]
            + Programmes.shipped.map { Choice(value: $0.id, label: $0.fullName, selected: $0.id == filter) }
        return services.pages.render("plans", MonitoringPage(
            chrome: PageChrome(title: "Improvement plans", context: context, breadcrumbs: [("Inspections", "/inspections")], section: "plans"),
            errors: errors, programmes: choices, asOf: asOf.description, plans: rows, overdue: overdueRows,
            scope: user.role == .admin ? "every published inspection" : "the published inspections you are on"),
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Helpers

    /// The plan's line on the inspection's task list: a link with the plan's counts once the report is published.
    static func task(_ inspection: Inspection, framework: Framework, plans: PlanRepository) async throws -> InspectionsController.Task {
        let name = "Improvement plan"
        guard inspection.status == .published else {
            let days = framework.lifecycle.milestone(ImprovementPlanRules.milestoneID)?.toDays
            return InspectionsController.Task(
                name: name, href: nil, status: "Cannot start yet",
                hint: days.map { "The service's plan is due \($0) days after the report is published" } ?? "Starts when the report is published",
                done: false)
        }
        let plan = try await plans.plan(inspection: inspection.id)
        let summary = plan.summary(on: .today)
        return InspectionsController.Task(name: name, href: "/inspections/\(inspection.id)/plan", status: summary.headline,
                                          hint: dueText(plan, asOf: .today), done: summary.total > 0 && summary.open == 0)
    }

    /// The day the page judges overdue actions on: today, or the `as-of` date asked for.
    static func asOf(_ request: Request) throws -> CalendarDate {
        guard let text = request.uri.queryParameters.get("as-of"), !text.isEmpty else { return .today }
        guard let day = CalendarDate.parse(text) else { throw WebError.invalid("'\(text)' is not a date: give as-of as YYYY-MM-DD.") }
        return day
    }

    static func actionInput(_ form: FormFields) -> ActionInput {
        ActionInput(recommendation: form["recommendation"] ?? "", description: form.all("description").first ?? "", owner: form["owner"] ?? "",
                    due: form["due"] ?? "", status: form["status"] ?? "", reason: form.all("reason").first ?? "")
    }

    static func typed(_ input: ActionInput) -> [String: String] {
        ["description": input.description, "owner": input.owner, "due": input.due, "status": input.status, "reason": input.reason]
    }

    /// Each problem linked to its field in the form with this prefix; the message names the field ("Owner: ...").
    static func fieldErrors(_ problems: PlanProblems, prefix: String) -> [FieldError] {
        problems.problems.map { problem in
            // Capitalised here: FieldError leaves a message whose first word holds a colon as it is, for file positions.
            let text = problem.description
            return FieldError(field: "\(prefix)-\(problem.field.rawValue)", message: text.prefix(1).uppercased() + text.dropFirst())
        }
    }

    static func message(_ errors: [FieldError], _ field: String) -> String? {
        errors.first { $0.field == field }?.message
    }

    static func newPrefix(_ position: Int) -> String { "new-\(position)" }
    static func editPrefix(_ id: Int) -> String { "action-\(id)" }
    static func updatePrefix(_ id: Int) -> String { "update-\(id)" }
    static func anchor(_ id: Int) -> String { "plan-action-\(id)" }

    /// The plan's counts in a sentence.
    static func summaryText(_ summary: PlanSummary, asOf: CalendarDate) -> String {
        guard summary.total > 0 else { return "No actions yet." }
        let overdue = summary.overdue == 0 ? "none overdue" : "\(summary.overdue) overdue"
        return "\(summary.total == 1 ? "1 action" : "\(summary.total) actions"): \(summary.breakdown); \(overdue) on \(asOf)."
    }

    /// The plan's own due date and where it stands.
    static func dueText(_ plan: ImprovementPlan, asOf: CalendarDate) -> String {
        guard let published = plan.publishedOn else { return "The day the report was published is not recorded, so the plan's due date is not known." }
        guard let due = plan.dueOn else { return "Published on \(published); the programme sets no date for the plan." }
        if let submitted = plan.submittedOn { return "Published on \(published); the plan was due by \(due) and was received on \(submitted)." }
        return "Published on \(published); the plan is due by \(due)" + (asOf > due ? ", and has not been recorded as received." : ".")
    }
}
