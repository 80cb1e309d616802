import Foundation
import Hummingbird
import YJICore
import YJIReports
import YJIStore

/// The inspection's report: a preview with the figures that moved since last read and the anonymisation check, an
/// editor for the text people write over yji's draft, publishing behind the anonymisation guard, and downloads.
struct ReportController {
    let services: WebServices
    /// The Chromium for PDFs; nil finds one as `yji report` does (YJI_CHROMIUM, then PATH). Tests name a missing one.
    var chromium: String? = nil

    // MARK: Page models

    /// A block whose figures moved since it was last read, linked to its place in the preview.
    struct MovedItem {
        let location: String
        let anchor: String
        let sentences: Int
    }

    /// One protected name found in the report's free text.
    struct MatchView {
        let location: String
        let name: String
        let source: String
        let excerpt: String
    }

    struct DownloadLink {
        let label: String
        let href: String
    }

    struct PreviewPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        /// The inspection team's view: changed figures, the anonymisation check with names, editing and publishing.
        let isTeam: Bool
        let published: Bool
        let mayEdit: Bool
        let mayPublish: Bool
        let movedSummary: String
        let moved: [MovedItem]
        let matches: [MatchView]
        let downloads: [DownloadLink]
        /// The report body from `HTMLReportRenderer`, which escapes everything it prints.
        let reportHTML: String
    }

    /// Someone else's save of a block the editor opened before it.
    struct ConflictView {
        let text: String
        let by: String
        let at: String
    }

    struct EditorItem {
        let key: String
        let anchor: String
        let location: String
        let label: String?
        let source: String
        let version: String
        let edited: Bool
        let moved: Bool
        let problems: [String]
        let conflict: ConflictView?
        let mayRestore: Bool
    }

    struct EditorGroup {
        let heading: String
        let items: [EditorItem]
    }

    struct EditorPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let editable: Bool
        let groups: [EditorGroup]
        /// Blocks a person emptied: the draft leaves them out of the report, so they are listed to be restored.
        let removed: [EditorItem]
        let tokenExample: String
        let recommendations: String
        let recommendationsError: Bool
        let names: String
    }

    /// What the editor shows in place of the stored state after a refused save, so nothing typed is lost.
    struct EditorState {
        var errors: [FieldError] = []
        var text: [String: String] = [:]
        var problems: [String: [String]] = [:]
        var conflicts: [String: ConflictView] = [:]
        var versions: [String: Int] = [:]
        var recommendations: String?
    }

    // MARK: Routes

    func addRoutes(to router: Router<WebContext>) {
        router.get("/inspections/{inspection}/report") { request, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.mayReadReport else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("published") != nil ? "The report is published." : nil
            return try await preview(context, inspection, access, errors: [], notice: notice, status: .ok)
        }
        router.get("/inspections/{inspection}/report/download") { request, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.mayReadReport else { throw WebError.forbidden }
            // Without a format a link still downloads something useful: the HTML, which prints as the PDF does.
            let requested = request.uri.queryParameters.get("format") ?? ReportFormat.html.rawValue
            guard let format = ReportFormat(rawValue: requested) else {
                throw WebError.invalid("There is no report format '\(requested)': choose html, md or pdf.")
            }
            let (_, document) = try await draft(inspection)
            let data: Data
            do {
                data = try await Self.bytes(document, format: format, chromium: chromium)
            } catch let error as ReportError {
                // ReportError's words say what to install; 503 because the server lacks a program, not the request a field.
                let title = format == .pdf ? "The PDF cannot be made" : "The report cannot be made"
                return services.pages.render("error", ErrorPage(chrome: chrome(title, inspection, access, context),
                                                                message: error.description),
                                             status: .serviceUnavailable)
            }
            return Response(status: .ok, headers: [
                .contentType: format.mediaType,
                .contentDisposition: "attachment; filename=\"report-inspection-\(inspection.id).\(format.fileExtension)\"",
            ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/inspections/{inspection}/report/edit") { request, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.mayEditReport else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("saved") != nil ? "Saved." : nil
            return try await editor(context, inspection, access, state: EditorState(), notice: notice, status: .ok)
        }
        router.post("/inspections/{inspection}/report/texts") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            if let refused = try refusedEdit(context, inspection, access) { return refused }
            return try await saveText(context, inspection, access, user)
        }
        router.post("/inspections/{inspection}/report/read") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            if let refused = try refusedEdit(context, inspection, access) { return refused }
            let (input, document) = try await draft(inspection)
            // A block with no figures and no saved row has nothing to remember; writing one would only raise its version
            // and send anyone editing it back to reload.
            let figures = Dictionary(document.editableItems.compactMap { item in
                item.key.flatMap { key in item.figures.isEmpty && input.texts[key] == nil ? nil : (key, item.figures) }
            }, uniquingKeysWith: { first, _ in first })
            try await services.store.markReportTextsRead(inspection: inspection.id, figures: figures, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report", type: .normal)
        }
        router.post("/inspections/{inspection}/report/recommendations") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            if let refused = try refusedEdit(context, inspection, access) { return refused }
            let text = context.form.all("recommendations").first ?? ""
            let (items, problems) = Self.parseRecommendations(text)
            var errors = problems.map { FieldError(field: "recommendations", message: $0) }
            if errors.isEmpty {
                do {
                    try await services.store.saveRecommendations(inspection: inspection.id, items, actor: user.email)
                } catch let error as StoreError {
                    guard case .invalid = error else { throw error }
                    errors = SamplingController.fieldErrors(error, field: "recommendations")
                }
            }
            guard errors.isEmpty else {
                return try await editor(context, inspection, access, state: EditorState(errors: errors, recommendations: text),
                                        status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=recommendations#recommendations", type: .normal)
        }
        router.post("/inspections/{inspection}/report/names") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            if let refused = try refusedEdit(context, inspection, access) { return refused }
            try await services.store.saveProtectedNames(inspection: inspection.id, EvidenceController.lines(context.form.all("names").first),
                                                        actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=names#names", type: .normal)
        }
        router.post("/inspections/{inspection}/report/publish") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayPublishReport else { throw WebError.forbidden }
            guard inspection.status != .published else { return publishedPage(context, inspection, access) }
            // Publishing cannot be undone from yji, so it takes a deliberate tick as well as the button.
            guard context.form["confirm"] == "yes" else {
                return try await preview(context, inspection, access,
                                         errors: [FieldError(field: "confirm-publish", message: "Confirm that the report is ready to publish")],
                                         status: .unprocessableContent)
            }
            // Checked again here, not trusted from the preview: text may have changed since it was shown.
            let (input, document) = try await draft(inspection)
            let matches = Reports.anonymisationMatches(input, document: document)
            guard matches.isEmpty else {
                let errors = [FieldError(field: "anonymisation",
                                         message: "The report cannot be published: \(matches.count) protected name\(matches.count == 1 ? " was" : "s were") "
                                             + "found in its text. Change the text where listed below, then publish again")]
                return try await preview(context, inspection, access, errors: errors, status: .conflict)
            }
            _ = try await services.store.setInspectionStatus(inspection: inspection.id, to: .published, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report?published=1", type: .normal)
        }
    }

    // MARK: Saving a block

    private func saveText(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, _ user: User) async throws -> Response {
        let form = context.form
        guard let key = form["key"], !key.isEmpty else { throw WebError.invalid("The form did not say which part of the report to save.") }
        let (input, document) = try await draft(inspection)
        let item = document.editableItems.first { $0.key == key }
        // A block a person emptied is no longer in the document; it can still be brought back.
        guard item != nil || input.texts[key]?.text != nil else { throw WebError.invalid("The report has no part called \(key).") }
        let restore = form["action"] == "restore"
        // Browsers send line breaks as CRLF; lists are stored one item per "\n" line.
        let typed = (form.all("text").first ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let text: String? = restore ? nil : typed.trimmingCharacters(in: .whitespacesAndNewlines)
        let baseVersion = form["version"].flatMap { Int($0) }
        let anchor = Self.anchor(key)

        if let text {
            let problems = BoundText.problems(in: text, framework: input.framework)
            guard problems.isEmpty else {
                let location = ReportLocations.describe(key: key)
                let state = EditorState(errors: problems.map { FieldError(field: "text-\(anchor)", message: "\(location): \($0)") },
                                        text: [key: typed], problems: [key: problems], versions: baseVersion.map { [key: $0] } ?? [:])
                return try await editor(context, inspection, access, state: state, status: .unprocessableContent)
            }
        }
        // The figures the editor now has in front of them are those of the text that will stand: they have seen them.
        let standing: String
        if let text {
            standing = text
        } else {
            var drafted = input
            drafted.texts[key] = nil
            standing = try Reports.draft(drafted).editableItems.first { $0.key == key }?.source ?? ""
        }
        let seen = BoundText.resolve(standing, in: input.scorecard).figures
        do {
            _ = try await services.store.saveReportText(inspection: inspection.id, key: key, text: text, seenFigures: seen,
                                                        baseVersion: baseVersion, actor: user.email)
        } catch StoreError.conflict {
            // Their text is shown beside what this editor typed, which stays in the box on top of their version so a
            // second Save is a deliberate overwrite.
            let theirs = try await services.store.reportTexts(inspection: inspection.id).first { $0.key == key }
            let conflict = ConflictView(text: theirs?.text ?? "(the drafted text: they restored it)", by: theirs?.updatedBy ?? "someone",
                                        at: theirs?.updatedAt ?? "")
            let location = ReportLocations.describe(key: key)
            let state = EditorState(
                errors: [FieldError(field: "text-\(anchor)",
                                    message: "\(location): someone else saved this block since you opened it. Their text is shown beside yours; "
                                        + "save again to replace it with yours")],
                text: [key: typed], conflicts: [key: conflict], versions: [key: theirs?.version ?? 0])
            return try await editor(context, inspection, access, state: state, status: .conflict)
        }
        return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=\(anchor)#\(anchor)", type: .normal)
    }

    // MARK: Pages

    private func preview(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, errors: [FieldError],
                         notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let (input, document) = try await draft(inspection)
        let published = inspection.status == .published
        let isTeam = access.mayEditReport
        let items = document.editableItems
        var listed = Set<String>()
        let moved = isTeam ? items.filter { !$0.changedSentences.isEmpty && listed.insert($0.key ?? "").inserted }.compactMap { item in
            item.key.map { MovedItem(location: ReportLocations.describe(key: $0), anchor: Self.anchor($0), sentences: item.changedSentences.count) }
        } : []
        // The names themselves are for the inspection team only: a service viewer must never see a child's alias.
        let matches = isTeam ? Reports.anonymisationMatches(input, document: document).map {
            MatchView(location: $0.location, name: $0.name.name, source: $0.name.source, excerpt: $0.excerpt)
        } : []
        var html = HTMLReportRenderer.render(document, options: .init(markChangedFigures: isTeam, standalone: false))
        if isTeam { html = Self.anchored(html, keys: items.compactMap(\.key)) }
        let downloads = [("HTML", ReportFormat.html), ("Markdown", .md), ("PDF", .pdf)].map {
            DownloadLink(label: $0.0, href: "/inspections/\(inspection.id)/report/download?format=\($0.1.rawValue)")
        }
        return services.pages.render("report", PreviewPage(
            chrome: chrome("Report", inspection, access, context, notice: notice), inspection: InspectionSummary(inspection),
            errors: errors, isTeam: isTeam, published: published, mayEdit: isTeam && !published,
            mayPublish: access.mayPublishReport && !published, movedSummary: Self.movedSummary(moved.reduce(0) { $0 + $1.sentences }), moved: moved,
            matches: matches, downloads: downloads, reportHTML: html), status: status)
    }

    private func editor(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, state: EditorState,
                        notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let (input, document) = try await draft(inspection)
        let editable = inspection.status != .published
        func view(_ key: String, source: String, edited: Bool, moved: Bool, label: String?) -> EditorItem {
            EditorItem(key: key, anchor: Self.anchor(key), location: ReportLocations.describe(key: key), label: label,
                       source: state.text[key] ?? source, version: (state.versions[key] ?? input.texts[key]?.version).map(String.init) ?? "",
                       edited: edited, moved: moved, problems: state.problems[key] ?? [], conflict: state.conflicts[key],
                       mayRestore: edited && editable)
        }
        func items(_ document: ReportDocument) -> [EditorItem] {
            document.editableItems.compactMap { item in
                item.key.map { view($0, source: item.source, edited: item.edited, moved: !item.changedSentences.isEmpty, label: item.label) }
            }
        }
        // Each top-level section as a document of its own, so `editableItems` alone decides what is editable.
        func part(_ sections: [ReportSection], front: [ReportBlock] = []) -> ReportDocument {
            ReportDocument(programme: document.programme, title: document.title, subtitle: [], runningHeader: "", front: front, sections: sections)
        }
        var groups = [EditorGroup(heading: "Opening", items: items(part([], front: document.front)))]
        groups += document.sections.map { EditorGroup(heading: $0.fullHeading, items: items(part([$0]))) }
        // A letter can print one finding under two themes; it is one block, so it gets one form (where it first appears).
        var seen = Set<String>()
        groups = groups.map { group in EditorGroup(heading: group.heading, items: group.items.filter { seen.insert($0.key).inserted }) }
            .filter { !$0.items.isEmpty }
        let present = Set(document.editableItems.compactMap(\.key))
        let removed = input.texts.values.filter { !present.contains($0.key) && $0.text != nil }.sorted { $0.key < $1.key }.map {
            view($0.key, source: $0.text ?? "", edited: true, moved: false, label: nil)
        }
        let recommendations = state.recommendations
            ?? input.recommendations.map { "\($0.text) | \($0.responsible)" }.joined(separator: "\n")
        return services.pages.render("report-edit", EditorPage(
            chrome: chrome("Edit the report", inspection, access, context, notice: notice, editing: true),
            inspection: InspectionSummary(inspection), errors: state.errors, editable: editable, groups: groups, removed: removed,
            tokenExample: FigureToken(.question, input.framework.questions.first?.id ?? "id", .proportion).description,
            recommendations: recommendations, recommendationsError: state.recommendations != nil && !state.errors.isEmpty,
            names: input.protectedNames.joined(separator: "\n")),
            status: status)
    }

    private func chrome(_ title: String, _ inspection: Inspection, _ access: InspectionAccess, _ context: WebContext,
                        notice: String? = nil, editing: Bool = false) -> PageChrome {
        var crumbs = [("Inspections", "/inspections")]
        if access.maySeeTaskList { crumbs.append((InspectionSummary(inspection).title, "/inspections/\(inspection.id)")) }
        if editing { crumbs.append(("Report", "/inspections/\(inspection.id)/report")) }
        return PageChrome(title: title, context: context, notice: notice, breadcrumbs: crumbs, section: "inspections")
    }

    // MARK: Helpers

    static func movedSummary(_ sentences: Int) -> String {
        switch sentences {
        case 0: "No figures have changed since the report was last read"
        case 1: "1 sentence holds figures that changed since it was last read"
        default: "\(sentences) sentences hold figures that changed since they were last read"
        }
    }

    /// The report's bytes; printing a PDF waits for Chromium for a second or more, so it runs on a Dispatch thread
    /// rather than holding one of the few threads that serve requests.
    static func bytes(_ document: ReportDocument, format: ReportFormat, chromium: String?) async throws -> Data {
        guard format == .pdf else { return try Reports.data(document, format: format) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Reports.data(document, format: format, chromium: chromium) })
            }
        }
    }

    /// The report as drafted today from the store, with everything people have written over it.
    private func draft(_ inspection: Inspection) async throws -> (ReportInput, ReportDocument) {
        let input = try await ReportInput.load(from: services.store, inspection: inspection.id)
        do {
            return (input, try Reports.draft(input))
        } catch let error as ReportError {
            throw WebError.invalid(error.description)
        }
    }

    /// nil when the user may change the report now; otherwise the page that says why not. Editing needs the role,
    /// and the report must not be published yet: a published report is a public record.
    private func refusedEdit(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess) throws -> Response? {
        guard access.mayEditReport else { throw WebError.forbidden }
        return inspection.status == .published ? publishedPage(context, inspection, access) : nil
    }

    /// 409, titled for what happened: the shared error page would say someone else changed something.
    private func publishedPage(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess) -> Response {
        services.pages.render("error", ErrorPage(chrome: chrome("The report is published", inspection, access, context),
                                                 message: "The report is published, so it can no longer be changed or published again."),
                              status: .conflict)
    }

    /// The id a block's element gets in the preview and its form in the editor: the key with anything that is not a
    /// letter, digit or one of `-_.:` made a hyphen, so it is a valid id and URL fragment.
    static func anchor(_ key: String) -> String {
        "item-" + String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) ? $0 : "-" })
    }

    /// The renderer marks each editable element with `data-key`; the preview adds an id beside it so the list of moved
    /// figures can link straight to the sentence. Only the first element per key, so ids stay unique.
    static func anchored(_ html: String, keys: [String]) -> String {
        var html = html
        for key in Set(keys) {
            // Escaped as the renderer escaped it, so the attribute is found.
            let attribute = " data-key=\"\(HTMLReportRenderer.escape(key))\""
            guard let range = html.range(of: attribute) else { continue }
            html.replaceSubrange(range, with: " id=\"\(anchor(key))\"" + attribute)
        }
        return html
    }

    /// Recommendations written one per line as `text | body responsible`; problems name the line they are on.
    static func parseRecommendations(_ text: String) -> ([ReportRecommendation], [String]) {
        var items: [ReportRecommendation] = []
        var problems: [String] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            // The last bar separates, so a recommendation's own text may contain one.
            guard let bar = line.lastIndex(of: "|") else {
                problems.append("Line \(index + 1): add a | and then the body responsible, as in \"assessments are timely | YOT Manager\"")
                continue
            }
            let words = line[..<bar].trimmingCharacters(in: .whitespaces)
            let responsible = line[line.index(after: bar)...].trimmingCharacters(in: .whitespaces)
            if words.isEmpty { problems.append("Line \(index + 1): write the recommendation before the |") }
            if responsible.isEmpty { problems.append("Line \(index + 1): name the body responsible after the |") }
            if !words.isEmpty && !responsible.isEmpty {
                items.append(ReportRecommendation(position: items.count + 1, text: words, responsible: responsible))
            }
        }
        return (items, problems)
    }
}
