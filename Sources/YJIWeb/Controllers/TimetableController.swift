import Foundation
import Hummingbird
import YJICore
import YJIStore

/// An inspection's timetable (its status, who moved it when, and every milestone's due date and state) and the
/// programme calendar that puts every visible inspection's milestones month by month.
struct TimetableController {
    let services: WebServices
    let accounts: AccountRepository
    let lifecycle: LifecycleRepository

    struct MilestoneRow {
        let id: String
        let name: String
        let due: String
        let happened: String
        let state: String
        let stateClass: String
        let projected: Bool
        let recordedByHand: Bool
        let recordedBy: String
    }

    struct ChangeRow {
        let from: String
        let to: String
        let at: String
        let by: String
    }

    struct TimetablePage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let status: String
        let milestones: [MilestoneRow]
        let noFieldwork: Bool
        let changes: [ChangeRow]
        let mayEdit: Bool
        let moves: [Choice]
        let milestoneChoices: [Choice]
        let today: String
    }

    struct CalendarEntry {
        let day: String
        let inspection: String
        let href: String
        let milestone: String
        let state: String
        let stateClass: String
    }

    struct CalendarMonth {
        let name: String
        let entries: [CalendarEntry]
    }

    struct CalendarPage {
        let chrome: PageChrome
        let programme: String
        let programmeName: String
        let programmes: [Choice]
        let months: [CalendarMonth]
        let overdue: [CalendarEntry]
        let today: String
        let inspections: Int
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        inspection.get("timetable") { request, context in
            let (inspection, access, _) = try context.inspection()
            let notice = request.uri.queryParameters.get("saved") != nil ? "Saved." : nil
            return try await page(context, inspection, access, notice: notice, errors: [], status: .ok)
        }
        inspection.post("timetable/status") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            guard let status = InspectionStatus(rawValue: context.form["status"] ?? "") else {
                return try await page(context, inspection, access, errors: [FieldError(field: "status", message: "Choose the stage to move to")],
                                      status: .unprocessableContent)
            }
            // Publishing goes through the report page, which checks the text for protected names first.
            guard status != .published else {
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "status", message: "Publish from the report page, which checks the report for names first")],
                                      status: .unprocessableContent)
            }
            do {
                _ = try await lifecycle.setInspectionStatus(inspection: inspection.id, to: status, actor: user.email)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "status"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/timetable?saved=1", type: .normal)
        }
        inspection.post("timetable/milestones") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let milestone = context.form["milestone"] ?? ""
            let text = (context.form["happened_on"] ?? "").trimmingCharacters(in: .whitespaces)
            let day = CalendarDate.parse(text)
            guard text.isEmpty || day != nil else {
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "happened_on", message: "Enter the day it happened as YYYY-MM-DD, or leave it empty to clear it")],
                                      status: .unprocessableContent)
            }
            do {
                try await lifecycle.recordMilestone(inspection: inspection.id, milestone: milestone, on: day, actor: user.email)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "happened_on"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/timetable?saved=1", type: .normal)
        }
        router.get("/programmes/{programme}/calendar") { _, context in
            try await calendar(context)
        }
    }

    // MARK: The inspection's timetable

    private func page(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, notice: String? = nil,
                      errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let timetable = try await lifecycle.timetable(inspection: inspection.id)
        let today = CalendarDate.today
        let schedule = timetable.schedule(today: today)
        let rows = schedule.map { milestone in
            let rule = timetable.rules.milestone(milestone.id)
            return MilestoneRow(
                id: milestone.id, name: milestone.name,
                due: milestone.isWindow ? "\(milestone.opens) to \(milestone.due)" : milestone.due.description,
                happened: milestone.actual?.description ?? "", state: milestone.state.summary,
                stateClass: Self.stateClass(milestone.state), projected: milestone.projected,
                recordedByHand: rule?.reachedBy == nil, recordedBy: timetable.happened[milestone.id]?.recordedBy ?? "")
        }
        let changes = timetable.changes.reversed().map {
            ChangeRow(from: $0.from.displayName, to: $0.to.displayName, at: Self.readableTime($0.changedAt), by: $0.changedBy)
        }
        let moves = StatusMoves.allowed(from: inspection.status).filter { $0 != .published }.map {
            Choice(value: $0.rawValue, label: $0.displayName, selected: $0 == inspection.status.next)
        }
        let milestoneChoices = timetable.rules.milestones.map { Choice(value: $0.id, label: $0.displayName, selected: $0.reachedBy == nil) }
        return services.pages.render("timetable", TimetablePage(
            chrome: .inspection("Timetable", inspection, access, context, notice: notice),
            inspection: InspectionSummary(inspection), errors: errors, status: inspection.status.displayName, milestones: rows,
            noFieldwork: schedule.isEmpty && !timetable.rules.isEmpty, changes: changes,
            mayEdit: access.mayManage, moves: access.mayManage ? moves : [],
            milestoneChoices: access.mayManage ? milestoneChoices : [],
            today: today.description), status: status)
    }

    // MARK: The programme calendar

    private func calendar(_ context: WebContext) async throws -> Response {
        let user = try services.user(context)
        let programme = context.parameters.get("programme") ?? ""
        let programmes = Programmes.shipped
        guard let name = programmes.first(where: { $0.id == programme })?.name else { throw WebError.notFound() }
        let memberships = try await accounts.memberships(user: user.id)
        let timetables = try await lifecycle.timetables(programme: programme) {
            InspectionAccess.resolve(user: user, memberships: memberships, inspection: $0) != nil
        }
        let today = CalendarDate.today
        var byMonth: [String: [(CalendarDate, CalendarEntry)]] = [:]
        var overdue: [(CalendarDate, CalendarEntry)] = []
        for timetable in timetables {
            let title = InspectionSummary(timetable.inspection).title
            for milestone in timetable.schedule(today: today) {
                let day = milestone.actual ?? milestone.due
                let entry = CalendarEntry(
                    day: milestone.actual.map { "\($0) (done)" } ?? (milestone.isWindow ? "\(milestone.opens) to \(milestone.due)" : milestone.due.description),
                    inspection: title, href: "/inspections/\(timetable.inspection.id)/timetable", milestone: milestone.name,
                    state: milestone.state.summary, stateClass: Self.stateClass(milestone.state))
                byMonth[Self.monthKey(day), default: []].append((day, entry))
                if milestone.state.isOverdue { overdue.append((milestone.due, entry)) }
            }
        }
        let months = byMonth.keys.sorted().map { key in
            CalendarMonth(name: Self.monthName(key), entries: byMonth[key]!.sorted { $0.0 < $1.0 }.map(\.1))
        }
        return services.pages.render("calendar", CalendarPage(
            chrome: PageChrome(title: "\(name) calendar", context: context, breadcrumbs: [("Inspections", "/inspections")], section: "programmes"),
            programme: programme, programmeName: name,
            programmes: programmes.map { Choice(value: $0.id, label: $0.name, selected: $0.id == programme) },
            months: months, overdue: overdue.sorted { $0.0 < $1.0 }.map(\.1), today: today.description, inspections: timetables.count))
    }

    static func stateClass(_ state: MilestoneState) -> String {
        switch state {
        case .overdue: return "state-overdue"
        case .dueSoon: return "state-due-soon"
        case .doneLate: return "state-done-late"
        case .doneOnTime: return "state-done"
        case .notYetDue: return "state-not-yet-due"
        }
    }

    static func monthKey(_ day: CalendarDate) -> String {
        String(format: "%04d-%02d", day.year, day.month)
    }

    static func monthName(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return key }
        return "\(CalendarDate.monthNames[month - 1]) \(parts[0])"
    }

    /// "2026-12-02 14:05 UTC" from a store timestamp.
    static func readableTime(_ timestamp: String) -> String {
        guard timestamp.count >= 16 else { return timestamp }
        return timestamp.prefix(10) + " " + timestamp.dropFirst(11).prefix(5) + " UTC"
    }
}
