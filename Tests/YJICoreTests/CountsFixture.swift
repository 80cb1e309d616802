import Foundation
import Testing
@testable import YJICore

/// A counts fixture from the test bundle, rebuilt as an inspection by `CountsInspection`: the counts come from a
/// published report and the scores are computed by the engine, so a test that compares them with the report's
/// figures checks the scoring rule, not the fixture.
struct CountsFixture {
    let cases: [CaseRecord]
    let judgements: [Judgement]

    static func fixtureText(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    init(_ name: String, framework: Framework, casePrefix: String) throws {
        let rebuilt = try CountsInspection(csv: try Self.fixtureText(name), file: name + ".csv", framework: framework,
                                           casePrefix: casePrefix)
        cases = rebuilt.cases
        judgements = rebuilt.judgements
    }
}
