/// Checks that a framework read from YAML is coherent: references resolve, applicability has no cycles,
/// every criterion is assessed, and rating bands cover 0-100 exactly once.
struct FrameworkValidator {
    let framework: Framework
    let lines: FrameworkLines

    /// Placeholders a finding sentence may use; the report fills them from the question's score.
    static let sentencePlaceholders: Set<String> = ["proportion", "percent", "count", "total"]

    func validate(into problems: inout ProblemCollector) {
        checkIdentity(&problems)
        checkSections(&problems)
        checkCriteria(&problems)
        checkHeadlines(&problems)
        checkQuestions(&problems)
        checkApplicabilityCycles(&problems)
        checkRatingScales(&problems)
        checkSampling(&problems)
        checkLifecycle(&problems)
    }

    private func checkSampling(_ problems: inout ProblemCollector) {
        guard let rules = framework.sampling else { return }
        func at(_ key: String) -> Int? { lines.sampling[key] ?? lines.sampling["sampling"] }
        let window = rules.eligibility
        if window.fromDays < 0 { problems.add(line: at("from_days"), "sampling", "from_days must be 0 or more") }
        if window.toDays < 0 { problems.add(line: at("to_days"), "sampling", "to_days must be 0 or more") }
        if window.fromDays > window.toDays {
            problems.add(line: at("to_days"), "sampling",
                         "the eligibility window runs backwards: from_days \(window.fromDays) is more than to_days \(window.toDays)")
        }
        if window.statuses.isEmpty {
            problems.add(line: at("statuses"), "sampling", "statuses must name current, terminated or both")
        } else if Set(window.statuses).count != window.statuses.count {
            problems.add(line: at("statuses"), "sampling", "statuses repeat")
        }
        let size = rules.size
        if size.minimum < 1 { problems.add(line: at("minimum"), "sampling", "minimum must be at least 1") }
        if size.minimum > size.maximum {
            problems.add(line: at("maximum"), "sampling", "maximum \(size.maximum) is below minimum \(size.minimum)")
        }
        if size.percentOfEligible < 1 || size.percentOfEligible > 100 {
            problems.add(line: at("percent_of_eligible"), "sampling", "percent_of_eligible must be from 1 to 100")
        }
        if rules.fragileBelow < 0 { problems.add(line: at("fragile_below"), "sampling", "fragile_below must be 0 or more") }
    }

    private func checkIdentity(_ problems: inout ProblemCollector) {
        if !framework.id.isEmpty, framework.id.contains(where: { $0.isWhitespace || $0 == "/" }) {
            problems.add(line: lines.root, framework.id, "framework ids cannot contain spaces or '/'")
        }
    }

    private func checkSections(_ problems: inout ProblemCollector) {
        for section in framework.sections where framework.criteria(inSection: section.id).isEmpty {
            problems.add(line: lines.sections[section.id], section.id, "section has no criteria")
        }
        // A heading matched by two sections would send an imported finding to whichever is read first.
        for section in framework.sections {
            for alias in section.aliases {
                if let other = framework.sections.first(where: { $0.id != section.id && $0.isNamed(alias) }) {
                    problems.add(line: lines.sections[section.id], section.id,
                                 "alias '\(alias)' is also the name or an alias of section \(other.id)")
                }
            }
        }
    }

    private func checkCriteria(_ problems: inout ProblemCollector) {
        for criterion in framework.criteria {
            let line = lines.criteria[criterion.id]
            guard let section = framework.section(criterion.section) else {
                if !criterion.section.isEmpty {
                    problems.add(line: line, criterion.id, "unknown section '\(criterion.section)'")
                }
                continue
            }
            let scored = framework.questions(inCriterion: criterion.id).filter(\.isScored)
            switch section.assessment {
            case .scored where scored.isEmpty:
                problems.add(line: line, criterion.id, "criterion has no scored question")
            case .judged where !scored.isEmpty:
                problems.add(line: line, criterion.id, "criterion of judged section \(section.id) cannot have scored questions")
            default:
                break
            }
        }
    }

    private func checkHeadlines(_ problems: inout ProblemCollector) {
        for headline in framework.headlines {
            let fed = framework.questions.contains { $0.isScored && $0.headlines.contains(headline.id) }
            if !fed { problems.add(line: lines.headlines[headline.id], headline.id, "headline theme has no scored question") }
        }
    }

