import Foundation
import Testing
import YJICore
@testable import YJIWeb

/// The SQS letters and the FJI report print no criteria, so the scores page says that their criterion numbers are
/// yji's own; Harrow prints the CCI's, so that page says nothing.
@Suite("Criterion numbers that are yji's own say so")
struct CriterionNumberingTests {
    @Test func theScoresPageSaysWhereCriterionNumbersAreYjisOwn() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            for (programme, own) in [("sqs", true), ("fji", true), ("cci", false)] {
                let id = try await fixture.inspectionID(programme)
                let page = Web.body(try await lead.get(client, "/inspections/\(id)/scores"))
                #expect(page.contains("id=\"numbering-note\"") == own, "\(programme)")
                let numbering = try #require(try FrameworkCatalog.shipped(programme).criterionNumbering)
                #expect((numbering.kind == .inferred) == own, "\(programme)")
            }
        }
    }
}
