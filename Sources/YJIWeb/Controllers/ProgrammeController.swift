import Foundation
import Hummingbird
import YJICore
import YJIReports
import YJIStore

/// The programme dashboard: every headline, section and criterion score's lowest, highest and average over the
/// published inspections to a date, with a strip chart per score and one area picked out beside its last inspection.
///
/// Only published figures appear, the ones printed in every report's foreword, so any signed-in user may read it.
struct ProgrammeController {
    let services: WebServices
    let benchmark: BenchmarkRepository

    struct Row {
        let level: String
        let id: String
        let name: String
        let lowest: String
        let highest: String
        let average: String
        let areas: Int
        let selected: String
        /// The picked-out area's label as published (its inspectors' judgement where a person set it); empty if none.
        let selectedLabel: String
        let change: String
        let isHeadline: Bool
        let isSection: Bool
        let chart: String
    }

    struct DashboardPage {
        let chrome: PageChrome
        let programme: String
        let programmeName: String
        let programmes: [Choice]
        let errors: [FieldError]
        let asOf: String
        let regions: [Choice]
        let countries: [Choice]
        let areas: [Choice]
        let counted: Int
        let selectedName: String
        let selectedDate: String
        let previousDate: String
        let rows: [Row]
        let empty: Bool
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/programmes/{programme}/benchmark") { request, context in
            try await dashboard(request, context)
        }
    }

    private func dashboard(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try services.user(context)
        let programme = context.parameters.get("programme") ?? ""
        let programmes = Programmes.shipped
        guard let name = programmes.first(where: { $0.id == programme })?.name else { throw WebError.notFound() }
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        let asOfText = (query.get("as-of") ?? "").trimmingCharacters(in: .whitespaces)
        let asOf = CalendarDate.parse(asOfText)
        if !asOfText.isEmpty, asOf == nil { errors.append(FieldError(field: "as-of", message: "Enter the date as YYYY-MM-DD")) }
        let region = query.get("region").flatMap { $0.isEmpty ? nil : $0 }
        let country = query.get("country").flatMap { $0.isEmpty ? nil : $0 }

        let entries = try await benchmark.benchmarkEntries(programme: programme, asOf: asOf)
        let table = Benchmarking.table(programme: programme, entries: entries, asOf: asOf, region: region, country: country)
        let counted = Dictionary(uniqueKeysWithValues: entries.filter { table.inspectionIDs.contains($0.inspectionID) }.map { ($0.areaName, $0) })

        // The area picked out: the one asked for, else a service viewer's own service, if it is among those counted.
        var selectedArea = query.get("area").flatMap { $0.isEmpty ? nil : $0 }
        if selectedArea == nil, user.role == .serviceViewer {
            selectedArea = try await services.visibleInspections(user).first?.0.area.name
        }
        let selected = selectedArea.flatMap { counted[$0] }
        let changes = selected.map { Benchmarking.change(for: $0.inspectionID, entries: entries) } ?? []
        let previous = selected.flatMap { Benchmarking.previous(of: $0.inspectionID, entries: entries) }

        let countedEntries = counted.values.sorted { $0.areaName < $1.areaName }
        func row(_ benchmark: ScoreBenchmark) -> Row {
            let own = selected?.scorecard.score(benchmark.level, benchmark.id)?.percent
            let change = changes.first { $0.level == benchmark.level && $0.id == benchmark.id }?.points
            let points = countedEntries.compactMap { entry in
                entry.scorecard.score(benchmark.level, benchmark.id)?.percent.map {
                    StripPoint(label: entry.areaName, percent: $0, highlighted: entry.areaName == selected?.areaName)
                }
            }
            let heading = benchmark.level == .headline ? benchmark.name : "\(benchmark.id) \(benchmark.name)"
            return Row(
                level: benchmark.level.rawValue.capitalized, id: benchmark.level == .headline ? "" : benchmark.id, name: benchmark.name,
                lowest: Self.percent(benchmark.lowest), highest: Self.percent(benchmark.highest), average: Self.percent(benchmark.average),
                areas: benchmark.areas, selected: Self.percent(own),
                selectedLabel: selected?.scorecard.score(benchmark.level, benchmark.id)?.labelDescription ?? "",
                change: change.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "–",
                isHeadline: benchmark.level == .headline, isSection: benchmark.level == .section,
                chart: ReportCharts.strip(points, title: "\(heading): every area's score", heading: heading, average: benchmark.average,
                                          id: "strip-\(benchmark.level.rawValue)-\(benchmark.id)"))
        }
        let allEntries = entries
        let regions = Set(allEntries.map(\.region)).filter { !$0.isEmpty }.sorted()
        let countries = Set(allEntries.map(\.country)).sorted()
        return services.pages.render("programme", DashboardPage(
            chrome: PageChrome(title: "\(name) scores across areas", context: context, breadcrumbs: [("Inspections", "/inspections")],
                               section: "programmes"),
            programme: programme, programmeName: name,
            programmes: programmes.map { Choice(value: $0.id, label: $0.name, selected: $0.id == programme) },
            errors: errors, asOf: asOfText,
            regions: [Choice(value: "", label: "All regions", selected: region == nil)]
                + regions.map { Choice(value: $0, label: $0, selected: $0 == region) },
            countries: [Choice(value: "", label: "England and Wales", selected: country == nil)]
                + countries.map { Choice(value: $0, label: $0, selected: $0 == country) },
            areas: [Choice(value: "", label: "None", selected: selected == nil)]
                + countedEntries.map { Choice(value: $0.areaName, label: $0.areaName, selected: $0.areaName == selected?.areaName) },
            counted: table.areas, selectedName: selected?.areaName ?? "",
            selectedDate: selected?.date.description ?? "", previousDate: previous?.date.description ?? "",
            rows: table.scores.map(row), empty: table.areas == 0),
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "–" }
}
