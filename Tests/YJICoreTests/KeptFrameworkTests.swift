import Foundation
import Testing
@testable import YJICore

/// A definition kept by a store or an archive before rules stated their provenance is still read, with its own
/// questions and the shipped rules, so no inspection made earlier becomes unreadable.
@Suite("Frameworks kept before provenance")
struct KeptFrameworkTests {
    static func kept(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures/kept"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: ["cci-2011.1", "fji-2016.1", "sqs-2014.1"])
    func aKeptDefinitionIsReadWithItsQuestionsAndTheShippedRules(_ name: String) throws {
        let yaml = try Self.kept(name)
        // The strict loader refuses it: its rules say nowhere where they come from.
        #expect(throws: ProblemList.self) { try FrameworkLoader.load(yaml: yaml, file: name) }

        let framework = try FrameworkCatalog.loadKept(yaml: yaml, file: name)
        let shipped = try FrameworkCatalog.shipped(framework.id)
        let keptQuestions = try #require(try questionIDs(in: yaml))
        #expect(framework.questions.map(\.id) == keptQuestions)
        #expect(framework.version == String(name.split(separator: "-").last!))
        #expect(framework.ratingScales == shipped.ratingScales)
        #expect(framework.sampling == shipped.sampling)
        #expect(framework.report == shipped.report)
        #expect(framework.lifecycle == shipped.lifecycle)
        #expect(framework.criterionNumbering == shipped.criterionNumbering && framework.criterionNumbering != nil)
        for scale in framework.ratingScales { #expect(!scale.provenance.source.isEmpty) }
    }

    @Test func theKeptCCIRatesNoSectionAnyMore() throws {
        let framework = try FrameworkCatalog.loadKept(yaml: try Self.kept("cci-2011.1"), file: "kept cci")
        #expect(framework.ratingScale(for: .section) == nil)
        #expect(framework.ratingScale(for: .criterion) != nil)
    }

    @Test func aBrokenKeptDefinitionIsRefusedWithItsOwnProblems() throws {
        let broken = try Self.kept("cci-2011.1").replacingOccurrences(of: "criterion: \"1.1\"", with: "criterion: \"9.9\"")
        do {
            _ = try FrameworkCatalog.loadKept(yaml: broken, file: "kept.yaml")
            Issue.record("a definition whose questions name an unknown criterion was read")
        } catch {
            #expect(error.description.contains("9.9"))
            #expect(error.description.contains("kept.yaml:"))
        }
    }

    @Test func aDefinitionOfNoShippedProgrammeGetsNoRulesGrafted() throws {
        let other = try Self.kept("cci-2011.1").replacingOccurrences(of: "\nid: cci\n", with: "\nid: local-audit\n")
        #expect(throws: ProblemList.self) { try FrameworkCatalog.loadKept(yaml: other, file: "local.yaml") }
    }

    /// The question ids in a YAML text, in file order, read without the framework loader.
    private func questionIDs(in yaml: String) throws -> [String]? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "questions:") else { return nil }
        return lines[start...].prefix { !$0.hasPrefix("ratings:") && !$0.hasPrefix("report:") }
            .compactMap { line -> String? in
                guard line.hasPrefix("  - id: ") else { return nil }
                return String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            }
    }
}
