import YJICore

/// The Core Case Inspection report, in the order the programme publishes it: foreword with the headline scores beside
/// the benchmark, scoring and summary table, recommendations, next steps, practice examples, service users'
/// perspective, one section per framework section with its criteria's scores and findings, then the appendices.
enum CCIReport {
    static func draft(_ d: Drafting) -> ReportDocument {
        let area = d.input.facts.area
        let year = (d.input.facts.fieldworkEnd ?? d.input.facts.fieldworkStart).map { String($0.year) }
        var sections: [ReportSection] = [
            ReportSection(anchor: "foreword", heading: "Foreword", blocks: foreword(d), startsPage: true),
            ReportSection(anchor: "scoring-summary", heading: "Scoring and summary table", blocks: scoringSummary(d), startsPage: true),
            ReportSection(anchor: "recommendations", heading: "Recommendations for improvement", blocks: d.recommendationBlocks()),
            ReportSection(anchor: "next-steps", heading: "Next steps", blocks: [
                .paragraph(.plain("The service should send an improvement plan that answers each recommendation to the inspectorate within four weeks of publication. The Youth Justice Board then monitors its delivery.")),
            ]),
            ReportSection(anchor: "making-a-difference", heading: "Making a difference", blocks: makingADifference(d), startsPage: true),
            ReportSection(anchor: "service-users", heading: "Service users' perspective",
                          blocks: d.serviceUsersSubsections().isEmpty ? [.note("No questionnaires were returned for this inspection.")] : [],
                          subsections: d.serviceUsersSubsections()),
        ]
        sections += d.framework.sections.map { criteriaSection(d, $0) }
        sections += appendices(d)
        return ReportDocument(
            programme: "cci",
            title: "Core Case Inspection of youth offending work in \(area)",
            subtitle: [area, year].compactMap { $0 },
            runningHeader: "Core Case Inspection: \(area)",
            front: [],
            sections: sections
        )
    }

    private static func foreword(_ d: Drafting) -> [ReportBlock] {
        let headlines = d.scorecard.headlines.map { "[[h:\($0.id):percent]] of the time for \($0.name) work" }
        let drafted = "This Core Case Inspection examined a representative sample of \(NumberWords.inText(d.scorecard.cases)) cases in \(d.input.facts.area). We judged that work was done well enough \(headlines.listedInWords())."
        var blocks: [ReportBlock] = [.paragraph(d.item(key: "foreword", drafted: drafted))]
        var rows: [[String]] = []
        for score in d.scorecard.headlines {
            let benchmark = d.input.benchmark(.headline, score.id)
            rows.append([score.name, benchmark.map { "\($0.lowest)%" } ?? "–", benchmark.map { "\($0.highest)%" } ?? "–",
                         benchmark.map { "\($0.average)%" } ?? "–", score.percent.map { "\($0)%" } ?? "–"])
        }
        let caption = d.input.benchmarkAreas > 0
            ? "Scores from the \(d.input.benchmarkAreas) published inspections of this programme to date, beside the scores for \(d.input.facts.area)"
            : "Scores for \(d.input.facts.area); no other inspection of this programme has been published yet, so there is no benchmark"
        blocks.append(.table(ReportTable(caption: caption,
                                         header: ["Headline", "Lowest", "Highest", "Average", d.input.facts.area],
                                         rows: rows, numericColumns: [1, 2, 3, 4])))
        return blocks
    }

