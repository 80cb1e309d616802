import YJICore

/// The facts about an inspection that head its pages.
struct InspectionSummary {
    let id: Int
    let title: String
    let area: String
    let programme: String
    /// The programme's id as in links ("cci").
    let programmeID: String
    let framework: String
    let fieldwork: String
    /// The stage's name as the timetable and the task list give it, so a stage reads the same on every page.
    let status: String

    init(_ inspection: Inspection) {
        id = inspection.id
        area = inspection.area.name
        programme = inspection.programme.uppercased()
        programmeID = inspection.programme
        title = "\(inspection.area.name) \(programme)"
        framework = "\(inspection.frameworkID) \(inspection.frameworkVersion)"
        fieldwork = Self.fieldwork(inspection)
        status = inspection.status.displayName
    }

    /// "2026-11-02 to 2026-11-06", or "not set" before the dates are known.
    static func fieldwork(_ inspection: Inspection) -> String {
        guard let start = inspection.fieldworkStart else { return "not set" }
        return "\(start) to \(inspection.fieldworkEnd ?? start)"
    }
}

extension PageChrome {
    /// A page inside one inspection, under "Inspections › the inspection › `trail`".
    ///
    /// The inspection's own crumb leads to its task list, so it is left out for those who may not open that list
    /// (a service viewer, a local assessor), who would otherwise be sent to a refusal.
    static func inspection(_ title: String, _ inspection: Inspection, _ access: InspectionAccess, _ context: WebContext,
                           notice: String? = nil, trail: [(String, String)] = []) -> PageChrome {
        var crumbs = [("Inspections", "/inspections")]
        if access.maySeeTaskList { crumbs.append((InspectionSummary(inspection).title, "/inspections/\(inspection.id)")) }
        return PageChrome(title: title, context: context, notice: notice, breadcrumbs: crumbs + trail, section: "inspections")
    }
}
