import YJICore

/// The Short Quality Screening letter: addressee and copy list, context, summary, numbered commentary under the four
/// themes, operational management, key strengths and areas requiring improvement.
///
/// The letters give counts ("in 14 of the 20 cases") and words ("the large majority"), never a percentage of cases,
/// and print no criterion numbers; so does this draft. The only percentages it prints are the published reoffending
/// rates it sets the area against, as the St Helens and Nottingham City letters do in their summaries.
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
        let when = d.fieldworkWhen.map { ", carried out \($0)" } ?? ""
        var sections: [ReportSection] = [
            ReportSection(anchor: "introduction", heading: "Report of Short Quality Screening of youth offending work in \(area)", blocks: [
                .paragraph(.plain("This letter sets out the findings of the recent Short Quality Screening inspection\(when). Inspectors examined \(NumberWords.inText(d.scorecard.cases)) cases as part of the programme of inspection of youth offending work.")),
            ]),
            ReportSection(anchor: "context", heading: "Context", blocks: [
                .paragraph(.plain("Good assessment and planning at the start of a sentence make good outcomes more likely. This screening looked at the quality of recent work with children who had started a sentence in the community or in custody, and at how it was managed.")),
                // The inspectorate's own SQS criteria are not reproduced in yji; the framework's questions are yji's paraphrase.
                .paragraph(.plain("Evidence was gathered case by case against the screening framework's questions, with case managers present for the case assessments wherever possible.")),
            ]),
            ReportSection(anchor: "summary", heading: "Summary",
                          blocks: reoffendingBlocks(d) + [.paragraph(letterWords(d.item(key: "summary", drafted: summaryDraft(d)), d))]),
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
            // Paragraph numbers, as the letters print them; they are not criterion numbers, which the letter never shows.
            let items = d.numbered(inFrameworkOrder.map { letterWords($0, d) }) { "\(theme.id).\($0)" }
            let blocks: [ReportBlock] = items.isEmpty ? [.note("No case in the sample applied to this theme's questions.")] : [.list(.labelled, items)]
            return ReportSection(anchor: "theme-\(theme.id)", number: theme.id, heading: theme.name, blocks: blocks)
        }
        let operational = d.item(key: "operational-management", drafted: operationalDraft(d))
        sections.append(ReportSection(anchor: "operational-management", heading: "Operational management", blocks: [
            operational.text.isEmpty ? .note("Inspectors' findings on operational management have not been recorded yet.") : .paragraph(operational),
        ]))
        let extremes = d.extremes(limit: 3)
        sections.append(ReportSection(anchor: "key-strengths", heading: "Key strengths",
                                      blocks: [.lines(letterWords(d.item(key: "key-strengths", drafted: extremes.best.joined(separator: "\n")), d))]))
        let improvementBlocks: [ReportBlock] = d.input.recommendations.isEmpty
            ? [.lines(letterWords(d.item(key: "improvement-areas", drafted: extremes.weakest.joined(separator: "\n")), d))]
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

    /// The summary's opening: how much of the work under each theme was done well enough, in the letters' words
    /// ("the large majority") rather than as a percentage; themes no case applied to are left out.
    private static func summaryDraft(_ d: Drafting) -> String {
        let cases = "Across the \(NumberWords.inText(d.scorecard.cases)) cases inspected"
        let themes = d.framework.sections.filter { theme in
            theme.assessment == .scored && d.scorecard.score(.section, theme.id)?.percent != nil
        }
        guard let first = themes.first else { return "\(cases), no work under the four themes has been judged yet." }
        let parts = ["[[s:\(first.id):proportion]] of the instances we assessed for \(first.name.lowercased())"]
            + themes.dropFirst().map { "[[s:\($0.id):proportion]] for \($0.name.lowercased())" }
        return "\(cases), the work was done well enough in \(parts.listedInWords())."
    }

    /// The published reoffending rate against the England and Wales average, with its source, as the later letters
    /// open their summaries; nothing when no rate has been recorded.
    private static func reoffendingBlocks(_ d: Drafting) -> [ReportBlock] {
        guard let latest = d.input.indicators.first, let sentence = ContextualComparison.reoffending(latest) else { return [] }
        return [.paragraph(.plain(sentence))] + (ContextualComparison.sourceNote(latest).map { [ReportBlock.note($0)] } ?? [])
    }

    /// The item with its figures worded as the letters word them (see `LetterWording`); what is tracked for changes
    /// (the item's figures and moved sentences) stays as drafted, so the editor and the letter agree on what moved.
    private static func letterWords(_ item: ReportItem, _ d: Drafting) -> ReportItem {
        guard item.source.contains("[[") else { return item }
        return ReportItem(key: item.key, label: item.label, text: LetterWording.resolve(item.source, in: d.scorecard),
                          source: item.source, edited: item.edited, changedSentences: item.changedSentences, figures: item.figures)
    }

    /// Inspectors' findings on operational management where recorded, else what staff said in interview.
    private static func operationalDraft(_ d: Drafting) -> String {
        let findings = d.structuredFindings(.operationalManagement).flatMap { $0.keyFindings + $0.explanation }
        if !findings.isEmpty { return findings.joined(separator: " ") }
        let staff = d.input.questionnaires.first { $0.questionnaire.audience == .staff && !$0.suppressed }
        return staff?.sentences.joined(separator: " ") ?? ""
    }
}

/// How an SQS letter words its figures. The letters count cases ("in 14 of the 20 cases", "in all but 1 of the 12")
/// however many were inspected (Nottingham City's 34 included), and describe a theme in words ("the large
/// majority"); they never give a percentage of cases. So in the letter a question's `proportion` is always its count,
/// and a theme's `proportion` its quantity word; every other figure is worded as everywhere else.
enum LetterWording {
    /// `text` with its figures filled in the letters' way and its first letter capitalised.
    static func resolve(_ text: String, in scorecard: Scorecard) -> String {
        var worded = text
        for token in Set(BoundText.tokens(in: text)) where token.field == .proportion && token.level != .question {
            guard let proportion = scorecard.score(token.level, token.id)?.proportion else { continue }
            worded = worded.replacingOccurrences(of: token.description, with: quantity(proportion))
        }
        // No cut-off above which a count of cases turns into a percentage: the letters have none.
        return BoundText.resolve(worded, in: scorecard, countBelow: Int.max).text
    }

    /// A theme's (or criterion's) result in words: "the large majority", "half", "a minority". It counts answers to
    /// many questions, not cases, so it is never given as "n of N cases"; and the reports' "all but one", said of a
    /// small group of cases, would mislead here, so that reads "almost all".
    static func quantity(_ proportion: Proportion) -> String {
        guard let words = proportion.quantityPhrase else { return "no applicable instances" }
        return words == "all but one" ? "almost all" : words
    }
}
