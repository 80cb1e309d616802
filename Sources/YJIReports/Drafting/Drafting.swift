import YJICore

/// Drafts the report's text from one inspection's input: findings from the framework's sentences, summaries with
/// bound figures, and people's edits laid over the draft. Every programme's builder drafts through it, so a rule
/// about drafted text lives in one place.
struct Drafting {
    let input: ReportInput

    var framework: Framework { input.framework }
    var scorecard: Scorecard { input.scorecard }

    /// An editable item: the person's text when they saved one, else `drafted`; figures resolved, and sentences
    /// whose figures moved since the last reading marked.
    func item(key: String, drafted: String, label: String? = nil) -> ReportItem {
        let saved = input.texts[key]
        let source = saved?.text ?? drafted
        let resolved = BoundText.resolve(source, in: scorecard, countBelow: framework.countBelow)
        let changed = BoundText.changedSentences(source, seen: saved?.seenFigures ?? [:], current: resolved.figures)
        return ReportItem(key: key, label: label, text: resolved.text, source: source, edited: saved?.text != nil,
                          changedSentences: changed, figures: resolved.figures)
    }

    /// The drafted findings of the given criteria, split into strengths and areas for improvement as the framework's
    /// drafting rule proposes (`ReportRules`: inspectors decide the final split and edit the draft) and numbered
    /// "(1)", "(2)" within each list. A finding a person emptied is left out; a question no case
    /// applied to has no finding.
    func findings(criteria: [String]) -> (strengths: [ReportItem], improvements: [ReportItem]) {
        var strengths: [ReportItem] = []
        var improvements: [ReportItem] = []
        for question in framework.questions where criteria.contains(question.criterion) && question.isScored {
            guard let result = scorecard.question(question.id), let percent = result.percent else { continue }
            let isStrength = framework.report.isStrength(percent)
            guard let template = isStrength ? (question.strength ?? question.improvement)
                                            : (question.improvement ?? question.strength) else { continue }
            let key = Self.findingKey(question.id)
            let drafted = item(key: key, drafted: BoundText.binding(template, question: question.id))
            guard !drafted.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            if isStrength { strengths.append(drafted) } else { improvements.append(drafted) }
        }
        return (numbered(strengths), numbered(improvements))
    }

    /// The edit key of a question's drafted finding.
    static func findingKey(_ questionID: String) -> String { "finding:\(questionID)" }

    /// Items relabelled "(1)", "(2)", ... in order.
    func numbered(_ items: [ReportItem], style: (Int) -> String = { "(\($0))" }) -> [ReportItem] {
        items.enumerated().map { index, item in
            ReportItem(key: item.key, label: style(index + 1), text: item.text, source: item.source, edited: item.edited,
                       changedSentences: item.changedSentences, figures: item.figures)
        }
    }

    /// The best and weakest drafted findings across the framework, for a letter's key strengths and areas requiring
    /// improvement: questions with enough applicable cases to carry weight, best (or weakest) first.
    func extremes(limit: Int) -> (best: [String], weakest: [String]) {
        let ranked = framework.questions.compactMap { question -> (Question, Int)? in
            guard question.isScored, let result = scorecard.question(question.id), let percent = result.percent,
                  result.all.applicable >= 3 else { return nil }
            return (question, percent)
        }
        let best = ranked.filter { framework.report.isStrength($0.1) }.sorted { $0.1 > $1.1 }.prefix(limit)
            .compactMap { question, _ in question.strength.map { BoundText.binding($0, question: question.id) } }
        let weakest = ranked.filter { !framework.report.isStrength($0.1) }.sorted { $0.1 < $1.1 }.prefix(limit)
            .compactMap { question, _ in question.improvement.map { BoundText.binding($0, question: question.id) } }
        return (best, weakest)
    }

    /// A score with its band, as printed beside a criterion or theme.
    func scoreBlock(_ level: ScoreLevel, _ id: String, label: String = "Score") -> ReportBlock? {
        guard let score = scorecard.score(level, id) else { return nil }
        if score.judged {
            return .score(label: "Judgement", value: score.band ?? "not yet judged", band: score.band)
        }
        return .score(label: label, value: score.percent.map { "\($0)%" } ?? "no applicable cases", band: score.band)
    }

    /// Scores as chart rows, with the benchmark beside each where there is one.
    func chartRows(_ scores: [Score]) -> [ScoreBarRow] {
        scores.compactMap { score in
            guard let percent = score.percent else { return nil }
            // Headline ids ("roh") are keys, not published numbers; only sections and criteria print theirs.
            return ScoreBarRow(label: score.level == .headline ? "" : score.id, name: score.name, percent: percent, band: score.band,
                               benchmark: input.benchmark(score.level, score.id))
        }
    }

    /// The section's questions as the FJI data summary charts them: sufficient against insufficient answers.
    func dataSummaryRows(section sectionID: String) -> [DataSummaryRow] {
        let criteria = Set(framework.criteria(inSection: sectionID).map(\.id))
        return framework.questions.compactMap { question in
            guard question.isScored, criteria.contains(question.criterion), let result = scorecard.question(question.id),
                  result.all.applicable > 0 else { return nil }
            return DataSummaryRow(label: question.text, sufficient: result.all.sufficient,
                                  insufficient: result.all.applicable - result.all.sufficient)
        }
    }

    /// Practice examples and quotes filed against an area of the framework, or all when `area` is nil.
    func examples(_ kind: PracticeExample.Kind, area: EvidenceArea? = nil) -> [PracticeExample] {
        input.examples.filter { $0.kind == kind && (area == nil || $0.area == area) }
    }

    /// Inspectors' structured findings for one area.
    func structuredFindings(_ area: EvidenceArea) -> [StructuredFinding] {
        input.findings.filter { $0.area == area }
    }

    /// The fieldwork dates in words with their preposition, or nil when they are not recorded: "on 8 June 2026",
    /// "from 14 to 25 September 2026", "from 30 September to 2 October 2026" (a month or year the dates share once).
    var fieldworkWhen: String? {
        guard let start = input.facts.fieldworkStart else { return nil }
        guard let end = input.facts.fieldworkEnd, end != start else { return "on " + start.longDescription }
        return "from " + Self.dateRange(start, end)
    }

    /// Two dates as a range the way the reports write one, naming a shared month and year once.
    static func dateRange(_ start: CalendarDate, _ end: CalendarDate) -> String {
        let month = CalendarDate.monthNames[start.month - 1]
        if start.year == end.year && start.month == end.month { return "\(start.day) to \(end.longDescription)" }
        if start.year == end.year { return "\(start.day) \(month) to \(end.longDescription)" }
        return "\(start.longDescription) to \(end.longDescription)"
    }
}
