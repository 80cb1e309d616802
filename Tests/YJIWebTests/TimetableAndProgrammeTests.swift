import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
@testable import YJIStore
@testable import YJIWeb

/// The inspection timetable, the programme calendar and the programme dashboard, through the real application on the
/// demo database.
@Suite("Timetable and programme pages")
struct TimetableAndProgrammeTests {
    @Test func theLeadMovesTheInspectionOnAndTheHistorySaysWho() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/timetable"))
            // Demo fieldwork ends 2026-11-20: provisional findings are due a fortnight later.
            #expect(page.contains("Provisional findings") && page.contains("2026-12-04"))
            #expect(page.contains("action=\"/inspections/\(cci)/timetable/status\""))
            #expect(page.contains("The status has not been changed in yji yet."))

            let moved = try await lead.post(client, "/inspections/\(cci)/timetable/status", ["status": "moderation"])
            #expect(moved.status == .seeOther)
            #expect(try await fixture.store.inspections.inspection(cci).status == .moderation)
            let after = Web.body(try await lead.get(client, "/inspections/\(cci)/timetable?saved=1"))
            #expect(after.contains("lead@demo.yji.invalid") && after.contains("<td>Fieldwork</td><td>Moderation</td>"))

            // Publishing is the report page's job, and two stages back is refused; neither changes anything.
            let publish = try await lead.post(client, "/inspections/\(cci)/timetable/status", ["status": "published"])
            #expect(publish.status == .unprocessableContent)
            #expect(Web.body(publish).contains("Publish from the report page"))
            let back = try await lead.post(client, "/inspections/\(cci)/timetable/status", ["status": "planning"])
            #expect(back.status == .unprocessableContent)
            #expect(Web.body(back).contains("moves back one stage at a time"))
            #expect(try await fixture.store.inspections.inspection(cci).status == .moderation)
            #expect(try await fixture.store.lifecycle.timetable(inspection: cci).changes.count == 1)
        }
    }

    @Test func onlyManagersMoveAnInspectionOrRecordItsMilestones() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let inspector = try await WebSession.demo(client, .inspector)
            let page = Web.body(try await inspector.get(client, "/inspections/\(cci)/timetable"))
            #expect(page.contains("Provisional findings"), "an inspector on the team reads the timetable")
            #expect(!page.contains("/timetable/status"), "but is offered no form")
            #expect(try await inspector.post(client, "/inspections/\(cci)/timetable/status", ["status": "moderation"]).status == .forbidden)
            #expect(try await inspector.post(client, "/inspections/\(cci)/timetable/milestones",
                                             ["milestone": "provisional-findings", "happened_on": "2026-11-30"]).status == .forbidden)
            #expect(try await fixture.store.inspections.inspection(cci).status == .fieldwork)
            #expect(try await fixture.store.lifecycle.timetable(inspection: cci).happened.isEmpty)
            // The service viewer cannot see an unpublished inspection of another service at all.
            let viewer = try await WebSession.demo(client, .serviceViewer)
            #expect(try await viewer.get(client, "/inspections/\(cci)/timetable").status == .notFound)
        }
    }

    @Test func aMilestoneDateIsCheckedThenRecorded() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let bad = try await lead.post(client, "/inspections/\(cci)/timetable/milestones",
                                          ["milestone": "provisional-findings", "happened_on": "last Tuesday"])
            #expect(bad.status == .unprocessableContent)
            #expect(Web.body(bad).contains("href=\"#happened_on\""))
            let future = try await lead.post(client, "/inspections/\(cci)/timetable/milestones",
                                             ["milestone": "provisional-findings", "happened_on": "2999-01-01"])
            #expect(future.status == .unprocessableContent)
            #expect(try await fixture.store.lifecycle.timetable(inspection: cci).happened.isEmpty)
            let good = try await lead.post(client, "/inspections/\(cci)/timetable/milestones",
                                           ["milestone": "provisional-findings", "happened_on": "2026-11-30"])
            #expect(good.status == .seeOther)
            #expect(try await fixture.store.lifecycle.timetable(inspection: cci).happened["provisional-findings"]?.happenedOn
                    == CalendarDate(year: 2026, month: 11, day: 30))
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)/timetable")).contains("done on time"))
        }
    }

    @Test func theCalendarShowsOnlyInspectionsTheCallerCanSee() async throws {
        try await WebFixture.with { fixture, client in
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let sqs = Web.body(try await viewer.get(client, "/programmes/sqs/calendar"))
            #expect(sqs.contains("Examplebury (synthetic) SQS") && sqs.contains("July 2026") && sqs.contains("2026-07-08 (done)"))
            let cciForViewer = Web.body(try await viewer.get(client, "/programmes/cci/calendar"))
            #expect(!cciForViewer.contains("Demoshire"), "the viewer's calendar leaves out inspections they cannot see")
            let lead = try await WebSession.demo(client, .leadInspector)
            let cci = Web.body(try await lead.get(client, "/programmes/cci/calendar"))
            #expect(cci.contains("Demoshire (synthetic) CCI") && cci.contains("December 2026"))
            let fji = Web.body(try await lead.get(client, "/programmes/fji/calendar"))
            // The demo FJI is still in moderation well after its draft fell due.
            #expect(fji.contains("Samplefield (synthetic) FJI") && fji.contains("overdue by"))
            #expect(try await lead.get(client, "/programmes/nope/calendar").status == .notFound)
        }
    }

    /// Adds a published SQS of another synthetic area, or one at `status`, through the store.
    func addSQS(_ fixture: WebFixture, area: String, region: String, status: InspectionStatus, quality: Double, seed: UInt64) async throws -> Int {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("sqs")
        let inspection = try await fixture.store.inspections.createInspection(
            NewInspection(areaName: area, region: region, framework: framework, fieldworkStart: "2026-03-02", fieldworkEnd: "2026-03-04",
                          status: status == .published ? .factualAccuracy : status),
            frameworkYAML: yaml, actor: "test")
        let data = SyntheticInspection(framework: framework, caseCount: 12, seed: seed, quality: quality)
        try await fixture.store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "test")
        _ = try await fixture.store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements), file: "j.csv", actor: "test")
        if status == .published { try await fixture.publish(inspection.id) }
        return inspection.id
    }

    @Test func theDashboardComparesPublishedAreasAndPicksOutTheViewersOwn() async throws {
        try await WebFixture.with { fixture, client in
            _ = try await addSQS(fixture, area: "Testford (synthetic)", region: "North West", status: .published, quality: 0.2, seed: 41)
            _ = try await addSQS(fixture, area: "Mockton (synthetic)", region: "South West", status: .published, quality: 0.9, seed: 42)
            _ = try await addSQS(fixture, area: "Draftham (synthetic)", region: "South West", status: .draftReport, quality: 0, seed: 43)

            let viewer = try await WebSession.demo(client, .serviceViewer)
            let response = try await viewer.get(client, "/programmes/sqs/benchmark")
            #expect(response.status == .ok)
            let html = Web.body(response)
            #expect(html.contains("3 areas counted."))
            #expect(!html.contains("Draftham"), "a draft never reaches the benchmark")
            #expect(html.contains("Examplebury (synthetic): inspection of 2026-06-10"), "the viewer's own service is picked out")

            // Every strip has one dot per area with a score, the viewer's own drawn larger.
            let entries = try await fixture.store.benchmark.benchmarkEntries(programme: "sqs", asOf: nil)
            let table = Benchmarking.table(programme: "sqs", entries: entries, asOf: nil)
            let first = try #require(table.scores.first { $0.lowest != nil })
            #expect(html.contains("<td class=\"numeric\">\(first.lowest!)%</td><td class=\"numeric\">\(first.highest!)%</td>"))
            let strips = html.components(separatedBy: "<svg").dropFirst().filter { $0.contains("chart-strip") }
            #expect(!strips.isEmpty)
            for strip in strips {
                let dots = strip.components(separatedBy: "<circle").count - 1
                #expect(dots <= 3 && dots >= 1)
                #expect(strip.contains("chart-strip-highlight") == strip.contains("Examplebury (synthetic) "))
            }

            // Filters: one region leaves two areas; a bad date is refused with a link to its field.
            #expect(Web.body(try await viewer.get(client, "/programmes/sqs/benchmark?region=South%20West")).contains("2 areas counted."))
            let bad = try await viewer.get(client, "/programmes/sqs/benchmark?as-of=soon")
            #expect(bad.status == .unprocessableContent)
            #expect(Web.body(bad).contains("href=\"#as-of\""))
            #expect(Web.body(try await viewer.get(client, "/programmes/sqs/benchmark?as-of=2026-04-01")).contains("2 areas counted."))
            #expect(try await viewer.get(client, "/programmes/nope/benchmark").status == .notFound)
        }
    }
}
