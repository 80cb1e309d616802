import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Caseload upload, drawing and adjusting the sample, and allocating cases and interviews to the team.
struct SamplingController {
    let services: WebServices

    struct SampledRow {
        let caseID: String
        let stratum: String
        let reason: String
    }

    struct SamplePage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let caseloadCount: Int
        let hasCaseload: Bool
        let asOf: String
        let seed: String
        let size: String
        let sampled: [SampledRow]
        let eligible: Int
        let warnings: [String]
        let mayRedraw: Bool
    }

    struct AssessorChoice {
        let name: String
        let role: String
        let value: String
        let checked: Bool
    }

    struct AllocationRow {
        let caseID: String
        let assessor: String
        let caseManager: String
        let interview: String
    }

    struct LoadRow {
        let assessor: String
        let load: String
    }

    struct AllocationPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let assessors: [AssessorChoice]
        let slotsPerDay: String
        let rows: [AllocationRow]
        let loads: [LoadRow]
        let unscheduled: [String]
        let teamNames: [String]
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/inspections/{inspection}/sample") { _, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            return try await samplePage(context, inspection, errors: [], status: .ok)
        }
        router.post("/inspections/{inspection}/caseload") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            guard let file = context.form.files["caseload"], !file.data.isEmpty else {
                return try await samplePage(context, inspection, errors: [FieldError(field: "caseload", message: "Choose a caseload CSV file")],
                                            status: .unprocessableContent)
            }
            do {
                try await services.store.importCaseload(inspection: inspection.id, data: file.data,
                                                        file: file.name.isEmpty ? "caseload.csv" : file.name, actor: user.email)
            } catch let error as StoreError {
                return try await samplePage(context, inspection, errors: Self.fieldErrors(error, field: "caseload"), status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/sample", type: .normal)
        }
        router.post("/inspections/{inspection}/sample") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            var errors: [FieldError] = []
            let asOf = CalendarDate.parse(context.form["as_of"] ?? "")
            if asOf == nil { errors.append(FieldError(field: "as_of", message: "Enter the date the caseload was taken, as YYYY-MM-DD")) }
            let sizeText = context.form["size"] ?? ""
            let size = Int(sizeText)
            if !sizeText.isEmpty, (size ?? 0) < 1 { errors.append(FieldError(field: "size", message: "Enter the sample size as a whole number, or leave it empty")) }
            let seed = UInt64(context.form["seed"] ?? "")
            if seed == nil { errors.append(FieldError(field: "seed", message: "Enter the seed as a whole number (it makes the draw repeatable)")) }
            if let asOf, let seed, errors.isEmpty {
                do {
                    _ = try await services.store.drawSample(inspection: inspection.id, asOf: asOf, size: size, seed: seed, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/sample", type: .normal)
                } catch let error as StoreError {
                    // Size refusals ("a sample of 12 is below the programme's minimum of 38") belong to the size field.
                    errors = Self.fieldErrors(error, field: error.description.hasPrefix("a sample of") ? "size" : "as_of")
                }
            }
            return try await samplePage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        router.post("/inspections/{inspection}/sample/replace") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            let caseID = context.form["case"] ?? "", reason = context.form["reason"] ?? ""
            var errors: [FieldError] = []
            if caseID.isEmpty { errors.append(FieldError(field: "case", message: "Choose the case to replace")) }
            if reason.isEmpty { errors.append(FieldError(field: "reason", message: "Say why the case is replaced")) }
            if errors.isEmpty {
                do {
                    _ = try await services.store.replaceSampledCase(inspection: inspection.id, caseID: caseID, because: reason, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/sample", type: .normal)
                } catch let error as StoreError {
                    errors = Self.fieldErrors(error, field: "case")
                }
            }
            return try await samplePage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        router.get("/inspections/{inspection}/allocation") { _, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            return try await allocationPage(context, inspection, errors: [], status: .ok)
        }
        router.post("/inspections/{inspection}/allocation") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            let members = try await services.store.memberships(inspection: inspection.id)
            let chosen = Set(context.form.all("assessor"))
            let team = members.filter { chosen.contains($0.user.email) }.compactMap(Self.teamMember)
            var errors: [FieldError] = []
            if team.isEmpty { errors.append(FieldError(field: "assessor", message: "Choose at least one assessor")) }
            let slots = Int(context.form["slots_per_day"] ?? "") ?? 0
            if !(1...12).contains(slots) { errors.append(FieldError(field: "slots_per_day", message: "Enter interview slots per day, from 1 to 12")) }
            if errors.isEmpty {
                do {
                    _ = try await services.store.allocate(inspection: inspection.id, team: team, slotsPerDay: slots, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/allocation", type: .normal)
                } catch let error as StoreError {
                    errors = Self.fieldErrors(error, field: "assessor")
                }
            }
            return try await allocationPage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        router.post("/inspections/{inspection}/allocation/reassign") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            let caseID = context.form["case"] ?? "", assessor = context.form["to"] ?? "", reason = context.form["reason"] ?? ""
            var errors: [FieldError] = []
            if caseID.isEmpty { errors.append(FieldError(field: "reassign-case", message: "Enter the case to reassign")) }
            if assessor.isEmpty { errors.append(FieldError(field: "to", message: "Choose who takes the case")) }
            if reason.isEmpty { errors.append(FieldError(field: "reassign-reason", message: "Say why the case is reassigned")) }
            if errors.isEmpty {
                do {
                    _ = try await services.store.reassign(inspection: inspection.id, caseID: caseID, to: assessor, because: reason, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/allocation", type: .normal)
                } catch let error as StoreError {
                    errors = Self.fieldErrors(error, field: "reassign-case")
                }
            }
            return try await allocationPage(context, inspection, errors: errors, status: .unprocessableContent)
        }
    }

    /// A team member for the allocator from an inspection membership; viewers do not assess.
    static func teamMember(_ membership: Membership) -> TeamMember? {
        switch membership.role {
        case .leadInspector: TeamMember(name: membership.user.name, role: .leadInspector)
        case .inspector: TeamMember(name: membership.user.name, role: .inspector)
        case .localAssessor: TeamMember(name: membership.user.name, role: .localAssessor, homeService: nil)
        case .admin, .serviceViewer: nil
        }
    }

    /// A store refusal as field errors: one per problem for file problems (they name file, line and column).
    static func fieldErrors(_ error: StoreError, field: String) -> [FieldError] {
        if case .problems(let list) = error {
            return list.problems.map { FieldError(field: field, message: $0.description) }
        }
        return [FieldError(field: field, message: error.description)]
    }

    private func samplePage(_ context: WebContext, _ inspection: Inspection, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let store = services.store
        let sample = try await store.sample(inspection: inspection.id)
        let caseloadCount = try await store.caseloadSummary(inspection: inspection.id)
        let judged = try await store.caseStatuses(inspection: inspection.id).contains { $0.progress.answered > 0 }
        return services.pages.render("sample", SamplePage(
            chrome: chrome("Caseload and sample", inspection, context),
            inspection: InspectionSummary(inspection), errors: errors,
            caseloadCount: caseloadCount ?? 0, hasCaseload: caseloadCount != nil,
            asOf: context.form["as_of"] ?? sample?.asOf.description ?? inspection.fieldworkStart ?? CalendarDate.today.description,
            seed: context.form["seed"] ?? sample.map { String($0.seed) } ?? "1",
            size: context.form["size"] ?? "",
            sampled: sample?.selected.map { SampledRow(caseID: $0.caseID, stratum: $0.stratum.description, reason: $0.reason.description) } ?? [],
            eligible: sample?.eligibleCount ?? 0, warnings: (sample?.shortfalls ?? []) + (sample?.warnings ?? []),
            mayRedraw: !judged), status: status)
    }

    private func allocationPage(_ context: WebContext, _ inspection: Inspection, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let store = services.store
        let plan = try await store.allocation(inspection: inspection.id)
        let members = try await store.memberships(inspection: inspection.id).filter { Self.teamMember($0) != nil }
        let inPlan = Set(plan?.team.map(\.name) ?? [])
        let chosen = Set(context.form.all("assessor"))
        let assessors = members.map {
            AssessorChoice(name: $0.user.name, role: $0.role.label, value: $0.user.email,
                           checked: chosen.isEmpty ? (plan == nil || inPlan.contains($0.user.name)) : chosen.contains($0.user.email))
        }
        return services.pages.render("allocation", AllocationPage(
            chrome: chrome("Allocation", inspection, context), inspection: InspectionSummary(inspection), errors: errors,
            assessors: assessors, slotsPerDay: context.form["slots_per_day"] ?? "4",
            rows: plan?.allocations.map {
                AllocationRow(caseID: $0.caseID, assessor: $0.assessor, caseManager: $0.caseManager,
                              interview: $0.interview.map { "\($0.day) slot \($0.slot)" } ?? "not scheduled")
            } ?? [],
            loads: plan?.team.map { LoadRow(assessor: $0.name, load: String(format: "%.2f", plan?.loads[$0.name] ?? 0)) } ?? [],
            unscheduled: plan?.unscheduled ?? [], teamNames: plan?.team.map(\.name) ?? []), status: status)
    }

    private func chrome(_ title: String, _ inspection: Inspection, _ context: WebContext) -> PageChrome {
        PageChrome(title: title, context: context,
                   breadcrumbs: [("Inspections", "/inspections"), (InspectionSummary(inspection).title, "/inspections/\(inspection.id)")],
                   section: "inspections")
    }
}
