import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIReports
import YJIStore
@testable import YJIWeb

/// One scorecard, judged labels included, on every surface. One FJI inspection with a judged theme (governance and
/// partnerships, from its latest finding) and a theme whose proposed label the lead inspector replaced.
@Suite("One scorecard on every surface")
struct OneScorecardTests {
    @Test(arguments: SharedSessionTests.Engine.available)
    func theSameLabelsOnEverySurface(_ engine: SharedSessionTests.Engine) async throws {
        try await WebFixture.with(engine: engine) { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let lead = try await WebSession.demo(client, .leadInspector)
            let inspector = try await WebSession.demo(client, .inspector)
            let leadEmail = try #require(DemoData.accounts.first { $0.role == .leadInspector }).email

            // The judged theme: the demo's joint team judged it satisfactory; a later finding judges it again. A
            // judgement that is not a label of the scale is refused on the page, naming the labels.
            let demoFindings = try await fixture.store.evidence.findings(inspection: fji)
            #expect(demoFindings.contains { $0.judgement == "satisfactory" })
            let finding = ["area": "governance", "key_findings": "The board met regularly but health was not represented (synthetic).",
                           "document_title": "Board minutes (synthetic)", "document_date": "2026-09-01", "document_provided_by": "The service"]
            let wrong = try await lead.post(client, "/inspections/\(fji)/evidence/findings", finding.merging(["judgement": "Satisfactory"]) { $1 })
            #expect(wrong.status == .unprocessableContent)
            #expect(Web.body(wrong).contains("poor, unsatisfactory, satisfactory, good"))
            #expect(try await fixture.store.evidence.findings(inspection: fji) == demoFindings)
            #expect(try await lead.post(client, "/inspections/\(fji)/evidence/findings",
                                        finding.merging(["judgement": "poor"]) { $1 }).status == .seeOther)

