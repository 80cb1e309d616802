import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The inspections list, the new-inspection form, an inspection's task list and its team.
struct InspectionsController {
    let services: WebServices
    let accounts: AccountRepository
    let assessment: AssessmentRepository
    let evidence: EvidenceRepository
    let inspections: InspectionRepository
    let lifecycle: LifecycleRepository
    let plans: PlanRepository
    let sampling: SamplingRepository

    struct InspectionRow {
        let id: Int
        let area: String
        let programme: String
        let fieldwork: String
        let status: String
        let role: String
        let href: String
    }

    struct ListPage {
        let chrome: PageChrome
        let inspections: [InspectionRow]
        let mayCreate: Bool
    }

    struct NewPage {
        let chrome: PageChrome
        let errors: [FieldError]
        let area: String
        let region: String
        let countries: [Choice]
        let programmes: [Choice]
        let fieldworkStart: String
        let fieldworkEnd: String
        let errorArea: String?
        let errorProgramme: String?
        let errorFieldwork: String?
    }

    struct Task {
        let name: String
        let href: String?
        let status: String
        let hint: String
        /// Completed tasks show a plain tag; others a highlighted one.
        let done: Bool
    }

    struct TaskListPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let tasks: [Task]
    }

    struct MemberRow {
        let name: String
        let email: String
        let role: String
        /// Why a stored place grants nothing (a service viewer's, from before service viewers left the team), else nil.
        let grantsNothing: String?
    }

    struct ViewerRow {
        let name: String
        let email: String
    }

    struct TeamPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let members: [MemberRow]
        let roles: [Choice]
        let errors: [FieldError]
        let email: String
        /// `ServiceViewerAccess.rule`, shown beside the people it names.
        let serviceRule: String
        let serviceViewers: [ViewerRow]
        let published: Bool
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        router.get("/inspections") { _, context in
            let user = try services.user(context)
            let rows = try await services.visibleInspections(user).map { inspection, access in
                InspectionRow(id: inspection.id, area: inspection.area.name, programme: inspection.programme.uppercased(),
                              fieldwork: InspectionSummary.fieldwork(inspection), status: inspection.status.displayName,
                              role: access.role.label,
                              href: access.maySeeTaskList ? "/inspections/\(inspection.id)"
                                  : access.maySeeScores ? "/inspections/\(inspection.id)/scores" : "/my-cases")
            }
            return services.pages.render("inspections", ListPage(
                chrome: PageChrome(title: "Inspections", context: context, section: "inspections"), inspections: rows,
                mayCreate: InspectionAccess.mayCreateInspections(user)))
        }
        router.get("/inspections/new") { _, context in
            let user = try services.user(context)
            guard InspectionAccess.mayCreateInspections(user) else { throw WebError.forbidden }
            return newPage(context, form: FormFields(), errors: [], status: .ok)
        }
        router.post("/inspections") { _, context in try await create(context) }
        inspection.get("") { _, context in try await taskList(context) }
        inspection.get("team") { _, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            return try await teamPage(context, inspection, email: "", errors: [], status: .ok)
        }
        inspection.post("team") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let email = context.form["email"] ?? ""
            guard let role = UserRole(rawValue: context.form["role"] ?? ""), role != .admin else {
                return try await teamPage(context, inspection, email: email,
                                          errors: [FieldError(field: "role", message: "Choose the person's role on this inspection")],
                                          status: .unprocessableContent)
            }
            do {
                _ = try await accounts.addMember(inspection: inspection.id, email: email, role: role, actor: user.email)
            } catch let error as StoreError {
                // A service viewer's place is refused by the store with the rule in words; it belongs to the role choice.
                return try await teamPage(context, inspection, email: email,
                                          errors: [FieldError(field: role.isTeamRole ? "email" : "role", message: error.description)],
                                          status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/team", type: .normal)
        }
    }

    private func newPage(_ context: WebContext, form: FormFields, errors: [FieldError], status: HTTPResponse.Status) -> Response {
        let country = form["country"] ?? Country.england.rawValue
        let programme = form["programme"] ?? ""
        return services.pages.render("inspection-new", NewPage(
            chrome: PageChrome(title: "New inspection", context: context, breadcrumbs: [("Inspections", "/inspections")], section: "inspections"),
            errors: errors, area: form["area"] ?? "", region: form["region"] ?? "",
            countries: Country.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == country) },
            programmes: Programmes.shipped.map { Choice(value: $0.id, label: "\($0.fullName) (\($0.name))", selected: $0.id == programme) },
            fieldworkStart: form["fieldwork_start"] ?? "", fieldworkEnd: form["fieldwork_end"] ?? "",
            errorArea: errors.first { $0.field == "area" }?.message, errorProgramme: errors.first { $0.field == "programme" }?.message,
            errorFieldwork: Self.fieldworkError(errors)), status: status)
    }

    /// Both fieldwork dates share one fieldset, so a refusal of either (or both) is shown there.
    static func fieldworkError(_ errors: [FieldError]) -> String? {
        let messages = errors.filter { $0.field.hasPrefix("fieldwork_") }.map(\.message)
        return messages.isEmpty ? nil : messages.joined(separator: "; ")
    }

    private func create(_ context: WebContext) async throws -> Response {
        let user = try services.user(context)
        guard InspectionAccess.mayCreateInspections(user) else { throw WebError.forbidden }
        let form = context.form
        var errors: [FieldError] = []
        let area = form["area"] ?? ""
        if area.isEmpty { errors.append(FieldError(field: "area", message: "Enter the youth offending service's area")) }
        let programme = form["programme"] ?? ""
        if !FrameworkCatalog.shippedIDs.contains(programme) { errors.append(FieldError(field: "programme", message: "Choose a programme")) }
        let start = form["fieldwork_start"] ?? "", end = form["fieldwork_end"] ?? ""
        if start.isEmpty != end.isEmpty {
            errors.append(FieldError(field: start.isEmpty ? "fieldwork_start" : "fieldwork_end",
                                     message: "Enter both fieldwork dates as YYYY-MM-DD, or neither"))
        } else if !start.isEmpty {
            // Read as the store reads them, so a day the calendar lacks is refused here, on its own field.
            var dates: [CalendarDate] = []
            for (field, text, name) in [("fieldwork_start", start, "First day of fieldwork"), ("fieldwork_end", end, "Last day of fieldwork")] {
                do { dates.append(try CalendarDate.iso(text, field: name)) } catch { errors.append(FieldError(field: field, message: error.description)) }
            }
            if dates.count == 2, dates[1] < dates[0] {
                errors.append(FieldError(field: "fieldwork_end", message: "Fieldwork must end on or after the day it starts"))
            }
        }
        let country = Country(rawValue: form["country"] ?? "") ?? .england
        guard errors.isEmpty else { return newPage(context, form: form, errors: errors, status: .unprocessableContent) }
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource(programme)
        let new = NewInspection(areaName: area, region: form["region"] ?? "", country: country, framework: framework,
                                fieldworkStart: start.isEmpty ? nil : start, fieldworkEnd: end.isEmpty ? nil : end)
        let inspection: Inspection
        do {
            inspection = try await inspections.createInspection(new, frameworkYAML: yaml, createdBy: user)
        } catch let error as StoreError {
            return newPage(context, form: form, errors: [FieldError(field: "area", message: error.description)], status: .unprocessableContent)
        }
        return Response.redirect(to: "/inspections/\(inspection.id)", type: .normal)
    }

    private func taskList(_ context: WebContext) async throws -> Response {
        let (inspection, access, _) = try context.inspection()
        guard access.maySeeTaskList else {
            if access.maySeeScores { return Response.redirect(to: "/inspections/\(inspection.id)/scores", type: .normal) }
            throw WebError.forbidden
        }
        let id = inspection.id
        let team = try await accounts.memberships(inspection: id)
        let caseload = try await sampling.caseloadSummary(inspection: id)
        let sample = try await sampling.sample(inspection: id)
        let allocation = try await sampling.allocation(inspection: id)
        let statuses = try await assessment.caseStatuses(inspection: id)
        let framework = try await inspections.framework(of: inspection)
        let assessed = statuses.filter { $0.assessedAt != nil }.count
        let started = statuses.contains { $0.progress.answered > 0 }
        let setupDone = inspection.fieldworkStart != nil && !team.isEmpty
        let manage = access.mayManage
        var tasks: [Task] = [
            Task(name: "Set up the inspection and its team", href: manage ? "/inspections/\(id)/team" : nil,
                 status: setupDone ? "Completed" : "In progress",
                 hint: "\(team.count) team member\(team.count == 1 ? "" : "s"); fieldwork \(InspectionSummary.fieldwork(inspection))",
                 done: setupDone),
        ]
        let timetable = try await lifecycle.timetable(inspection: id)
        let overdue = timetable.schedule(today: .today).filter(\.state.isOverdue).map(\.name)
        tasks.append(Task(name: "Timetable and status", href: "/inspections/\(id)/timetable",
                          status: inspection.status.displayName,
                          hint: overdue.isEmpty ? "Milestones from the fieldwork dates; none overdue"
                              : "Overdue: " + overdue.joined(separator: ", "),
                          done: inspection.status == .published))
        if framework.sampling != nil {
            tasks.append(Task(name: "Caseload and sample", href: manage ? "/inspections/\(id)/sample" : nil,
                              status: sample != nil ? "Completed" : caseload != nil ? "In progress" : "Not started",
                              hint: [caseload.map { "\($0) cases in the caseload" }, sample.map { "\($0.selected.count) sampled" }]
                                .compactMap { $0 }.joined(separator: "; "),
                              done: sample != nil))
            tasks.append(Task(name: "Allocate cases and interviews", href: manage && sample != nil ? "/inspections/\(id)/allocation" : nil,
                              status: allocation != nil ? "Completed" : sample == nil ? "Cannot start yet" : "Not started",
                              hint: allocation.map { "\($0.allocations.count) cases shared among \($0.team.count)" } ?? "Needs the sample first",
                              done: allocation != nil))
        }
        tasks.append(Task(name: "Case assessments", href: statuses.isEmpty ? nil : "/inspections/\(id)/cases",
                          status: statuses.isEmpty ? "Cannot start yet" : assessed == statuses.count ? "Completed" : started ? "In progress" : "Not started",
                          hint: statuses.isEmpty ? "Needs cases: draw a sample or import cases" : "\(assessed) of \(statuses.count) cases assessed",
                          done: !statuses.isEmpty && assessed == statuses.count))
        let allAssessed = !statuses.isEmpty && assessed == statuses.count
        let evidence = try await evidence.evidenceSummary(inspection: id)
        tasks.append(Task(name: "Other evidence", href: "/inspections/\(id)/evidence",
                          status: evidence.total == 0 ? "Not started" : "In progress",
                          hint: "\(evidence.responses) questionnaire responses and interviews; \(evidence.findings) findings; \(evidence.examples) practice examples",
                          done: false))
        tasks.append(Task(name: "Scores", href: "/inspections/\(id)/scores",
                          status: allAssessed ? "Completed" : started ? "In progress" : "Not started",
                          hint: "Computed from the judgements as they are saved", done: allAssessed))
        let published = inspection.status == .published
        tasks.append(Task(name: "Report", href: "/inspections/\(id)/report",
                          status: published ? "Completed" : allAssessed ? "In progress" : started ? "Drafting from the scores so far" : "Not started",
                          hint: published ? "Published" : "Drafted from the scores and evidence; edit, check names, download and publish",
                          done: published))
        tasks.append(try await PlanController.task(inspection, framework: framework, plans: plans))
        return services.pages.render("inspection", TaskListPage(
            chrome: PageChrome(title: "\(inspection.area.name) \(inspection.programme.uppercased())", context: context,
                               breadcrumbs: [("Inspections", "/inspections")], section: "inspections"),
            inspection: InspectionSummary(inspection), tasks: tasks))
    }

    private func teamPage(_ context: WebContext, _ inspection: Inspection, email: String, errors: [FieldError],
                          status: HTTPResponse.Status) async throws -> Response {
        let (_, access, _) = try context.inspection()
        let members = try await accounts.memberships(inspection: inspection.id).map {
            MemberRow(name: $0.user.name, email: $0.user.email, role: $0.role.label,
                      grantsNothing: $0.role.isTeamRole && $0.user.role != .serviceViewer ? nil
                          : "This place grants nothing: service viewers are not team members. \(ServiceViewerAccess.rule)")
        }
        let viewers = try await accounts.serviceViewers(area: inspection.area.id).map { ViewerRow(name: $0.name, email: $0.email) }
        let chosen = context.form["role"] ?? UserRole.inspector.rawValue
        let roles = UserRole.teamRoles.map { Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen) }
        return services.pages.render("team", TeamPage(
            chrome: .inspection("Team", inspection, access, context),
            inspection: InspectionSummary(inspection), members: members, roles: roles, errors: errors, email: email,
            serviceRule: ServiceViewerAccess.rule, serviceViewers: viewers, published: inspection.status == .published), status: status)
    }
}