    private static func scoringSummary(_ d: Drafting) -> [ReportBlock] {
        var blocks: [ReportBlock] = [
            .paragraph(.plain("Each score is the share of the relevant work that inspectors judged done well enough; Appendix 5 explains the calculation. By each headline and general criterion score, the comment says how much improvement inspectors consider the work needs; section scores carry no comment.")),
        ]
        for score in d.scorecard.headlines {
            blocks.append(.subheading("\(score.name) score"))
            if let block = d.scoreBlock(.headline, score.id) { blocks.append(block) }
        }
        blocks.append(.figure(svg: ReportCharts.scoreBars(d.chartRows(d.scorecard.headlines), title: "Headline scores"),
                              caption: d.input.benchmarks.isEmpty ? "Headline scores with their bands"
                                  : "Headline scores with their bands; the line shows the lowest to highest of inspections to date, the tick their average"))
        blocks.append(.note("Comparing one area's scores closely with another's is not advised: samples and local circumstances differ."))
        return blocks
    }

    private static func makingADifference(_ d: Drafting) -> [ReportBlock] {
        let examples = d.examples(.example)
        guard !examples.isEmpty else { return [.note("No practice examples have been recorded for this inspection.")] }
        return [.paragraph(.plain("These examples show work in \(d.input.facts.area) that impressed inspectors."))]
            + d.practiceExampleBlocks(examples)
    }

    private static func criteriaSection(_ d: Drafting, _ section: FrameworkSection) -> ReportSection {
        var blocks: [ReportBlock] = []
        if let score = d.scorecard.score(.section, section.id), let percent = score.percent {
            blocks.append(.score(label: "Overall score", value: "\(percent)%", band: nil))
        }
        let criteria = d.framework.criteria(inSection: section.id).map { criterion -> ReportSection in
            var parts: [ReportBlock] = []
            if let summary = criterion.summary { parts.append(.paragraph(.plain("General criterion: \(summary)"))) }
            if let block = d.scoreBlock(.criterion, criterion.id) { parts.append(block) }
            let findings = d.findings(criteria: [criterion.id])
            if !findings.strengths.isEmpty {
                parts += [.subheading("Strengths"), .list(.labelled, findings.strengths)]
            }
            if !findings.improvements.isEmpty {
                parts += [.subheading("Areas for improvement"), .list(.labelled, findings.improvements)]
            }
            return ReportSection(anchor: "criterion-\(criterion.id)", number: criterion.id, heading: criterion.name, blocks: parts)
        }
        let commentary = d.item(key: "commentary:\(section.id)", drafted: "")
        var closing: [ReportBlock] = []
        if !commentary.text.isEmpty {
            closing = [.subheading("Commentary on \(section.name.lowercased()) as a whole"), .paragraph(commentary)]
        }
        return ReportSection(anchor: "section-\(section.id)", number: section.id, heading: section.name,
                             blocks: blocks, subsections: criteria + (closing.isEmpty ? [] : [
                                 ReportSection(anchor: "commentary-\(section.id)", heading: "Commentary", blocks: closing),
                             ]), startsPage: true)
    }

    private static func appendices(_ d: Drafting) -> [ReportSection] {
        let chart = ReportCharts.scoreBars(d.chartRows(d.scorecard.criteria), title: "General criterion scores")
        return [
            ReportSection(anchor: "appendix-1", number: "Appendix 1", heading: "Scoring summary", blocks: [
                .table(d.scoringSummaryTable(levels: [.headline, .section, .criterion])),
                .figure(svg: chart, caption: "General criterion scores with their bands"),
            ], startsPage: true),
            ReportSection(anchor: "appendix-2", number: "Appendix 2", heading: "Contextual information", blocks: d.contextualBlocks()),
            ReportSection(anchor: "appendix-3", number: "Appendix 3", heading: "Inspection arrangements",
                          blocks: d.arrangementsBlocks(programmeName: "Core Case Inspection")),
            ReportSection(anchor: "appendix-4", number: "Appendix 4", heading: "Characteristics of cases inspected",
                          blocks: d.characteristicsBlocks()),
            ReportSection(anchor: "appendix-5", number: "Appendix 5", heading: "Scoring approach", blocks: d.scoringApproachBlocks()),
            ReportSection(anchor: "appendix-6", number: "Appendix 6", heading: "Glossary", blocks: d.glossaryBlocks()),
        ]
    }
}
