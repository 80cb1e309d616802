import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Caseload upload, drawing and adjusting the sample, and allocating cases and interviews to the team.
struct SamplingController {
    let services: WebServices
    let accounts: AccountRepository
    let assessment: AssessmentRepository
    let sampling: SamplingRepository

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
        /// The changes a redraw or a replacement would make, shown for confirmation instead of the rest of the page.
        let preview: SamplePreview?
    }

    /// A hidden form field that carries a previewed request into its confirmation.
    struct HiddenField {
        let name: String
        let value: String
    }

    struct LeavingRow {
        let caseID: String
        let stratum: String
        let judgements: Int
        let allocatedTo: String
    }

    struct JoiningRow {
        let caseID: String
        let stratum: String
        let reason: String
    }

    /// What drawing again or replacing a case would change, and the form that confirms it.
    struct SamplePreview {
        let heading: String
        let summary: String
        let leaving: [LeavingRow]
        let joining: [JoiningRow]
        let judgementsNote: String
        let allocationNote: String?
        let nothingChanges: Bool
        let action: String
        let fields: [HiddenField]
        let fingerprint: String
        let button: String
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
        /// The changes allocating again would make, shown for confirmation instead of the rest of the page.
        let preview: AllocationPreview?
    }

    struct ChangeRow {
        let caseID: String
        let from: String
        let to: String
        let interviewBefore: String
        let interviewAfter: String
        let work: String
        let started: Bool
        /// "moves from A to B", or "no longer allocated (was with A)".
        let move: String
    }

    /// What allocating again would change, and the form that confirms it.
    struct AllocationPreview {
        let summary: String
        let moves: [ChangeRow]
        let interviewChanges: [ChangeRow]
        let joining: [ChangeRow]
        let leaving: [ChangeRow]
        let started: [ChangeRow]
        /// Names joined in words, or nil when nobody leaves (joins) the allocation.
        let assessorsLeaving: String?
        let assessorsJoining: String?
        let fields: [HiddenField]
        let fingerprint: String
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        inspection.get("sample") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let notice: String? = switch request.uri.queryParameters.get("changed") {
            case "redrawn": "The sample is drawn again. Each case that left or joined it is in the audit trail."
            case "replaced": "The case is replaced. Both cases are in the audit trail."
            default: nil
            }
            return try await samplePage(context, inspection, errors: [], notice: notice, status: .ok)
        }
        inspection.post("caseload") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            guard let file = context.form.files["caseload"], !file.data.isEmpty else {
                return try await samplePage(context, inspection, errors: [FieldError(field: "caseload", message: "Choose a caseload CSV file")],
                                            status: .unprocessableContent)
            }
            do {
                try await sampling.importCaseload(inspection: inspection.id, data: file.data,
                                                        file: file.name.isEmpty ? "caseload.csv" : file.name, actor: user.email)
            } catch let error as StoreError {
                return try await samplePage(context, inspection, errors: FieldErrors.from(error, field: "caseload"), status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/sample", type: .normal)
        }
        inspection.post("sample") { _, context in
            let (inspection, access, user) = try context.inspection()
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
                    if context.form["confirm"] == "yes" {
                        _ = try await sampling.drawSample(inspection: inspection.id, asOf: asOf, size: size, seed: seed,
                                                       confirming: context.form["fingerprint"] ?? "", actor: user.email)
                        return Response.redirect(to: "/inspections/\(inspection.id)/sample?changed=redrawn", type: .normal)
                    }
                    let (_, changes) = try await sampling.samplePreview(inspection: inspection.id, asOf: asOf, size: size, seed: seed)
                    // The first draw changes nobody's work, so it happens at once; a redraw is shown first.
                    if changes.replacesASample {
                        return try await samplePage(context, inspection, errors: [],
                                                    preview: redrawPreview(inspection, changes, form: context.form), status: .ok)
                    }
                    _ = try await sampling.drawSample(inspection: inspection.id, asOf: asOf, size: size, seed: seed,
                                                   confirming: changes.fingerprint, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/sample", type: .normal)
                } catch let stale as StalePreview {
                    guard case .sample(let changes) = stale.changes else { throw stale }
                    return try await samplePage(context, inspection, errors: [FieldError(field: "confirm", message: stale.description)],
                                                preview: redrawPreview(inspection, changes, form: context.form), status: .conflict)
                } catch StoreError.invalidField(let field, let message) where field == "size" {
                    errors = [FieldError(field: "size", message: message)]
                } catch let error as StoreError {
                    // Anything else the store refuses is the draw from this caseload on this date.
                    errors = try FieldErrors.from(error, field: "as_of")
                }
            }
            return try await samplePage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        inspection.post("sample/replace") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let caseID = context.form["case"] ?? "", reason = context.form["reason"] ?? ""
            var errors: [FieldError] = []
            if caseID.isEmpty { errors.append(FieldError(field: "case", message: "Choose the case to replace")) }
            if reason.isEmpty { errors.append(FieldError(field: "reason", message: "Say why the case is replaced")) }
            if errors.isEmpty {
                do {
                    if context.form["confirm"] == "yes" {
                        _ = try await sampling.replaceSampledCase(inspection: inspection.id, caseID: caseID, because: reason,
                                                               confirming: context.form["fingerprint"] ?? "", actor: user.email)
                        return Response.redirect(to: "/inspections/\(inspection.id)/sample?changed=replaced", type: .normal)
                    }
                    let (_, changes) = try await sampling.replacementPreview(inspection: inspection.id, caseID: caseID, because: reason)
                    return try await samplePage(context, inspection, errors: [],
                                                preview: replacementPreview(inspection, changes, reason: reason), status: .ok)
                } catch let stale as StalePreview {
                    guard case .sample(let changes) = stale.changes else { throw stale }
                    return try await samplePage(context, inspection, errors: [FieldError(field: "confirm", message: stale.description)],
                                                preview: replacementPreview(inspection, changes, reason: reason), status: .conflict)
                } catch let error as StoreError {
                    errors = try FieldErrors.from(error, field: "case")
                }
            }
            return try await samplePage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        inspection.get("allocation") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("changed") != nil
                ? "The cases are allocated again. Each case that moved or changed interview is in the audit trail." : nil
            return try await allocationPage(context, inspection, errors: [], notice: notice, status: .ok)
        }
        inspection.post("allocation") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let members = try await accounts.memberships(inspection: inspection.id)
            let chosen = Set(context.form.all("assessor"))
            let team = members.filter { chosen.contains($0.user.email) }.compactMap(Self.teamMember)
            var errors: [FieldError] = []
            if team.isEmpty { errors.append(FieldError(field: "assessor", message: "Choose at least one assessor")) }
            let slots = Int(context.form["slots_per_day"] ?? "") ?? 0
            if !(1...12).contains(slots) { errors.append(FieldError(field: "slots_per_day", message: "Enter interview slots per day, from 1 to 12")) }
            if errors.isEmpty {
                do {
                    if context.form["confirm"] == "yes" {
                        _ = try await sampling.allocate(inspection: inspection.id, team: team, slotsPerDay: slots,
                                                     confirming: context.form["fingerprint"] ?? "", actor: user.email)
                        return Response.redirect(to: "/inspections/\(inspection.id)/allocation?changed=1", type: .normal)
                    }
                    let (_, changes) = try await sampling.allocationPreview(inspection: inspection.id, team: team, slotsPerDay: slots)
                    // The first allocation moves nobody's work, so it happens at once; allocating again is shown first.
                    if changes.replacesAPlan, !changes.isEmpty {
                        return try await allocationPage(context, inspection, errors: [],
                                                        preview: allocationPreview(changes, team: team, form: context.form, slots: slots),
                                                        status: .ok)
                    }
                    _ = try await sampling.allocate(inspection: inspection.id, team: team, slotsPerDay: slots,
                                                 confirming: changes.fingerprint, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/allocation", type: .normal)
                } catch let stale as StalePreview {
                    guard case .allocation(let changes) = stale.changes else { throw stale }
                    let preview = changes.isEmpty ? nil : allocationPreview(changes, team: team, form: context.form, slots: slots)
                    return try await allocationPage(context, inspection, errors: [FieldError(field: preview == nil ? "assessor" : "confirm",
                                                                                             message: stale.description)],
                                                    preview: preview, status: .conflict)
                } catch let error as StoreError {
                    errors = try FieldErrors.from(error, field: "assessor")
                }
            }
            return try await allocationPage(context, inspection, errors: errors, status: .unprocessableContent)
        }
        inspection.post("allocation/reassign") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let caseID = context.form["case"] ?? "", assessor = context.form["to"] ?? "", reason = context.form["reason"] ?? ""
            var errors: [FieldError] = []
            if caseID.isEmpty { errors.append(FieldError(field: "reassign-case", message: "Enter the case to reassign")) }
            if assessor.isEmpty { errors.append(FieldError(field: "to", message: "Choose who takes the case")) }
            if reason.isEmpty { errors.append(FieldError(field: "reassign-reason", message: "Say why the case is reassigned")) }
            if errors.isEmpty {
                do {
                    _ = try await sampling.reassign(inspection: inspection.id, caseID: caseID, to: assessor, because: reason, actor: user.email)
                    return Response.redirect(to: "/inspections/\(inspection.id)/allocation", type: .normal)
                } catch let error as StoreError {
                    errors = try FieldErrors.from(error, field: "reassign-case")
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

    private func samplePage(_ context: WebContext, _ inspection: Inspection, errors: [FieldError], preview: SamplePreview? = nil,
                            notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let (_, access, _) = try context.inspection()
        let sample = try await sampling.sample(inspection: inspection.id)
        let caseloadCount = try await sampling.caseloadSummary(inspection: inspection.id)
        let judged = try await assessment.caseStatuses(inspection: inspection.id).contains { $0.progress.answered > 0 }
        return services.pages.render("sample", SamplePage(
            chrome: .inspection(preview?.heading ?? "Caseload and sample", inspection, access, context, notice: notice),
            inspection: InspectionSummary(inspection), errors: errors,
            caseloadCount: caseloadCount ?? 0, hasCaseload: caseloadCount != nil,
            asOf: context.form["as_of"] ?? sample?.asOf.description ?? inspection.fieldworkStart?.description ?? CalendarDate.today.description,
            seed: context.form["seed"] ?? sample.map { String($0.seed) } ?? "1",
            size: context.form["size"] ?? "",
            sampled: sample?.selected.map { SampledRow(caseID: $0.caseID, stratum: $0.stratum.description, reason: $0.reason.description) } ?? [],
            eligible: sample?.eligibleCount ?? 0, warnings: (sample?.shortfalls ?? []) + (sample?.warnings ?? []),
            mayRedraw: !judged, preview: preview), status: status)
    }

    private func allocationPage(_ context: WebContext, _ inspection: Inspection, errors: [FieldError], preview: AllocationPreview? = nil,
                                notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let (_, access, _) = try context.inspection()
        let plan = try await sampling.allocation(inspection: inspection.id)
        let members = try await accounts.memberships(inspection: inspection.id).filter { Self.teamMember($0) != nil }
        let inPlan = Set(plan?.team.map(\.name) ?? [])
        let chosen = Set(context.form.all("assessor"))
        let assessors = members.map {
            AssessorChoice(name: $0.user.name, role: $0.role.label, value: $0.user.email,
                           checked: chosen.isEmpty ? (plan == nil || inPlan.contains($0.user.name)) : chosen.contains($0.user.email))
        }
        return services.pages.render("allocation", AllocationPage(
            chrome: .inspection(preview == nil ? "Allocation" : "Check the changes before allocating again", inspection, access, context,
                                notice: notice),
            inspection: InspectionSummary(inspection), errors: errors,
            assessors: assessors, slotsPerDay: context.form["slots_per_day"] ?? "4",
            rows: plan?.allocations.map {
                AllocationRow(caseID: $0.caseID, assessor: $0.assessor, caseManager: $0.caseManager,
                              interview: $0.interview.map { "\($0.day) slot \($0.slot)" } ?? "not scheduled")
            } ?? [],
            loads: plan?.team.map { LoadRow(assessor: $0.name, load: String(format: "%.2f", plan?.loads[$0.name] ?? 0)) } ?? [],
            unscheduled: plan?.unscheduled ?? [], teamNames: plan?.team.map(\.name) ?? [], preview: preview),
            status: status)
    }

    /// The allocation preview, carrying the chosen assessors and slots into the confirmation form.
    private func allocationPreview(_ changes: AllocationChanges, team: [TeamMember], form: FormFields, slots: Int) -> AllocationPreview {
        func row(_ change: AllocationChanges.Change) -> ChangeRow {
            ChangeRow(caseID: change.caseID, from: change.assessorBefore ?? "", to: change.assessorAfter ?? "",
                      interviewBefore: AllocationChanges.words(change.interviewBefore),
                      interviewAfter: AllocationChanges.words(change.interviewAfter),
                      work: change.work.rawValue, started: change.work.isStarted,
                      move: change.leaves ? "no longer allocated (was with \(change.assessorBefore ?? ""))"
                          : "moves from \(change.assessorBefore ?? "nobody") to \(change.assessorAfter ?? "nobody")")
        }
        var parts = ["\(Self.count(changes.moves.count, "case moves", "cases move")) to another assessor",
                     "\(Self.count(changes.interviewChanges.count, "case keeps its", "cases keep their")) assessor but not the interview slot"]
        if !changes.joining.isEmpty { parts.append("\(Self.count(changes.joining.count, "case is", "cases are")) allocated for the first time") }
        if !changes.leaving.isEmpty { parts.append("\(Self.count(changes.leaving.count, "case is", "cases are")) no longer allocated") }
        parts.append(changes.unchanged == 1 ? "1 case stays as it is" : "\(changes.unchanged) cases stay as they are")
        return AllocationPreview(
            summary: parts.joined(separator: "; ") + ".",
            moves: changes.moves.map(row), interviewChanges: changes.interviewChanges.map(row),
            joining: changes.joining.map(row), leaving: changes.leaving.map(row), started: changes.startedWorkMoving.map(row),
            assessorsLeaving: changes.assessorsLeaving.isEmpty ? nil : changes.assessorsLeaving.joined(separator: ", "),
            assessorsJoining: changes.assessorsJoining.isEmpty ? nil : changes.assessorsJoining.joined(separator: ", "),
            fields: form.all("assessor").map { HiddenField(name: "assessor", value: $0) } + [HiddenField(name: "slots_per_day", value: String(slots))],
            fingerprint: changes.fingerprint)
    }

    /// The redraw preview, carrying the caseload date, size and seed into the confirmation form.
    private func redrawPreview(_ inspection: Inspection, _ changes: SampleChanges, form: FormFields) -> SamplePreview {
        samplePreview(
            changes, heading: "Check the changes before drawing the sample again",
            nothingChanges: changes.sameSample,
            action: "/inspections/\(inspection.id)/sample",
            fields: ["as_of", "size", "seed"].map { HiddenField(name: $0, value: form[$0] ?? "") },
            button: "draw again (\(Self.count(changes.leaving.count, "case leaves", "cases leave")), \(changes.joining.count) join)")
    }

    /// The replacement preview, carrying the case and the reason into the confirmation form.
    private func replacementPreview(_ inspection: Inspection, _ changes: SampleChanges, reason: String) -> SamplePreview {
        let out = changes.leaving.first?.caseID ?? "", into = changes.joining.first?.caseID ?? ""
        return samplePreview(
            changes, heading: "Check the replacement", nothingChanges: false,
            action: "/inspections/\(inspection.id)/sample/replace",
            fields: [HiddenField(name: "case", value: out), HiddenField(name: "reason", value: reason)],
            button: "replace \(out) with \(into)")
    }

    private func samplePreview(_ changes: SampleChanges, heading: String, nothingChanges: Bool, action: String, fields: [HiddenField],
                               button: String) -> SamplePreview {
        let judged = changes.judgedLeaving
        let one = changes.leaving.count == 1
        let judgementsNote = changes.leaving.isEmpty ? "No case leaves the sample."
            : judged.isEmpty ? (one ? "The case leaving has no judgement yet." : "None of the \(changes.leaving.count) cases leaving has a judgement yet.")
            : "\(Self.count(judged.count, "case", "cases")) leaving already \(judged.count == 1 ? "has" : "have") judgements "
                + "(\(judged.reduce(0) { $0 + $1.judgements }) in all)."
        let allocated = changes.allocatedLeaving
        let allocationNote = allocated.isEmpty ? nil
            : (one ? "The case leaving is allocated"
                   : "\(Self.count(allocated.count, "case", "cases")) leaving \(allocated.count == 1 ? "is" : "are") allocated")
                + " (\(allocated.map { "\($0.caseID) to \($0.allocatedTo ?? "")" }.joined(separator: ", "))): allocate again afterwards so that "
                + (changes.joining.count == 1 ? "the case joining has" : "every case joining has") + " an assessor and an interview."
        return SamplePreview(
            heading: heading,
            summary: "\(Self.count(changes.leaving.count, "case leaves", "cases leave")) the sample, "
                + "\(Self.count(changes.joining.count, "case joins", "cases join")) it and "
                + "\(Self.count(changes.staying, "case stays", "cases stay")).",
            leaving: changes.leaving.map {
                LeavingRow(caseID: $0.caseID, stratum: $0.stratum.description, judgements: $0.judgements, allocatedTo: $0.allocatedTo ?? "not allocated")
            },
            joining: changes.joining.map { JoiningRow(caseID: $0.caseID, stratum: $0.stratum.description, reason: $0.reason.description) },
            judgementsNote: judgementsNote, allocationNote: allocationNote, nothingChanges: nothingChanges, action: action,
            fields: fields, fingerprint: changes.fingerprint, button: button)
    }

    /// "1 case moves", "3 cases move".
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

}
