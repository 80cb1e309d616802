import Foundation
import Testing
@testable import YJICore

/// Every rating scale and every cut-off says where it comes from, and the shipped frameworks say it honestly.
@Suite("Rating and lifecycle provenance")
struct RatingProvenanceTests {
    static let missing = "missing 'provenance' (published, inferred, judged) and its 'source': say where this rule comes from"

    static func problems(_ yaml: String) -> [String] { FrameworkLoaderTests.problems(yaml) }

    // MARK: Loading

    @Test func provenanceIsReadForTheScaleAndEachCutOff() throws {
        let scale = try #require(try FrameworkLoader.load(yaml: FrameworkLoaderTests.valid, file: "mini.yaml").ratingScales.first)
        #expect(scale.provenance == Provenance(.judged, source: "Written for yji's tests."))
        #expect(scale.bands.map(\.provenance) == [nil, Provenance(.inferred, source: "The middle of the scale.")])
        #expect(scale.cutOffs.map(\.label) == ["high"])
    }

    @Test func aRatingScaleWithoutProvenanceIsRefusedAtItsLine() {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(of: "provenance: judged, source: Written for yji's tests.,", with: "")
        #expect(Self.problems(yaml) == ["mini.yaml:33: bands: \(Self.missing)"])
    }

    @Test func aBandWithoutProvenanceForItsCutOffIsRefusedAtItsLine() {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(of: ", provenance: inferred, source: The middle of the scale.", with: "")
        #expect(Self.problems(yaml) == ["mini.yaml:38: bands: \(Self.missing)"])
    }

    @Test func aBandWithAProvenanceButNoSourceIsRefusedAtItsLine() {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(of: ", source: The middle of the scale.", with: "")
        #expect(Self.problems(yaml) == ["mini.yaml:38: bands: missing 'source'"])
    }

    @Test func anUnknownKindIsRefusedAtItsLine() {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(of: "provenance: inferred", with: "provenance: guessed")
        #expect(Self.problems(yaml) == ["mini.yaml:38: bands: provenance must be one of published, inferred, judged"])
    }

    @Test func theBottomBandTakesNoProvenance() {
        let yaml = FrameworkLoaderTests.valid.replacingOccurrences(
            of: "{label: low, from: 0, to: 49}", with: "{label: low, from: 0, to: 49, provenance: published, source: Nowhere}")
        #expect(Self.problems(yaml) == ["mini.yaml:37: bands: band 'low' starts at 0, which is no cut-off: drop its provenance and source"])
    }

    @Test func aMilestoneWithoutProvenanceIsRefusedAtItsLine() {
        let yaml = LifecycleTests.valid.replacingOccurrences(
            of: "status: published, provenance: published, source: Appendix 3}", with: "status: published}")
        // Only the milestone itself: the improvement plan counting from it is not a second mistake.
        #expect(Self.problems(yaml) == ["mini.yaml:44: publication: \(Self.missing)"])
    }

    @Test func aMilestoneWithAnUnknownKindIsRefusedAtItsLine() {
        let yaml = LifecycleTests.valid.replacingOccurrences(of: "provenance: inferred, source: Four weeks borrowed",
                                                             with: "provenance: borrowed, source: Four weeks borrowed")
        #expect(Self.problems(yaml) == ["mini.yaml:45: improvement-plan: provenance must be one of published, inferred, judged"])
    }

    @Test func milestoneProvenanceIsRead() throws {
        let rules = try FrameworkLoader.load(yaml: LifecycleTests.valid, file: "mini.yaml").lifecycle
        #expect(rules.milestone("draft-report")?.provenance == Provenance(.published, source: "Appendix 3"))
        #expect(rules.milestone("improvement-plan")?.provenance == Provenance(.inferred, source: "Four weeks borrowed"))
    }

    // MARK: The shipped frameworks

