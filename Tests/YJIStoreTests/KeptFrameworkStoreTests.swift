import Foundation
import Testing
import YJICore
@testable import YJIStore

/// An inspection whose framework was kept before rules stated their provenance still opens, scores and labels
/// with the shipped rules, on both engines.
@Suite("Store: frameworks kept before provenance")
struct KeptFrameworkStoreTests {
    /// The CCI definition as yji shipped it before provenance (a fixture of the core tests).
    static func keptCCI() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("YJICoreTests/Fixtures/kept/cci-2011.1.yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: TestEngine.available)
    func anInspectionJudgedAgainstAKeptDefinitionStillScores(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let framework = try FrameworkCatalog.shipped("cci")
            let inspection = try await test.store.inspections.createInspection(
                NewInspection(areaName: "Synthetic Kept Shire", framework: framework, fieldworkStart: "2026-01-12", fieldworkEnd: "2026-01-16"),
                frameworkYAML: try Self.keptCCI(), actor: "Test Lead")
            let data = SyntheticInspection(framework: framework, caseCount: 6, seed: 3)
            try await test.store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
            _ = try await test.store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                     file: "judgements.csv", actor: "Test Assessor")
            // The kept text is what the store holds; what it reads carries the shipped rules.
            let kept = try await test.store.transaction(.read) { db in
                try await db.raw("SELECT definition FROM frameworks WHERE id = 'cci'").first()!.decode(column: "definition", as: String.self)
            }
            #expect(kept == (try Self.keptCCI()))
            let read = try await test.store.inspections.framework(of: inspection)
            #expect(read.ratingScales == framework.ratingScales)
            let (_, card) = try await test.store.scores.scorecard(inspection: inspection.id)
            #expect(card.sections.allSatisfy { $0.band == nil })
            #expect(card.criteria.contains { $0.band != nil })
        }
    }
}