    private func checkQuestions(_ problems: inout ProblemCollector) {
        let headlineIDs = Set(framework.headlines.map(\.id))
        for question in framework.questions {
            let line = lines.questions[question.id]
            let id = question.id
            if !question.criterion.isEmpty, framework.criterion(question.criterion) == nil {
                problems.add(line: line, id, "unknown criterion '\(question.criterion)'")
            }
            for headline in question.headlines where !headlineIDs.contains(headline) {
                problems.add(line: line, id, "unknown headline theme '\(headline)'")
            }
            switch question.kind {
            case .judgement:
                if !question.options.isEmpty {
                    problems.add(line: line, id, "options are for fact questions; a judgement is answered yes, no or na")
                }
            case .fact:
                if question.options.count < 2 { problems.add(line: line, id, "a fact question needs at least two options") }
                if !question.headlines.isEmpty { problems.add(line: line, id, "a fact question is not scored, so it cannot feed a headline theme") }
                if Set(question.options).count != question.options.count { problems.add(line: line, id, "options repeat") }
            }
            if let condition = question.applicability.condition {
                checkCondition(condition, of: question, &problems)
            }
            for (key, sentence) in [("strength", question.strength), ("improvement", question.improvement)] {
                guard let sentence else { continue }
                for name in Self.placeholders(in: sentence) where !Self.sentencePlaceholders.contains(name) {
                    let known = Self.sentencePlaceholders.sorted().joined(separator: ", ")
                    problems.add(line: line, id, "\(key) uses unknown placeholder {\(name)} (known: \(known))")
                }
            }
        }
    }

    private func checkCondition(_ condition: AnswerCondition, of question: Question, _ problems: inout ProblemCollector) {
        let line = lines.conditions[question.id] ?? lines.questions[question.id]
        guard let source = framework.question(condition.question) else {
            problems.add(line: line, question.id, "applicability refers to unknown question '\(condition.question)'")
            return
        }
        for answer in condition.answers where !source.acceptedAnswers.contains(answer) {
            let accepted = source.acceptedAnswers.joined(separator: "|")
            problems.add(line: line, question.id, "'\(answer)' is not an answer of \(source.id) (\(accepted))")
        }
        let settings = (question.applicability.setting, source.applicability.setting)
        if settings == (.custody, .community) || settings == (.community, .custody) {
            problems.add(line: line, question.id, "depends on \(source.id), which never applies in the same setting")
        }
    }

    /// A question that applies only when another applies only when the first does would never be answerable.
    private func checkApplicabilityCycles(_ problems: inout ProblemCollector) {
        let next = Dictionary(
            framework.questions.compactMap { q in q.applicability.condition.map { (q.id, $0.question) } },
            uniquingKeysWith: { first, _ in first }
        )
        for cycle in DependencyCycles.cycles(order: framework.questions.map(\.id), next: next) {
            let closing = cycle[cycle.count - 1]
            problems.add(line: lines.conditions[closing] ?? lines.questions[closing], closing,
                         "applicability is cyclic: \(cycle.joined(separator: " -> "))")
        }
    }

    private func checkRatingScales(_ problems: inout ProblemCollector) {
        var claimed: [ScoreLevel: String] = [:]
        for scale in framework.ratingScales {
            let line = lines.ratingScales[scale.id]
            for level in scale.levels {
                if let other = claimed[level] {
                    problems.add(line: line, scale.id, "\(level.rawValue) scores are already rated by '\(other)'")
                } else {
                    claimed[level] = scale.id
                }
            }
            checkBands(of: scale, &problems)
        }
    }

    private func checkBands(of scale: RatingScale, _ problems: inout ProblemCollector) {
        let bandLines = lines.bands[scale.id] ?? []
        func lineOf(_ index: Int) -> Int? { index < bandLines.count ? bandLines[index] : lines.ratingScales[scale.id] }
        guard !scale.bands.isEmpty else {
            problems.add(line: lines.ratingScales[scale.id], scale.id, "a rating scale needs bands")
            return
        }
        var labels: Set<String> = []
        for (index, band) in scale.bands.enumerated() {
            if band.from > band.to {
                problems.add(line: lineOf(index), scale.id, "band '\(band.label)' runs from \(band.from) down to \(band.to)")
            }
            if band.from < 0 || band.to > 100 {
                problems.add(line: lineOf(index), scale.id, "band '\(band.label)' goes outside 0-100")
            }
            if !labels.insert(band.label).inserted {
                problems.add(line: lineOf(index), scale.id, "band label '\(band.label)' is used twice")
            }
        }
        if let first = scale.bands.first, first.from > 0 {
            problems.add(line: lineOf(0), scale.id, "bands do not cover 0-100: nothing covers 0-\(first.from - 1)")
        }
        if let last = scale.bands.last, last.to < 100 {
            problems.add(line: lineOf(scale.bands.count - 1), scale.id, "bands do not cover 0-100: nothing covers \(last.to + 1)-100")
        }
        for index in scale.bands.indices.dropFirst() {
            let previous = scale.bands[index - 1], band = scale.bands[index]
            if band.from > previous.to + 1 {
                problems.add(line: lineOf(index), scale.id,
                             "bands leave a gap: nothing covers \(previous.to + 1)-\(band.from - 1)")
            } else if band.from <= previous.to {
                problems.add(line: lineOf(index), scale.id,
                             "bands overlap: '\(previous.label)' and '\(band.label)' both cover \(band.from)-\(min(previous.to, band.to))")
            }
        }
    }

    /// The `{name}` placeholders in a finding sentence.
    static func placeholders(in sentence: String) -> [String] {
        var names: [String] = []
        var rest = Substring(sentence)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
