import YJICore

/// The Full Joint Inspection report: key judgements, a summary per theme, recommendations, then per theme what
/// inspectors expect to see, the case assessment score, key findings, the explanation of findings, notable practice,
/// quotes and the data summary chart; appendices last.
enum FJIReport {
    static func draft(_ d: Drafting) -> ReportDocument {
        let area = d.input.facts.area
        var sections: [ReportSection] = [
            ReportSection(anchor: "key-judgements", heading: "Key judgements", blocks: [.table(keyJudgements(d))], startsPage: true),
            ReportSection(anchor: "summary", heading: "Summary", subsections: d.framework.sections.map { theme in
                ReportSection(anchor: "summary-\(theme.id)", heading: theme.name,
                              blocks: [.paragraph(d.item(key: "summary:\(theme.id)", drafted: summaryDraft(d, theme)))])
            }),
            ReportSection(anchor: "recommendations", heading: "Recommendations", blocks: d.recommendationBlocks()),
        ]
        sections += d.framework.sections.map { themeSection(d, $0) }
        sections += [
            ReportSection(anchor: "appendix-1", number: "Appendix 1", heading: "Background to the inspection",
                          blocks: d.arrangementsBlocks(programmeName: "Full Joint Inspection") + d.scoringApproachBlocks(),
                          startsPage: true),
            ReportSection(anchor: "appendix-2", number: "Appendix 2", heading: "Contextual information", blocks: d.contextualBlocks()),
            ReportSection(anchor: "appendix-3", number: "Appendix 3", heading: "Characteristics of cases inspected",
                          blocks: d.characteristicsBlocks()),
            ReportSection(anchor: "appendix-4", number: "Appendix 4", heading: "Glossary", blocks: d.glossaryBlocks()),
        ]
        return ReportDocument(
            programme: "fji",
            title: "Full Joint Inspection of youth offending work in \(area)",
            subtitle: [area],
            runningHeader: "Full Joint Inspection: \(area)",
            front: [],
            sections: sections
        )
    }

    private static func keyJudgements(_ d: Drafting) -> ReportTable {
        // The inspectors' judgement, informed by the case assessment score where the theme has one (Staffordshire's
        // summary: "overall work to reduce reoffending was satisfactory"; theme 1: "overall 78% ... well enough").
        ReportTable(caption: "Key judgements for \(d.input.facts.area)", header: ["Theme", "Judgement"],
                    rows: d.scorecard.sections.map { score in
                        let judgement = score.band.map { "judged \($0)" } ?? "not yet judged"
                        let basis = score.judged ? "not scored from cases"
                            : score.percent.map { "case assessment score \($0)%" } ?? "no applicable cases"
                        return [score.name, "\(judgement); \(basis)"]
                    })
    }

    private static func summaryDraft(_ d: Drafting, _ theme: FrameworkSection) -> String {
        if theme.assessment == .judged {
            let key = themeFindings(d, theme).flatMap(\.keyFindings)
            // Until the inspectors record a judgement there is none to state, so the draft says so plainly.
            let judgement = d.scorecard.score(.section, theme.id)?.band == nil
                ? "\(theme.name) has not been judged yet."
                : "Overall, \(theme.name.lowercased()) was judged [[s:\(theme.id):band]]."
            return judgement + (key.isEmpty ? "" : " " + key.joined(separator: " "))
        }
        return "Overall, work on \(theme.name.lowercased()) was [[s:\(theme.id):band]]: [[s:\(theme.id):percent]] of it was done well enough."
    }

    /// A theme's findings, recorded as `theme:ID` or, for a judged theme, under the name the evidence page also offers
    /// (`governance`): the same findings that give the theme its judgement on the scorecard (`InspectorsRatings`).
    private static func themeFindings(_ d: Drafting, _ theme: FrameworkSection) -> [StructuredFinding] {
        d.input.findings.filter { $0.area == .theme(theme.id) || InspectorsRatings.judgedSection(for: $0.area, in: d.framework)?.id == theme.id }
    }

    private static func themeSection(_ d: Drafting, _ theme: FrameworkSection) -> ReportSection {
        var parts: [ReportSection] = []
        if let summary = theme.summary {
            parts.append(ReportSection(anchor: "expect-\(theme.id)", heading: "What we expect to see", blocks: [.paragraph(.plain(summary))]))
        }
        if theme.assessment == .scored {
            parts.append(ReportSection(anchor: "score-\(theme.id)", heading: "Case assessment score", blocks: [
                .paragraph(d.item(key: "score:\(theme.id)",
                                  drafted: "Within the case assessment, overall [[s:\(theme.id):percent]] of the work on \(theme.name.lowercased()) was done well enough.")),
            ] + (d.scoreBlock(.section, theme.id, label: "Case assessment score").map { [$0] } ?? [])))
        } else if let block = d.scoreBlock(.section, theme.id) {
            parts.append(ReportSection(anchor: "score-\(theme.id)", heading: "Judgement", blocks: [block]))
        }
        let structured = themeFindings(d, theme)
        let criteria = d.framework.criteria(inSection: theme.id).map(\.id)
        let drafted = d.findings(criteria: criteria)
        let keyFindings = structured.flatMap(\.keyFindings)
        let keyItems: [ReportItem] = keyFindings.isEmpty
            ? d.numbered(Array(drafted.strengths.prefix(3)) + Array(drafted.improvements.prefix(3)), style: { "\($0)." })
            : keyFindings.enumerated().map { .plain($1, label: "\($0 + 1).") }
        if !keyItems.isEmpty {
            parts.append(ReportSection(anchor: "key-findings-\(theme.id)", heading: "Key findings", blocks: [.list(.labelled, keyItems)]))
        }
        var explanation: [ReportBlock] = structured.flatMap(\.explanation).map { .paragraph(.plain($0)) }
        if !drafted.strengths.isEmpty { explanation += [.subheading("Done well"), .list(.labelled, drafted.strengths)] }
        if !drafted.improvements.isEmpty { explanation += [.subheading("To improve"), .list(.labelled, drafted.improvements)] }
        if !explanation.isEmpty {
            parts.append(ReportSection(anchor: "explanation-\(theme.id)", heading: "Explanation of findings", blocks: explanation))
        }
        let examples = d.examples(.example, area: .theme(theme.id))
        let notable = structured.flatMap(\.notablePractice).map { ReportBlock.paragraph(.plain($0)) }
        if !examples.isEmpty || !notable.isEmpty {
            parts.append(ReportSection(anchor: "notable-\(theme.id)", heading: "Notable practice",
                                       blocks: notable + d.practiceExampleBlocks(examples)))
        }
        let quotes = d.examples(.quote, area: .theme(theme.id))
        if !quotes.isEmpty {
            parts.append(ReportSection(anchor: "quotes-\(theme.id)", heading: "Quotes", blocks: d.quoteBlocks(quotes)))
        }
        let rows = d.dataSummaryRows(section: theme.id)
        if !rows.isEmpty {
            parts.append(ReportSection(anchor: "data-summary-\(theme.id)", heading: "Data summary", blocks: [
                .paragraph(.plain("The chart shows the answers to this theme's key questions.")),
                .figure(svg: ReportCharts.dataSummary(rows, title: theme.name, casesInspected: d.scorecard.cases),
                        caption: "\(theme.name): answers judged sufficient and insufficient"),
            ]))
        }
        return ReportSection(anchor: "theme-\(theme.id)", number: "Theme \(theme.id)", heading: theme.name,
                             subsections: parts, startsPage: true)
    }
}
