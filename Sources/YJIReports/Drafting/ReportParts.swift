import YJICore

/// Parts more than one programme prints: recommendations, practice examples, service users' perspective and the
/// appendices. The wording is yji's own; facts and figures come from the input.
extension Drafting {
    /// Recommendations numbered "(1)" with the body primarily responsible in brackets, as the reports print them.
    func recommendationItems() -> [ReportItem] {
        input.recommendations.sorted { $0.position < $1.position }.map {
            .plain("\($0.text) (\($0.responsible))", label: "(\($0.position))")
        }
    }

    /// The recommendations section's blocks; says plainly when none has been written yet.
    func recommendationBlocks() -> [ReportBlock] {
        let items = recommendationItems()
        guard !items.isEmpty else { return [.note("No recommendations have been recorded for this inspection yet.")] }
        // Each recommendation completes the lead-in ("... make sure that: (1) a timely assessment is completed"), as
        // Harrow's do; without it the items read as fragments.
        return [.note("The body primarily responsible is shown in brackets."),
                .paragraph(.plain("Changes are needed to make sure that:")), .list(.labelled, items)]
    }

    /// Practice examples, each headed by the framework area it illustrates, with the note that names were changed.
    func practiceExampleBlocks(_ examples: [PracticeExample]) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for example in examples {
            blocks.append(.subheading(areaHeading(example.area)))
            blocks.append(.paragraph(.plain(example.text)))
        }
        if examples.contains(where: \.namesChanged) { blocks.append(.note("All names have been changed.")) }
        return blocks
    }

    /// Quotes from children, parents, carers and victims, as a bulleted list.
    func quoteBlocks(_ quotes: [PracticeExample]) -> [ReportBlock] {
        guard !quotes.isEmpty else { return [] }
        var blocks: [ReportBlock] = [.list(.bullets, quotes.map { .plain("“\($0.text)”") })]
        if quotes.contains(where: \.namesChanged) { blocks.append(.note("All names have been changed.")) }
        return blocks
    }

    /// The comments quoted from one questionnaire, in the respondents' words. Only a quote whose names someone has
    /// confirmed changed is printed: the store refuses any other, and the report does not rely on that alone.
    func quotedCommentBlocks(questionnaire: Questionnaire) -> [ReportBlock] {
        let quotes = input.quotedComments.filter { $0.questionnaireID == questionnaire.id && $0.namesChanged && $0.validate().isEmpty }
        guard !quotes.isEmpty else { return [] }
        return [.paragraph(.plain("In their own words:")),
                .list(.bullets, quotes.map { .plain("“\($0.text)”") }),
                .note("All names have been changed.")]
    }

    /// The heading for an evidence area: "General criterion 1.2", the theme's name, or governance.
    func areaHeading(_ area: EvidenceArea) -> String {
        switch area {
        case .governance: return "Governance and partnerships"
        case .operationalManagement: return "Operational management"
        case .theme(let id): return framework.section(id).map { "\($0.id). \($0.name)" } ?? "Theme \(id)"
        case .criterion(let id): return "General criterion \(id)"
        }
    }

    /// Service users' perspective: one subsection per questionnaire with responses, in the reports' phrasing.
    func serviceUsersSubsections() -> [ReportSection] {
        input.questionnaires.filter { $0.responseCount > 0 && $0.questionnaire.audience != .staff }.map { results in
            // The questionnaire's own sentences open with how many responded; only a suppressed one needs saying here.
            var blocks: [ReportBlock] = []
            if results.suppressed {
                let count = results.responseCount
                let audience = results.questionnaire.audience
                let who = count == 1 ? "one \(audience.singularNoun)" : "\(NumberWords.inText(count)) \(audience.pluralNoun)"
                blocks.append(.paragraph(.plain(Sentence.capitalisingStart("\(who) completed a questionnaire for the inspection."))))
                blocks.append(.note("Fewer than \(results.questionnaire.minimumForBreakdown) responses: answers are not broken down, so that no one can be recognised."))
            } else {
                blocks.append(.list(.bullets, results.sentences.map { .plain($0) }))
            }
            blocks += quotedCommentBlocks(questionnaire: results.questionnaire)
            return ReportSection(anchor: "service-users-\(results.questionnaire.id)", heading: results.questionnaire.title, blocks: blocks)
        }
    }

    /// Appendix: the area's contextual indicators beside the England and Wales figures.
    func contextualBlocks() -> [ReportBlock] {
        guard let latest = input.indicators.first else {
            return [.note("No contextual indicators have been recorded for \(input.facts.area).")]
        }
        var blocks: [ReportBlock] = ContextualComparison.sentences(latest).map { .paragraph(.plain($0)) }
        if let source = ContextualComparison.sourceNote(latest) { blocks.append(.note(source)) }
        return blocks
    }

    /// Appendix: how the inspection was done, with its own figures.
    func arrangementsBlocks(programmeName: String) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        let cases = scorecard.cases
        let when = fieldworkWhen.map { "Fieldwork took place \($0)" } ?? "Fieldwork dates have not been recorded"
        blocks.append(.paragraph(.plain("\(when), and inspectors examined \(NumberWords.inText(cases)) cases (\(NumberWords.inText(scorecard.custodyCases)) in custody and \(NumberWords.inText(scorecard.communityCases)) in the community) against the \(programmeName) framework, version \(framework.version).")))
        blocks.append(.paragraph(.plain("Each case was assessed with its case manager where possible. Inspectors also read documents provided by the service and, where the programme asks for them, gathered the views of children, parents and carers, victims and staff.")))
        if !input.team.isEmpty {
            blocks.append(.fields(input.team.map { ReportField($0.role, $0.name) }))
        }
        return blocks
    }

    /// Appendix: the inspected cases by gender, age, ethnicity, disposal, setting and risk of harm.
    func characteristicsBlocks() -> [ReportBlock] {
        let rows = SampleComparison.profile(of: input.cases)
        guard !rows.isEmpty else { return [.note("No cases have been recorded for this inspection.")] }
        return [.table(ReportTable(
            caption: "Characteristics of the \(input.cases.count) cases inspected",
            header: ["Characteristic", "Value", "Cases", "Share"],
            rows: rows.map { [$0.characteristic.capitalisedFirst, $0.value, String($0.count), "\($0.percent)%"] },
            numericColumns: [2, 3]
        ))]
    }

    /// Appendix: the scoring approach in yji's words, with this inspection's own numbers.
    func scoringApproachBlocks() -> [ReportBlock] {
        let scored = framework.questions.filter(\.isScored).count
        return [
            .paragraph(.plain("A case contains some work that was done well enough and some that was not, so the report does not ask what share of cases were good enough. It asks how often each part of the work was done well enough.")),
            .paragraph(.plain("Inspectors answered up to \(scored) scoring questions in every case. A question that did not apply to a case is left out of every score it feeds. A criterion's score is the share of the answers to its questions, across all the inspected cases, that were judged sufficient; a section's score repeats the calculation over all its criteria's answers; a headline score repeats it over the key questions that inform that theme.")),
            .paragraph(.plain("Scores are whole percentages, rounded half up, and a label is proposed from that whole percentage, so a printed score never disagrees with its band. \(countRuleSentence)")),
        ] + ratingRulesBlocks()
    }

    /// When findings quote a count rather than a percentage, from the framework's `fragile_below`.
    var countRuleSentence: String {
        guard let below = framework.sampling?.fragileBelow else {
            return "This framework states no size below which a percentage is fragile, so findings quote counts."
        }
        return "Where fewer than \(NumberWords.inText(below)) cases applied, or all or none of them met the standard, findings quote the count rather than a percentage."
    }

    /// Appendix: the glossary from the framework data.
    func glossaryBlocks() -> [ReportBlock] {
        guard !framework.report.glossary.isEmpty else { return [.note("This framework defines no glossary.")] }
        return [.fields(framework.report.glossary.map { ReportField($0.term, $0.meaning) })]
    }

    /// The scoring summary table: every headline, section and criterion with counts, score and band, and the
    /// benchmark beside it when there is one.
    func scoringSummaryTable(levels: [ScoreLevel]) -> ReportTable {
        let withBenchmark = !input.benchmarks.isEmpty
        var header = ["Score", "Name", "Sufficient", "Applicable", "Score %", "Band"]
        if withBenchmark { header += ["Lowest", "Highest", "Average"] }
        var rows: [[String]] = []
        for level in levels {
            let scores: [Score] = level == .headline ? scorecard.headlines : level == .section ? scorecard.sections : scorecard.criteria
            for score in scores {
                var row = [score.level == .headline ? "Headline" : score.id, score.name, score.judged ? "–" : String(score.sufficient),
                           score.judged ? "–" : String(score.applicable),
                           score.percent.map { "\($0)%" } ?? "–", score.band ?? "–"]
                if withBenchmark {
                    let benchmark = input.benchmark(score.level, score.id)
                    row += [benchmark.map { "\($0.lowest)%" } ?? "–", benchmark.map { "\($0.highest)%" } ?? "–",
                            benchmark.map { "\($0.average)%" } ?? "–"]
                }
                rows.append(row)
            }
        }
        return ReportTable(caption: "Scoring summary", header: header, rows: rows,
                           numericColumns: Set([2, 3, 4] + (withBenchmark ? [6, 7, 8] : [])))
    }
}

extension String {
    /// The string with its first letter in capitals ("risk of harm" → "Risk of harm").
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