            // The overridden theme: theme 1's proposal replaced by another label of the scale, through the page's form.
            let (framework, before) = try await fixture.store.scores.scorecard(inspection: fji)
            let theme = try #require(before.score(.section, "1"))
            let proposal = try #require(theme.computedBand)
            let percent = try #require(theme.percent)
            let decided = try #require(framework.ratingScale(for: .section)?.bands.map(\.label).first { $0 != proposal && $0 != "poor" })
            let reason = "Synthetic: plans rarely reflected the views of the child."
            let noReason = try await lead.post(client, "/inspections/\(fji)/scores/ratings",
                                               ["action": "decide", "score": "section:1", "label": decided, "reason": " "])
            #expect(noReason.status == .unprocessableContent && Web.body(noReason).contains("Say why the label differs"))
            // The refusal names its field, and reaches that field whatever its words.
            #expect(Web.body(noReason).contains(##"<a href="#rating-reason">Say why the label differs"##))
            let sameLabel = try await lead.post(client, "/inspections/\(fji)/scores/ratings",
                                                ["action": "decide", "score": "section:1", "label": proposal, "reason": reason])
            #expect(Web.body(sameLabel).contains(##"<a href="#rating-label">"##))
            #expect(try await inspector.post(client, "/inspections/\(fji)/scores/ratings",
                                             ["action": "decide", "score": "section:1", "label": decided, "reason": reason]).status == .forbidden)
            #expect(try await fixture.store.scores.ratingDecisions(inspection: fji).isEmpty, "refusals decide nothing")
            let saved = try await lead.post(client, "/inspections/\(fji)/scores/ratings",
                                            ["action": "decide", "score": "section:1", "label": decided, "reason": reason])
            #expect(saved.status == .seeOther)

            let (_, card) = try await fixture.store.scores.scorecard(inspection: fji)
            #expect(card.score(.section, "1")?.band == decided && card.score(.section, "5")?.band == "poor")

            // 1. The scores page: the decided label with who and why beside the proposal; the form only for the lead.
            let leadPage = Web.body(try await lead.get(client, "/inspections/\(fji)/scores"))
            #expect(leadPage.contains(">judged \(decided)</span>") && leadPage.contains("proposed from the score: \(proposal)"))
            #expect(leadPage.contains("decided by \(leadEmail)") && leadPage.contains(reason))
            #expect(leadPage.contains(">judged poor</span>") && leadPage.contains("from the finding recorded by \(leadEmail)"))
            #expect(leadPage.contains("Decide a label") && leadPage.contains("Return to \(proposal)"))
            let inspectorPage = Web.body(try await inspector.get(client, "/inspections/\(fji)/scores"))
            #expect(inspectorPage.contains(">judged \(decided)</span>") && !inspectorPage.contains("Decide a label"))

            // 2. The API.
            let api = try #require(try Web.json(try await inspector.get(client, "/api/v1/inspections/\(fji)/scores")) as? [String: Any])
            let sections = try #require(api["sections"] as? [[String: Any]])
            let one = try #require(sections.first { $0["id"] as? String == "1" })
            let five = try #require(sections.first { $0["id"] as? String == "5" })
            #expect(one["band"] as? String == decided && one["computedBand"] as? String == proposal)
            #expect(one["ratingSource"] as? String == "decision" && one["ratedBy"] as? String == leadEmail && one["ratingReason"] as? String == reason)
            #expect(five["band"] as? String == "poor" && five["ratingSource"] as? String == "finding")

            // 3. `yji score --inspection`: the store's card through the command's own renderers.
            let (_, commandCard) = try await fixture.store.scores.scorecard(inspection: fji)
            let text = ScorecardTable.render(commandCard, framework: framework)
            #expect(text.contains("judged \(decided) (inspectors' judgement by \(leadEmail), proposed \(proposal): \(reason))"))
            #expect(text.contains("judged poor"))
            let document = ScorecardDocument(commandCard, framework: framework)
            #expect(document.sections.first { $0.id == "1" }?.band == decided && document.sections.first { $0.id == "5" }?.band == "poor")

            // 4. The published record: published through the gate, the stored card carries both labels.
            try await fixture.publish(fji)
            let (_, published) = try await fixture.store.scores.scorecard(inspection: fji)
            #expect(try await fixture.store.inspections.inspection(fji).status == .published)
            #expect(published.sections.map(\.band) == card.sections.map(\.band))
            #expect(published.score(.section, "1")?.override?.reason == reason)
            let frozen = try await lead.post(client, "/inspections/\(fji)/scores/ratings",
                                             ["action": "withdraw", "score": "section:1", "reason": "after publication"])
            #expect(frozen.status == .conflict)
            #expect(!Web.body(try await lead.get(client, "/inspections/\(fji)/scores")).contains("Decide a label"))

            // 5. The benchmark dashboard, with the area picked out, reads the published card.
            let area = try await fixture.store.inspections.inspection(fji).area.name
            let query = area.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? area
            let dashboard = Web.body(try await inspector.get(client, "/programmes/fji/benchmark?area=\(query)"))
            #expect(dashboard.contains("<td>judged \(decided)</td>") && dashboard.contains("<td>judged poor</td>"))
            let entry = try #require(try await fixture.store.benchmark.benchmarkEntries(programme: "fji", asOf: nil).first { $0.inspectionID == fji })
            #expect(entry.scorecard.sections.map(\.band) == card.sections.map(\.band))

            // 6. The report, as published.
            let report = Web.body(try await inspector.get(client, "/inspections/\(fji)/report"))
            #expect(report.contains("judged \(decided); case assessment score \(percent)%"))
            #expect(report.contains("judged poor; not scored from cases"))
            let markdown = try #require(try await fixture.store.reports.publishedReport(inspection: fji)).markdown
            #expect(markdown.contains("| \(theme.name) | judged \(decided); case assessment score \(percent)% |"))
        }
    }

    /// A CCI comment the lead inspector decided is the one the report prints, and returning to the proposal restores it.
    @Test func aDecidedCCICommentIsTheOneTheReportPrints() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let (framework, card) = try await fixture.store.scores.scorecard(inspection: cci)
            let criterion = try #require(card.criteria.first { $0.percent != nil })
            let proposal = try #require(criterion.computedBand)
            let decided = try #require(framework.ratingScale(for: .criterion)?.bands.map(\.label).first { $0 != proposal })
            func reportText() async throws -> String {
                let input = try await fixture.store.reports.input(inspection: cci)
                return try #require(input.scorecard.score(.criterion, criterion.id)?.band)
            }
            #expect(try await reportText() == proposal)
            #expect(try await lead.post(client, "/inspections/\(cci)/scores/ratings", [
                "action": "decide", "score": "criterion:\(criterion.id)", "label": decided, "reason": "Synthetic reason.",
            ]).status == .seeOther)
            #expect(try await reportText() == decided)
            let withdrawn = try await lead.post(client, "/inspections/\(cci)/scores/ratings", [
                "action": "withdraw", "score": "criterion:\(criterion.id)", "reason": "Synthetic: the score stands.",
            ])
            #expect(withdrawn.status == .seeOther)
            #expect(try await reportText() == proposal)
            let trail = try await fixture.store.inspections.auditTrail(inspection: cci).filter { $0.entity == "rating" }
            #expect(trail.map(\.action) == ["create", "delete"])
        }
    }
}
