import Foundation
import Hummingbird
import YJICore
import YJIReports
import YJIStore

/// The inspection's report: a preview with the figures that moved since last read and the anonymisation check, an
/// editor for the text people write over yji's draft, publishing behind the anonymisation guard, and downloads.
struct ReportController {
    let services: WebServices
    let reports: ReportRepository
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
        /// What still stands between the inspection and publication (for the team, until it is published).
        let blockers: [BlockerView]
        /// Every edition of the published report, with any reopening and its reason.
        let history: [EditionView]
        /// A lead inspector or administrator may reopen the published report to correct it.
        let mayReopen: Bool
        let reopenReason: String
    }

    /// One condition publication waits for, linked to where it is put right.
    struct BlockerView {
        let message: String
        let href: String
    }

    /// One edition of the published report.
    struct EditionView {
        let edition: Int
        let publishedOn: String
        let publishedBy: String
        let reopened: String?
        let reason: String?
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
        /// The box shows text typed but not saved yet (kept from the post that saved another box).
        let unsaved: Bool
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

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        inspection.get("report") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayReadReport else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("published") != nil ? "The report is published."
                : request.uri.queryParameters.get("reopened") != nil
                ? "The report is reopened for correction. Change what needs correcting, then publish it again." : nil
            return try await preview(context, inspection, access, errors: [], notice: notice, status: .ok)
        }
        inspection.get("report/download") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayReadReport else { throw WebError.forbidden }
            // Without a format a link still downloads something useful: the HTML, which prints as the PDF does.
            let requested = request.uri.queryParameters.get("format") ?? ReportFormat.html.rawValue
            guard let format = ReportFormat(rawValue: requested) else {
                throw WebError.invalid("There is no report format '\(requested)': choose html, md or pdf.")
            }
            // A published report is served as it was published; anything else is drafted as it stands.
            let published = try await reports.publishedReport(inspection: inspection.id)
            let data: Data
            do {
                if let published {
                    data = try await Self.offThreadPool { try ReportPublication.data(published, format: format, chromium: chromium) }
                } else {
                    let (_, document) = try await draft(inspection)
                    data = try await Self.bytes(document, format: format, chromium: chromium)
                }
            } catch let error as ReportError {
                // ReportError's words say what to install; 503 because the server lacks a program, not the request a field.
                let title = format == .pdf ? "The PDF cannot be made" : "The report cannot be made"
                return services.pages.render("error", ErrorPage(chrome: .inspection(title, inspection, access, context),
                                                                message: error.description),
                                             status: .serviceUnavailable)
            }
            return Response(status: .ok, headers: [
                .contentType: format.mediaType,
                .contentDisposition: "attachment; filename=\"report-inspection-\(inspection.id).\(format.fileExtension)\"",
            ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        inspection.get("report/edit") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.mayEditReport else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("saved") == "all" ? "Saved every changed part."
                : request.uri.queryParameters.get("saved") != nil ? "Saved." : nil
            return try await editor(context, inspection, access, state: EditorState(), notice: notice, status: .ok)
        }
        inspection.post("report/texts") { request, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayEditReport else { throw WebError.forbidden }
            let wantsJSON = request.headers[.accept]?.contains("application/json") == true
            return try await saveText(context, inspection, access, user, json: wantsJSON)
        }
        inspection.post("report/read") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayEditReport else { throw WebError.forbidden }
            let (input, document) = try await draft(inspection)
            // A block with no figures and no saved row has nothing to remember; writing one would only raise its version
            // and send anyone editing it back to reload.
            let figures = Dictionary(document.editableItems.compactMap { item in
                item.key.flatMap { key in item.figures.isEmpty && input.texts[key] == nil ? nil : (key, item.figures) }
            }, uniquingKeysWith: { first, _ in first })
            try await reports.markReportTextsRead(inspection: inspection.id, figures: figures, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report", type: .normal)
        }
        inspection.post("report/recommendations") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayEditReport else { throw WebError.forbidden }
            let text = context.form.all("recommendations").first ?? ""
            let (items, problems) = Self.parseRecommendations(text)
            var errors = problems.map { FieldError(field: "recommendations", message: $0) }
            if errors.isEmpty {
                do {
                    try await reports.saveRecommendations(inspection: inspection.id, items, actor: user.email)
                } catch let error as StoreError {
                    guard case .invalid = error else { throw error }
                    errors = try FieldErrors.from(error, field: "recommendations")
                }
            }
            guard errors.isEmpty else {
                return try await editor(context, inspection, access, state: EditorState(errors: errors, recommendations: text),
                                        status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=recommendations#recommendations", type: .normal)
        }
        inspection.post("report/names") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayEditReport else { throw WebError.forbidden }
            try await reports.saveProtectedNames(inspection: inspection.id, EvidenceController.lines(context.form.all("names").first),
                                                        actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=names#names", type: .normal)
        }
        inspection.post("report/publish") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayPublishReport else { throw WebError.forbidden }
            // Publishing freezes the inspection, so it takes a deliberate tick as well as the button.
            guard context.form["confirm"] == "yes" else {
                return try await preview(context, inspection, access,
                                         errors: [FieldError(field: "confirm-publish", message: "Confirm that the report is ready to publish")],
                                         status: .unprocessableContent)
            }
            // The gate runs again here, inside the store's transaction, not trusted from the preview.
            do {
                try await reports.publish(inspection: inspection.id, actor: user.email)
            } catch StoreError.notReady(let blockers) {
                let errors = blockers.map { FieldError(field: $0.link, message: "The report cannot be published yet: " + $0.message) }
                return try await preview(context, inspection, access, errors: errors, status: .conflict)
            } catch StoreError.conflict(let message) {
                return try await preview(context, inspection, access, errors: [FieldError(field: "report-panel-title", message: message)],
                                         status: .conflict)
            } catch let error as ReportError {
                throw WebError.invalid(error.description)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/report?published=1", type: .normal)
        }
        inspection.post("report/reopen") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayPublishReport else { throw WebError.forbidden }
            guard inspection.status == .published else {
                throw WebError.invalid("The report is not published, so there is nothing to reopen.")
            }
            let reason = (context.form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                return try await preview(context, inspection, access,
                                         errors: [FieldError(field: "reopen-reason", message: "Say why the published report must be corrected")],
                                         status: .unprocessableContent)
            }
            _ = try await reports.reopen(inspection: inspection.id, reason: reason, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/report?reopened=1", type: .normal)
        }
    }

    // MARK: Saving a block

    /// What saving one block came to.
    private enum BlockOutcome {
        case saved(ReportText)
        case refused([String])
        case conflict(ConflictView, version: Int)
    }

    /// The editor posts every box it shows (`text.KEY`, `version.KEY`) with the button pressed: `save:KEY`,
    /// `restore:KEY` or `save-all`. Only the named boxes are saved; any other box whose text was changed comes back
    /// with what was typed in it, so saving one box never loses the typing in another. A post of one block alone
    /// (`key`, `text`, `version`, `action`), as the page's script sends, saves that block; asked for JSON, the answer
    /// is the saved block's new version instead of a page.
    private func saveText(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, _ user: User,
                          json: Bool) async throws -> Response {
        let form = context.form
        let (input, document) = try await draft(inspection)
        // Browsers send line breaks as CRLF; lists are stored one item per "\n" line.
        func typed(_ value: String) -> String { value.replacingOccurrences(of: "\r\n", with: "\n") }
        var boxes: [(key: String, typed: String, version: Int?)] = []
        var targets: [String] = []
        var restore = false
        if let key = form["key"] {
            guard !key.isEmpty else { throw WebError.invalid("The form did not say which part of the report to save.") }
            boxes = [(key, typed(form.all("text").first ?? ""), form["version"].flatMap { Int($0) })]
            targets = [key]
            restore = form["action"] == "restore"
        } else {
            for (name, value) in form.pairs where name.hasPrefix("text.") {
                let key = String(name.dropFirst("text.".count))
                boxes.append((key, typed(value), form["version.\(key)"].flatMap { Int($0) }))
            }
            let action = form["action"] ?? ""
            if action == "save-all" {
                targets = boxes.filter { Self.changed($0.typed, from: Self.shown($0.key, input: input, document: document)) }.map(\.key)
            } else if action.hasPrefix("save:") || action.hasPrefix("restore:") {
                restore = action.hasPrefix("restore:")
                targets = [String(action.drop { $0 != ":" }.dropFirst())]
            }
            guard action == "save-all" || targets.allSatisfy({ key in boxes.contains { $0.key == key } }), !action.isEmpty else {
                throw WebError.invalid("The form did not say which part of the report to save.")
            }
        }

        var state = EditorState()
        var saved: [(key: String, text: ReportText)] = []
        var refused = false, conflicted = false
        for box in boxes where targets.contains(box.key) {
            let anchor = Self.anchor(box.key)
            let location = ReportLocations.describe(key: box.key)
            switch try await saveBlock(key: box.key, typed: box.typed, baseVersion: box.version, restore: restore,
                                       input: input, document: document, inspection: inspection, user: user) {
            case .saved(let text):
                saved.append((box.key, text))
            case .refused(let problems):
                refused = true
                state.errors += problems.map { FieldError(field: "text-\(anchor)", message: "\(location): \($0)") }
                state.text[box.key] = box.typed
                state.problems[box.key] = problems
                if let version = box.version { state.versions[box.key] = version }
            case .conflict(let conflict, let version):
                conflicted = true
                // Their text is shown beside what this editor typed, which stays in the box on top of their version so a
                // second Save is a deliberate overwrite.
                state.errors.append(FieldError(field: "text-\(anchor)",
                                               message: "\(location): someone else saved this block since you opened it. Their text is shown "
                                                   + "beside yours; save again to replace it with yours"))
                state.text[box.key] = box.typed
                state.conflicts[box.key] = conflict
                state.versions[box.key] = version
            }
        }
        if json, !refused, !conflicted, let block = saved.first {
            return try APIResponse.json(SavedBlockJSON(key: block.key, version: block.text.version, location: ReportLocations.describe(key: block.key)))
        }
        // Typing in boxes that were not saved stays on the page, with the version it was typed over.
        var kept = 0
        for box in boxes where !targets.contains(box.key) && Self.changed(box.typed, from: Self.shown(box.key, input: input, document: document)) {
            state.text[box.key] = box.typed
            if let version = box.version { state.versions[box.key] = version }
            kept += 1
        }
        if refused || conflicted {
            return try await editor(context, inspection, access, state: state, status: conflicted && !refused ? .conflict : .unprocessableContent)
        }
        if kept > 0 {
            let what = saved.count == 1 ? ReportLocations.describe(key: saved[0].key) : "\(saved.count) parts"
            let notice = "Saved \(what). What you typed in \(kept == 1 ? "1 other part" : "\(kept) other parts") is not saved yet; it is kept below."
            return try await editor(context, inspection, access, state: state, notice: notice, status: .ok)
        }
        let anchor = saved.count == 1 ? Self.anchor(saved[0].key) : "all"
        return Response.redirect(to: "/inspections/\(inspection.id)/report/edit?saved=\(anchor)\(saved.count == 1 ? "#\(anchor)" : "")", type: .normal)
    }

    /// The saved block, for the editor's script.
    struct SavedBlockJSON: Encodable {
        let key: String
        let version: Int
        let location: String
    }

    /// The text a box showed when the editor was drawn: what people wrote, or the draft.
    static func shown(_ key: String, input: ReportInput, document: ReportDocument) -> String {
        document.editableItems.first { $0.key == key }?.source ?? input.texts[key]?.text ?? ""
    }

    /// Whether a box's text differs from what it showed; surrounding blank space is not a change.
    static func changed(_ typed: String, from shown: String) -> Bool {
        typed.trimmingCharacters(in: .whitespacesAndNewlines) != shown.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Checks and saves one block's text (or restores its draft when `restore`).
    private func saveBlock(key: String, typed: String, baseVersion: Int?, restore: Bool, input: ReportInput, document: ReportDocument,
                           inspection: Inspection, user: User) async throws -> BlockOutcome {
        let item = document.editableItems.first { $0.key == key }
        // A block a person emptied is no longer in the document; it can still be brought back.
        guard item != nil || input.texts[key]?.text != nil else { throw WebError.invalid("The report has no part called \(key).") }
        let text: String? = restore ? nil : typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text {
            let problems = BoundText.problems(in: text, framework: input.framework)
            guard problems.isEmpty else { return .refused(problems) }
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
        let seen = BoundText.resolve(standing, in: input.scorecard, countBelow: input.framework.countBelow).figures
        do {
            return .saved(try await reports.saveReportText(inspection: inspection.id, key: key, text: text, seenFigures: seen,
                                                                  baseVersion: baseVersion, actor: user.email))
        } catch StoreError.conflict {
            let theirs = try await reports.reportTexts(inspection: inspection.id).first { $0.key == key }
            let conflict = ConflictView(text: theirs?.text ?? "(the drafted text: they restored it)", by: theirs?.updatedBy ?? "someone",
                                        at: theirs?.updatedAt ?? "")
            return .conflict(conflict, version: theirs?.version ?? 0)
        }
    }

    // MARK: Pages

    private func preview(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, errors: [FieldError],
                         notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let isTeam = access.mayEditReport
        let downloads = [("HTML", ReportFormat.html), ("Markdown", .md), ("PDF", .pdf)].map {
            DownloadLink(label: $0.0, href: "/inspections/\(inspection.id)/report/download?format=\($0.1.rawValue)")
        }
        let history = try await reports.publications(inspection: inspection.id).reversed().map { edition in
            EditionView(edition: edition.edition, publishedOn: edition.publishedOn.description, publishedBy: edition.publishedBy,
                        reopened: edition.reopenedAt.map { String($0.prefix(10)) + (edition.reopenedBy.map { " by \($0)" } ?? "") },
                        reason: edition.reopenReason)
        }
        let chrome = PageChrome.inspection("Report", inspection, access, context, notice: notice)
        // A published report is shown as it was published, to everyone: the stored record, never a fresh draft.
        if inspection.status == .published, let record = try await reports.publishedReport(inspection: inspection.id) {
            return services.pages.render("report", PreviewPage(
                chrome: chrome, inspection: InspectionSummary(inspection), errors: errors, isTeam: isTeam, published: true, mayEdit: false,
                mayPublish: false, movedSummary: Self.movedSummary(0), moved: [], matches: [], downloads: downloads, reportHTML: record.body,
                blockers: [], history: history, mayReopen: access.mayPublishReport, reopenReason: context.form["reason"] ?? ""),
                status: status)
        }
        let checked: ReportPublication.Checked
        do {
            checked = try await reports.check(inspection: inspection.id)
        } catch let error as ReportError {
            throw WebError.invalid(error.description)
        }
        let document = checked.document
        // Imported from an archive as published: no stored edition, so it is shown as drafted from its frozen data.
        let published = inspection.status == .published
        let moved = isTeam ? Reports.movedItems(document).compactMap { item in
            item.key.map { MovedItem(location: ReportLocations.describe(key: $0), anchor: Self.anchor($0), sentences: item.changedSentences.count) }
        } : []
        // The names themselves are for the inspection team only: a service viewer must never see a child's alias.
        let matches = isTeam ? checked.matches.map {
            MatchView(location: $0.location, name: $0.name.name, source: $0.name.source, excerpt: $0.excerpt)
        } : []
        let blockers = isTeam && !published
            ? PublicationGate.blockers(try await reports.publicationFacts(inspection: inspection.id, checks: checked.checks)).map {
                BlockerView(message: $0.message, href: $0.link)
            } : []
        var html = HTMLReportRenderer.render(document, options: .init(markChangedFigures: isTeam, standalone: false))
        if isTeam { html = Self.anchored(html, keys: document.editableItems.compactMap(\.key)) }
        return services.pages.render("report", PreviewPage(
            chrome: chrome, inspection: InspectionSummary(inspection),
            errors: errors, isTeam: isTeam, published: published, mayEdit: isTeam && !published,
            mayPublish: access.mayPublishReport && !published, movedSummary: Self.movedSummary(checked.checks.movedSentences), moved: moved,
            matches: matches, downloads: downloads, reportHTML: html, blockers: blockers, history: history,
            mayReopen: access.mayPublishReport && published, reopenReason: context.form["reason"] ?? ""), status: status)
    }

    private func editor(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, state: EditorState,
                        notice: String? = nil, status: HTTPResponse.Status) async throws -> Response {
        let (input, document) = try await draft(inspection)
        let editable = inspection.status != .published
        func view(_ key: String, source: String, edited: Bool, moved: Bool, label: String?) -> EditorItem {
            EditorItem(key: key, anchor: Self.anchor(key), location: ReportLocations.describe(key: key), label: label,
                       source: state.text[key] ?? source, version: (state.versions[key] ?? input.texts[key]?.version).map(String.init) ?? "",
                       edited: edited, moved: moved, problems: state.problems[key] ?? [], conflict: state.conflicts[key],
                       mayRestore: edited && editable, unsaved: state.text[key] != nil)
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
            chrome: .inspection("Edit the report", inspection, access, context, notice: notice,
                                trail: [("Report", "/inspections/\(inspection.id)/report")]),
            inspection: InspectionSummary(inspection), errors: state.errors, editable: editable, groups: groups, removed: removed,
            tokenExample: FigureToken(.question, input.framework.questions.first?.id ?? "id", .proportion).description,
            recommendations: recommendations, recommendationsError: state.recommendations != nil && !state.errors.isEmpty,
            names: input.protectedNames.joined(separator: "\n")),
            status: status)
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
        return try await offThreadPool { try Reports.data(document, format: format, chromium: chromium) }
    }

    /// Runs `work` on a Dispatch thread, for the seconds Chromium takes to print.
    static func offThreadPool(_ work: @escaping @Sendable () throws -> Data) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The report as drafted today from the store, with everything people have written over it.
    private func draft(_ inspection: Inspection) async throws -> (ReportInput, ReportDocument) {
        let input = try await reports.input(inspection: inspection.id)
        do {
            return (input, try Reports.draft(input))
        } catch let error as ReportError {
            throw WebError.invalid(error.description)
        }
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
