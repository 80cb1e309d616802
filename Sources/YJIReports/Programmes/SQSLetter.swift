import YJICore

/// The Short Quality Screening letter: addressee and copy list, context, summary, numbered commentary under the four
/// themes, operational management, key strengths and areas requiring improvement.
enum SQSLetter {
    static func draft(_ d: Drafting) -> ReportDocument {
        let area = d.input.facts.area
        // The letter's header: who it is to and from are the team's to word, so they are editable like any other text.
        let front: [ReportBlock] = [
            .list(.labelled, [
                d.item(key: "addressee", drafted: "Chair of the \(area) Youth Offending Service Management Board", label: "To:"),
                .plain("See the copy list at the end of this letter", label: "Copy to:"),
                d.item(key: "sender", drafted: "Lead inspector, on behalf of the inspection team", label: "From:"),
            ]),
        ]
        let when = d.fieldworkWords.map { ", carried out on \($0)" } ?? ""
        var sections: [ReportSection] = [
            ReportSection(anchor: "introduction", heading: "Report of Short Quality Screening of youth offending work in \(area)", blocks: [
                .paragraph(.plain("This letter sets out the findings of the recent Short Quality Screening inspection\(when). Inspectors examined \(NumberWords.inText(d.scorecard.cases)) cases as part of the programme of inspection of youth offending work.")),
            ]),
            ReportSection(anchor: "context", heading: "Context", blocks: [
                .paragraph(.plain("Good assessment and planning at the start of a sentence make good outcomes more likely. This screening looked at the quality of recent work with children who had started a sentence in the community or in custody, and at how it was managed.")),
                .paragraph(.plain("Evidence was gathered against the published screening criteria, with case managers present for the case assessments wherever possible.")),
            ]),
            ReportSection(anchor: "summary", heading: "Summary", blocks: [.paragraph(d.item(key: "summary", drafted: summaryDraft(d)))]),
        ]
        sections += d.framework.sections.filter { $0.assessment == .scored }.map { theme in
            let criteria = d.framework.criteria(inSection: theme.id).map(\.id)
            let findings = d.findings(criteria: criteria)
            // The letter numbers its commentary within each theme ("2.3") and does not split strengths from the rest.
            let ordered = findings.strengths + findings.improvements
            let order = d.framework.questions.map(\.id)
            let inFrameworkOrder = ordered.sorted { first, second in
                (order.firstIndex { Drafting.findingKey($0) == first.key } ?? 0) < (order.firstIndex { Drafting.findingKey($0) == second.key } ?? 0)
            }
            let items = d.numbered(inFrameworkOrder) { "\(theme.id).\($0)" }
            let blocks: [ReportBlock] = items.isEmpty ? [.note("No case in the sample applied to this theme's questions.")] : [.list(.labelled, items)]
            return ReportSection(anchor: "theme-\(theme.id)", number: theme.id, heading: theme.name, blocks: blocks)
        }
        let operational = d.item(key: "operational-management", drafted: operationalDraft(d))
        sections.append(ReportSection(anchor: "operational-management", heading: "Operational management", blocks: [
            operational.text.isEmpty ? .note("Inspectors' findings on operational management have not been recorded yet.") : .paragraph(operational),
        ]))
        let extremes = d.extremes(limit: 3)
        sections.append(ReportSection(anchor: "key-strengths", heading: "Key strengths",
                                      blocks: [.lines(d.item(key: "key-strengths", drafted: extremes.best.joined(separator: "\n")))]))
        let improvementBlocks: [ReportBlock] = d.input.recommendations.isEmpty
            ? [.lines(d.item(key: "improvement-areas", drafted: extremes.weakest.joined(separator: "\n")))]
            : [.list(.bullets, d.input.recommendations.sorted { $0.position < $1.position }.map { .plain("\($0.text) (\($0.responsible))") })]
        sections.append(ReportSection(anchor: "areas-requiring-improvement", heading: "Areas requiring improvement",
                                      blocks: improvementBlocks + [
                                          .paragraph(.plain("We ask the service to focus its work after the inspection on these aspects of practice.")),
                                      ]))
        sections.append(ReportSection(anchor: "copy-list", heading: "Copy list", blocks: [
            .lines(d.item(key: "copy-list", drafted: "Head of the youth offending service\nLocal authority chief executive\nDirector of children's services\nChair of the local safeguarding children board\nYouth Justice Board")),
        ]))
        return ReportDocument(
            programme: "sqs",
            title: "Short Quality Screening of youth offending work in \(area)",
            subtitle: [area],
            runningHeader: "Short Quality Screening: \(area)",
            front: front,
            sections: sections
        )
    }

    private static func summaryDraft(_ d: Drafting) -> String {
        let themes = d.framework.sections.filter { $0.assessment == .scored }.map { theme in
            "\(theme.name.lowercased()) [[s:\(theme.id):percent]]"
        }
        return "Across the \(NumberWords.inText(d.scorecard.cases)) cases inspected, work was done well enough in these shares of the relevant answers: \(themes.listedInWords())."
    }

    /// Inspectors' findings on operational management where recorded, else what staff said in interview.
    private static func operationalDraft(_ d: Drafting) -> String {
        let findings = d.structuredFindings(.operationalManagement).flatMap { $0.keyFindings + $0.explanation }
        if !findings.isEmpty { return findings.joined(separator: " ") }
        let staff = d.input.questionnaires.first { $0.questionnaire.audience == .staff && !$0.suppressed }
        return staff?.sentences.joined(separator: " ") ?? ""
    }
}
