import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
@testable import YJIWeb

/// Harrow prints each CCI section's overall score with no comment, so the scores page and API show none either.
@Suite("CCI sections carry no band on the scores page")
struct UnratedSectionTests {
    @Test func theScoresPageAndAPIShowNoBandForACoreCaseInspectionSection() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/scores"))
            let rows = page.components(separatedBy: "<tr").filter { $0.contains("row-section") }
            #expect(rows.count == 3)
            for row in rows {
                #expect(!row.contains("improvement required"), "a section row shows a band: \(row)")
                #expect(row.contains("%</td>"), "a section row keeps its score: \(row)")
            }
            #expect(page.components(separatedBy: "<tr").contains { $0.contains("row-headline") && $0.contains("improvement required") })

            let api = try #require(try Web.json(try await lead.get(client, "/api/v1/inspections/\(cci)/scores")) as? [String: Any])
            let sections = try #require(api["sections"] as? [[String: Any]])
            #expect(sections.count == 3)
            #expect(sections.allSatisfy { $0["band"] is NSNull || $0["band"] == nil })
        }
    }

    /// Every CCI cut-off is inferred from Harrow's printed pairs, so each computed label is marked and the notes say
    /// what each cut-off it rests on comes from, read from the framework file rather than written into the page.
    @Test func aLabelComputedAcrossAnInferredCutOffIsFootnotedWithWhatItRestsOn() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/scores"))
            let framework = try FrameworkCatalog.shipped("cci")
            let scale = try #require(framework.ratingScale(for: .criterion))
            let summary = try #require(page.components(separatedBy: "<table class=\"scores\">").last?.components(separatedBy: "</table>").first)
            let labelled = summary.components(separatedBy: "<tr").filter { $0.contains("improvement required") }
            #expect(!labelled.isEmpty)
            for row in labelled { #expect(row.contains("cut-off-mark"), "a computed label without its mark: \(row)") }
            let notes = try #require(page.components(separatedBy: "id=\"cut-off-notes\"").last?.components(separatedBy: "</div>").first)
            // Each cut-off a label on the page rests on is explained with its own source, and no published one is.
            let shown = scale.cutOffs.filter { notes.contains("from \($0.from)%") }
            #expect(!shown.isEmpty)
            for band in shown {
                let source = try #require(band.provenance?.source)
                #expect(notes.contains(Self.asMustachePrintsIt(source)), "the note for \(band.label) does not give its source")
            }
        }
    }

    /// `text` escaped as the page templates print it.
    static func asMustachePrintsIt(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
