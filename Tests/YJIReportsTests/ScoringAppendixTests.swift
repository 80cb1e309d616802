import Foundation
import Testing
import YJICore
import YJIReports

/// The scoring appendix says, from the framework data, which cut-offs are published and which inferred, and that the
/// label is the inspectors' judgement informed by the score.
@Suite("Reports: the scoring appendix states where each label comes from")
struct ScoringAppendixTests {
    /// The markdown between two headings of a drafted report.
    static func part(_ markdown: String, from start: String, to end: String) throws -> String {
        let from = try #require(markdown.range(of: start), "\(start) missing")
        let to = markdown.range(of: end, range: from.upperBound..<markdown.endIndex)?.lowerBound ?? markdown.endIndex
        return String(markdown[from.upperBound..<to])
    }

    @Test func theCoreCaseInspectionAppendixNamesEveryInferredCutOff() throws {
        let markdown = Reports.text(try Reports.draft(try HarrowReportTests.harrowInput()), format: .md)
        let appendix = try Self.part(markdown, from: "Appendix 5: Scoring approach", to: "Appendix 6")
        #expect(appendix.contains("Headline and criterion scores carry a label from the improvement required scale"))
        #expect(appendix.contains("The labels are published: Harrow YOT 2011, Scoring and Summary Table"))
        #expect(appendix.contains("No published report states where one label ends and the next begins."))
        #expect(!appendix.contains("Published cut-offs"))
        #expect(appendix.contains("Inferred cut-offs, reconstructed by yji"))
        let cci = try FrameworkCatalog.shipped("cci")
        for band in try #require(cci.ratingScale(for: .headline)).cutOffs {
            let source = try #require(band.provenance?.source)
            #expect(appendix.contains("\(band.label) from \(band.from)%: \(source)"), "\(band.label)")
        }
        #expect(appendix.contains("The label is the inspectors' judgement, informed by the score"))
        #expect(appendix.contains("Section scores carry no label, because the published reports print none for them."))
    }

    @Test func theFullJointInspectionAppendixSaysItsLabelsAreInferred() throws {
        let markdown = Reports.text(try Reports.draft(try ReportFixtures.input("fji")), format: .md)
        let appendix = try Self.part(markdown, from: "Appendix 1: Background to the inspection", to: "Appendix 2")
        #expect(appendix.contains("Section scores carry a label from the theme judgement scale: good (80-100%)"))
        #expect(appendix.contains("The labels are partly or wholly inferred by yji"))
        #expect(appendix.contains("good from 80%: Staffordshire prints 78% satisfactory"))
        #expect(appendix.contains("The label is the inspectors' judgement, informed by the score"))
        #expect(appendix.contains("A section judged by inspectors from meetings and documents has no score"))
        // FJI reports print no criterion scores at all, so criteria carry no label either.
        #expect(appendix.contains("Criterion scores carry no label"))
        #expect(!appendix.contains("Section scores carry no label"))
    }

    /// The wording follows the data: a published cut-off is listed as published, and a scale inspectors cannot
    /// override says so.
    @Test func theAppendixFollowsTheFrameworkData() throws {
        let cci = try FrameworkCatalog.shipped("cci")
        let scale = try #require(cci.ratingScales.first)
        let stated = Provenance(.published, source: "A synthetic report, paragraph 4.")
        let bands = scale.bands.map { $0.from == 60 ? RatingBand(label: $0.label, from: 60, to: $0.to, provenance: stated) : $0 }
        let framework = Framework(
            id: cci.id, name: cci.name, programme: cci.programme, version: cci.version, source: cci.source,
            sections: cci.sections, criteria: cci.criteria, headlines: cci.headlines, questions: cci.questions,
            ratingScales: [RatingScale(id: scale.id, name: scale.name, levels: [.headline], overridable: false, bands: bands,
                                       provenance: scale.provenance)],
            sampling: cci.sampling, report: cci.report, lifecycle: cci.lifecycle)
        let caseload = SyntheticCaseload.make(count: 20, seed: 7, asOf: ReportFixtures.asOf)
        let inspection = SyntheticInspection(framework: framework, cases: caseload.map(\.record), seed: 11)
        let scorecard = try ScoringEngine(framework: framework).scorecard(cases: inspection.cases, judgements: inspection.judgements)
        let input = ReportInput(framework: framework, scorecard: scorecard,
                                facts: InspectionFacts(inspectionID: 1, area: "Fixtureshire (synthetic)"), cases: inspection.cases)
        let markdown = Reports.text(try Reports.draft(input), format: .md)
        let appendix = try Self.part(markdown, from: "Appendix 5: Scoring approach", to: "Appendix 6")
        #expect(appendix.contains("Published cut-offs:"))
        #expect(appendix.contains("MODERATE improvement required from 60%: A synthetic report, paragraph 4."))
        #expect(!appendix.contains("No published report states"))
        #expect(appendix.contains("SUBSTANTIAL improvement required from 45%: Harrow prints"))
        #expect(appendix.contains("The label follows from the score by this scale alone; inspectors cannot replace it."))
        #expect(appendix.contains("Section and criterion scores carry no label"))
    }
}
