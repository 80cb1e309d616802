import Foundation
import Testing
import YJICore
@testable import YJIWeb

/// The SQS letters and the FJI report print no criteria, so the scores page and the case form say that their criterion
/// numbers are yji's own; Harrow prints the CCI's, so those pages say nothing.
@Suite("Criterion numbers that are yji's own say so")
struct CriterionNumberingTests {
    @Test func theScoresPageSaysWhereCriterionNumbersAreYjisOwn() async throws {
        try await WebFixture.with { fixture, client in
            let lead = try await WebSession.demo(client, .leadInspector)
            for (programme, own) in [("sqs", true), ("fji", true), ("cci", false)] {
                let id = try await fixture.inspectionID(programme)
                let page = Web.body(try await lead.get(client, "/inspections/\(id)/scores"))
                #expect(page.contains("id=\"numbering-note\"") == own, "\(programme)")
                // The case form, where assessors read the numbers all day, says it too.
                let caseID = try #require(try await fixture.store.assessment.cases(inspection: id).first).id
                let form = Web.body(try await lead.get(client, "/inspections/\(id)/cases/\(caseID)"))
                #expect(form.contains("id=\"numbering-note\"") == own, "\(programme) case form")
                let numbering = try #require(try FrameworkCatalog.shipped(programme).criterionNumbering)
                #expect((numbering.kind == .inferred) == own, "\(programme)")
            }
        }
    }
}