    @Test(arguments: FrameworkCatalog.shippedIDs)
    func everyShippedScaleAndCutOffStatesItsProvenance(id: String) throws {
        let framework = try FrameworkCatalog.shipped(id)
        for scale in framework.ratingScales {
            #expect(!scale.provenance.source.isEmpty)
            #expect(scale.bands.first?.provenance == nil, "\(scale.id): the bottom band has no cut-off")
            #expect(scale.bands.dropFirst().allSatisfy { $0.provenance.map { !$0.source.isEmpty } ?? false }, "\(scale.id)")
        }
        for rule in framework.lifecycle.milestones { #expect(!rule.provenance.source.isEmpty, "\(id) \(rule.id)") }
    }

    /// Harrow prints an OVERALL SCORE per section with no comment, and never states a cut-off.
    @Test func theCoreCaseInspectionRatesNoSectionAndInfersEveryCutOff() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        #expect(cci.ratingScale(for: .section) == nil)
        let scale = try #require(cci.ratingScale(for: .headline))
        #expect(cci.ratingScale(for: .criterion) == scale)
        #expect(scale.overridable)
        #expect(scale.provenance.kind == .published && scale.provenance.source.contains("Scoring and Summary Table"))
        #expect(scale.cutOffs.map { $0.provenance?.kind } == [.inferred, .inferred, .inferred])
        // Each cut-off names the printed pairs it rests on (or says that none does).
        let sources = scale.cutOffs.compactMap(\.provenance?.source)
        #expect(sources[0].contains("41%") && sources[0].contains("43%") && sources[0].contains("45%"))
        #expect(sources[1].contains("57%") && sources[1].contains("61%"))
        #expect(sources[2].contains("no report bounds"))
        // The cut-offs sit where the printed pairs allow: DRASTIC at 43%, SUBSTANTIAL at 45%; SUBSTANTIAL at 57%, MODERATE at 61%.
        #expect((44...45).contains(scale.bands[1].from))
        #expect((58...61).contains(scale.bands[2].from))
    }

    /// Staffordshire prints 78% satisfactory and 83% good, and never "unsatisfactory" or "poor".
    @Test func theFullJointInspectionBoundsOnlyTheGoodCutOff() throws {
        let fji = try FrameworkCatalog.shipped("fji")
        let scale = try #require(fji.ratingScale(for: .section))
        #expect(scale.overridable)
        #expect(scale.provenance.kind == .inferred)
        #expect(scale.provenance.source.contains("unsatisfactory") && scale.provenance.source.contains("poor"))
        #expect(scale.cutOffs.allSatisfy { $0.provenance?.kind == .inferred })
        let good = try #require(scale.bands.first { $0.label == "good" })
        #expect((79...83).contains(good.from))
        #expect(good.provenance?.source.contains("78%") == true && good.provenance?.source.contains("83%") == true)
        for label in ["unsatisfactory", "satisfactory"] {
            let band = try #require(scale.bands.first { $0.label == label })
            #expect(band.provenance?.source.contains("No report read for this framework prints") == true, "\(label)")
        }
    }

    @Test func borrowedAndReconstructedMilestonesAreInferred() throws {
        func inferred(_ id: String) throws -> [String] {
            try FrameworkCatalog.shipped(id).lifecycle.milestones.filter { $0.provenance.kind == .inferred }.map(\.id)
        }
        #expect(try inferred("cci") == [])
        #expect(try inferred("sqs") == ["provisional-findings", "publication", "improvement-plan"])
        #expect(try inferred("fji") == ["improvement-plan"])
        let borrowed = try #require(try FrameworkCatalog.shipped("fji").lifecycle.milestone("improvement-plan"))
        #expect(borrowed.provenance.source.contains("CCI's four weeks") && borrowed.provenance.source.contains("borrowed"))
    }

    @Test func provenanceSurvivesJSON() throws {
        for id in FrameworkCatalog.shippedIDs {
            let framework = try FrameworkCatalog.shipped(id)
            #expect(try JSONDecoder().decode(Framework.self, from: JSONEncoder().encode(framework)) == framework, "\(id)")
        }
    }
}
