import Foundation
import Yams

/// Reads a framework from YAML and checks it completely, reporting every problem as FILE:LINE: id: message.
///
/// The loader composes the YAML into nodes (keeping their line numbers) rather than decoding it, because a
/// person fixing a framework file needs to be sent to the line, and because one pass should find every problem.
public enum FrameworkLoader {
    /// Loads and validates the framework in `url`.
    public static func load(contentsOf url: URL) throws(ProblemList) -> Framework {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ProblemList([Problem(file: url.path, line: nil, subject: "file", message: "cannot be read as UTF-8 text")])
        }
        return try load(yaml: text, file: url.path)
    }

    /// Loads and validates a framework from YAML text; `file` names it in problems.
    public static func load(yaml: String, file: String) throws(ProblemList) -> Framework {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ProblemList([Problem(file: file, line: YAMLRecords.errorLine(error), subject: "yaml", message: YAMLRecords.errorMessage(error))])
        }
        guard let root = composed else {
            throw ProblemList([Problem(file: file, line: 1, subject: "framework", message: "the file is empty")])
        }
        var reader = FrameworkReader(problems: ProblemCollector(file: file))
        // The reader only gives up on a file whose top level is not a mapping, and it says so.
        guard let framework = reader.read(root) else { throw ProblemList(reader.problems.problems) }
        var problems = reader.problems
        FrameworkValidator(framework: framework, lines: reader.lines).validate(into: &problems)
        try problems.throwIfAny()
        return framework
    }
}

/// Where each element of a framework was defined, so that validation can point at its line.
struct FrameworkLines {
    var sections: [String: Int] = [:]
    var criteria: [String: Int] = [:]
    var headlines: [String: Int] = [:]
    var questions: [String: Int] = [:]
    var conditions: [String: Int] = [:]
    var ratingScales: [String: Int] = [:]
    var bands: [String: [Int]] = [:]
    /// The `sampling` section and each of its keys ("sampling", "eligibility", "from_days", ...).
    var sampling: [String: Int] = [:]
    /// The `report` section.
    var report: Int?
    /// The `lifecycle` section and each milestone.
    var lifecycle = LifecycleLines()
    var root = 1
}

/// Turns the YAML node tree into the model, recording lines and reporting shape problems (missing, unknown or mistyped keys).
struct FrameworkReader: YAMLRecordReader {
    static func idProblem(_ id: String) -> String? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        return id.isEmpty || id.unicodeScalars.contains(where: { !allowed.contains($0) }) ? "use letters, digits, '.', '-' and '_' only" : nil
    }

    var problems: ProblemCollector
    var lines = FrameworkLines()

    mutating func read(_ root: Node) -> Framework? {
        guard let map = mapping(root, subject: "framework", allowed: [
            "id", "name", "programme", "version", "source", "sections", "criteria", "headlines", "questions", "ratings",
            "sampling", "report", "lifecycle", "criterion_numbering",
        ]) else { return nil }
        lines.root = line(root) ?? 1
        let id = requiredString(map, "id", subject: "framework", at: root) ?? ""
        let subject = id.isEmpty ? "framework" : id
        let name = requiredString(map, "name", subject: subject, at: root) ?? ""
        let programme = requiredString(map, "programme", subject: subject, at: root) ?? ""
        let version = requiredString(map, "version", subject: subject, at: root) ?? ""
        let source = requiredString(map, "source", subject: subject, at: root) ?? ""

        let sections = items(map, "sections", subject: subject, at: root, required: true).compactMap { readSection($0) }
        let criteria = items(map, "criteria", subject: subject, at: root, required: true).compactMap { readCriterion($0) }
        let headlines = items(map, "headlines", subject: subject, at: root, required: false).compactMap { readHeadline($0) }
        let questions = items(map, "questions", subject: subject, at: root, required: true).compactMap { readQuestion($0) }
        let scales = items(map, "ratings", subject: subject, at: root, required: false).compactMap { readRatingScale($0) }
        let sampling = map["sampling"].flatMap { readSampling($0) }
        let report = map["report"].flatMap { readReportRules($0) } ?? .unstated
        let lifecycle = map["lifecycle"].flatMap { readLifecycle($0) } ?? LifecycleRules()

        let numbering = map["criterion_numbering"].flatMap { node in
            mapping(node, subject: "criterion_numbering", allowed: ["provenance", "source"])
                .flatMap { readProvenance($0, subject: "criterion_numbering", at: node) }
        }
        return Framework(
            id: id, name: name, programme: programme, version: version, source: source,
            sections: sections, criteria: criteria, headlines: headlines, questions: questions, ratingScales: scales,
            sampling: sampling, report: report, lifecycle: lifecycle, criterionNumbering: numbering
        )
    }

    // MARK: Elements

    private mutating func readSection(_ node: Node) -> FrameworkSection? {
        guard let map = mapping(node, subject: "section", allowed: ["id", "name", "assessment", "summary", "aliases"]),
              let id = requiredID(map, kind: "section", at: node) else { return nil }
        record(\.sections, id, node, kind: "section")
        let name = requiredString(map, "name", subject: id, at: node) ?? ""
        var assessment = SectionAssessment.scored
        if let text = optionalString(map, "assessment", subject: id) {
            if let value = SectionAssessment(rawValue: text) {
                assessment = value
            } else {
                problems.add(line: line(map["assessment"]), id, "assessment must be scored or judged, not '\(text)'")
            }
        }
        // Older reports' headings for the same section; an alias that repeats the name or another alias would make
        // "which report said this" ambiguous, so it is refused rather than dropped.
        var aliases: [String] = []
        for alias in stringList(map, "aliases", subject: id) {
            let key = alias.lowercased()
            if alias.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.add(line: line(map["aliases"]), id, "an alias must not be empty")
            } else if key == name.lowercased() {
                problems.add(line: line(map["aliases"]), id, "alias '\(alias)' repeats the section's name")
            } else if aliases.contains(where: { $0.lowercased() == key }) {
                problems.add(line: line(map["aliases"]), id, "alias '\(alias)' is given twice")
            } else {
                aliases.append(alias)
            }
        }
        return FrameworkSection(id: id, name: name, assessment: assessment, summary: optionalString(map, "summary", subject: id),
                                aliases: aliases)
    }

    private mutating func readCriterion(_ node: Node) -> Criterion? {
        guard let map = mapping(node, subject: "criterion", allowed: ["id", "section", "name", "summary"]),
              let id = requiredID(map, kind: "criterion", at: node) else { return nil }
        record(\.criteria, id, node, kind: "criterion")
        return Criterion(
            id: id,
            section: requiredString(map, "section", subject: id, at: node) ?? "",
            name: requiredString(map, "name", subject: id, at: node) ?? "",
            summary: optionalString(map, "summary", subject: id)
        )
    }

    private mutating func readHeadline(_ node: Node) -> HeadlineTheme? {
        guard let map = mapping(node, subject: "headline", allowed: ["id", "name", "summary"]),
              let id = requiredID(map, kind: "headline", at: node) else { return nil }
        record(\.headlines, id, node, kind: "headline")
        return HeadlineTheme(
            id: id, name: requiredString(map, "name", subject: id, at: node) ?? "",
            summary: optionalString(map, "summary", subject: id)
        )
    }

    private mutating func readQuestion(_ node: Node) -> Question? {
        guard let map = mapping(node, subject: "question", allowed: [
            "id", "criterion", "text", "headlines", "applies", "kind", "options", "strength", "improvement",
        ]), let id = requiredID(map, kind: "question", at: node) else { return nil }
        record(\.questions, id, node, kind: "question")
        let criterion = requiredString(map, "criterion", subject: id, at: node) ?? ""
        let text = requiredString(map, "text", subject: id, at: node) ?? ""
        let headlines = stringList(map, "headlines", subject: id)
        var kind = AnswerKind.judgement
        if let kindText = optionalString(map, "kind", subject: id) {
            if let value = AnswerKind(rawValue: kindText) {
                kind = value
            } else {
                problems.add(line: line(map["kind"]), id, "kind must be judgement or fact, not '\(kindText)'")
            }
        }
        let options = stringList(map, "options", subject: id)
        let applicability = readApplicability(map["applies"], question: id)
        return Question(
            id: id, criterion: criterion, text: text, headlines: headlines, applicability: applicability,
            kind: kind, options: options,
            strength: optionalString(map, "strength", subject: id),
            improvement: optionalString(map, "improvement", subject: id)
        )
    }

    /// `applies` is `always`, `custody`, `community`, or a mapping `{setting: ..., when: QUESTION, is: ANSWER(S)}`.
    private mutating func readApplicability(_ node: Node?, question id: String) -> Applicability {
        guard let node else { return .always }
        if let text = scalarString(node) {
            switch text {
            case "always": return .always
            case "custody": return .custodyOnly
            case "community": return .communityOnly
            default:
                problems.add(line: line(node), id, "applies must be always, custody, community or a condition, not '\(text)'")
                return .always
            }
        }
        guard let map = mapping(node, subject: id, allowed: ["setting", "when", "is"]) else { return .always }
        var setting = SettingRestriction.any
        if let text = optionalString(map, "setting", subject: id) {
            switch text {
            case "custody": setting = .custody
            case "community": setting = .community
            case "any": setting = .any
            default: problems.add(line: line(map["setting"]), id, "setting must be custody, community or any, not '\(text)'")
            }
        }
        var condition: AnswerCondition?
        if let source = optionalString(map, "when", subject: id) {
            let answers = stringList(map, "is", subject: id)
            if answers.isEmpty {
                problems.add(line: line(node), id, "a condition needs 'is': the answer(s) of \(source) that make this question apply")
            }
            condition = AnswerCondition(question: source, answers: answers)
            lines.conditions[id] = line(map["when"]) ?? line(node)
        } else if map["is"] != nil {
            problems.add(line: line(map["is"]), id, "'is' needs 'when': the question whose answer decides")
        }
        return Applicability(setting: setting, condition: condition)
    }

    private mutating func readRatingScale(_ node: Node) -> RatingScale? {
        guard let map = mapping(node, subject: "rating", allowed: [
            "id", "name", "levels", "overridable", "bands", "provenance", "source",
        ]), let id = requiredID(map, kind: "rating", at: node) else { return nil }
        record(\.ratingScales, id, node, kind: "rating")
        let name = requiredString(map, "name", subject: id, at: node) ?? ""
        let provenance = readProvenance(map, subject: id, at: node)
        var levels: [ScoreLevel] = []
        for text in stringList(map, "levels", subject: id) {
            if let level = ScoreLevel(rawValue: text) {
                levels.append(level)
            } else {
                problems.add(line: line(map["levels"]), id, "unknown level '\(text)' (headline, section, criterion or question)")
            }
        }
        if map["levels"] == nil { problems.add(line: line(node), id, "missing 'levels'") }
        var overridable = false
        if let flag = map["overridable"] {
            if let value = flag.bool { overridable = value } else {
                problems.add(line: line(flag), id, "overridable must be true or false")
            }
        }
        var bands: [RatingBand] = []
        var bandLines: [Int] = []
        for bandNode in items(map, "bands", subject: id, at: node, required: true) {
            guard let bandMap = mapping(bandNode, subject: id, allowed: ["label", "from", "to", "provenance", "source"])
            else { continue }
            let label = requiredString(bandMap, "label", subject: id, at: bandNode) ?? ""
            guard let from = requiredInt(bandMap, "from", subject: id, at: bandNode),
                  let to = requiredInt(bandMap, "to", subject: id, at: bandNode) else { continue }
            // A band's provenance is that of its lower cut-off; the bottom band starts at 0, which no rule sets.
            var cutOff: Provenance?
            if from > 0 {
                cutOff = readProvenance(bandMap, subject: id, at: bandNode)
            } else if let stray = bandMap["provenance"] ?? bandMap["source"] {
                problems.add(line: line(stray), id,
                             "band '\(label)' starts at 0, which is no cut-off: drop its provenance and source")
            }
            bands.append(RatingBand(label: label, from: from, to: to, provenance: cutOff))
            bandLines.append(line(bandNode) ?? 0)
        }
        // Keep band lines in the scale's sorted order so problems point at the right band.
        let order = bands.indices.sorted { bands[$0].from < bands[$1].from }
        lines.bands[id] = order.map { bandLines[$0] }
        guard let provenance else { return nil }
        return RatingScale(id: id, name: name, levels: levels, overridable: overridable, bands: bands, provenance: provenance)
    }

    /// `sampling: {eligibility, orders, size, default_size, must_include, fragile_below}`. Every key is required and
    /// every rule carries `provenance` and `source`, so a programme's sampling rule is always stated in full and says
    /// where it comes from; see docs/frameworks.md.
    private mutating func readSampling(_ node: Node) -> SamplingRules? {
        let subject = "sampling"
        lines.sampling[subject] = line(node)
        guard let map = mapping(node, subject: subject, allowed: [
            "eligibility", "orders", "size", "default_size", "must_include", "fragile_below",
        ]) else { return nil }

        var window: (from: Int, to: Int, statuses: [CaseStatus], provenance: Provenance)?
        if let part = samplingPart(map, "eligibility", at: node,
                                   allowed: ["from_days", "to_days", "statuses", "provenance", "source"]) {
            let from = requiredInt(part.map, "from_days", subject: subject, at: part.node)
            let to = requiredInt(part.map, "to_days", subject: subject, at: part.node)
            var statuses: [CaseStatus] = []
            var statusesValid = true
            if part.map["statuses"] == nil {
                problems.add(line: line(part.node), subject, "missing 'statuses'")
                statusesValid = false
            }
            for text in stringList(part.map, "statuses", subject: subject) {
                if let status = CaseStatus(rawValue: text) {
                    statuses.append(status)
                } else {
                    problems.add(line: line(part.map["statuses"]), subject, "unknown status '\(text)' (current or terminated)")
                    statusesValid = false
                }
            }
            for key in ["from_days", "to_days", "statuses"] { lines.sampling[key] = line(part.map[key]) }
            let provenance = readProvenance(part.map, subject: "sampling eligibility", at: part.node)
            if let from, let to, statusesValid, let provenance { window = (from, to, statuses, provenance) }
        }

        var orders: EligibleOrders?
        if let part = samplingPart(map, "orders", at: node, allowed: ["include", "provenance", "source"]) {
            var disposals: [Disposal] = []
            var valid = true
            if part.map["include"] == nil {
                problems.add(line: line(part.node), subject, "missing 'include': the kinds of order the programme samples")
                valid = false
            }
            let at = line(part.map["include"])
            lines.sampling["include"] = at
            for text in stringList(part.map, "include", subject: subject) {
                guard let disposal = Disposal(rawValue: text) else {
                    problems.add(line: at, subject, "unknown order '\(text)' (\(Disposal.spellings))")
                    valid = false
                    continue
                }
                if disposals.contains(disposal) {
                    problems.add(line: at, subject, "order '\(text)' is listed twice")
                    valid = false
                }
                disposals.append(disposal)
            }
            if valid, disposals.isEmpty {
                problems.add(line: at, subject, "'include' must name at least one kind of order")
                valid = false
            }
            let provenance = readProvenance(part.map, subject: "sampling orders", at: part.node)
            if valid, let provenance { orders = EligibleOrders(disposals: disposals, provenance: provenance) }
        }

        var bounds: (minimum: Int, maximum: Int, provenance: Provenance)?
        if let part = samplingPart(map, "size", at: node, allowed: ["minimum", "maximum", "provenance", "source"]) {
            let minimum = requiredInt(part.map, "minimum", subject: subject, at: part.node)
            let maximum = requiredInt(part.map, "maximum", subject: subject, at: part.node)
            for key in ["minimum", "maximum"] { lines.sampling[key] = line(part.map[key]) }
            let provenance = readProvenance(part.map, subject: "sampling size", at: part.node)
            if let minimum, let maximum, let provenance { bounds = (minimum, maximum, provenance) }
        }

        var share: (percent: Int, provenance: Provenance)?
        if let part = samplingPart(map, "default_size", at: node, allowed: ["percent_of_eligible", "provenance", "source"]) {
            let percent = requiredInt(part.map, "percent_of_eligible", subject: subject, at: part.node)
            lines.sampling["percent_of_eligible"] = line(part.map["percent_of_eligible"])
            let provenance = readProvenance(part.map, subject: "sampling default_size", at: part.node)
            if let percent, let provenance { share = (percent, provenance) }
        }

        var groups: [RequiredGroup] = []
        var groupsValid = map["must_include"] != nil
        if map["must_include"] == nil {
            problems.add(line: line(node), subject, "missing 'must_include' (give [] for a programme that names no group)")
        }
        lines.sampling["must_include"] = line(map["must_include"])
        let known = Characteristic.allCases.map(\.key).joined(separator: ", ")
        for item in items(map, "must_include", subject: subject, at: node, required: false) {
            guard let fields = mapping(item, subject: subject, allowed: ["group", "provenance", "source"], namedByID: false),
                  let key = requiredString(fields, "group", subject: subject, at: item) else {
                groupsValid = false
                continue
            }
            guard let group = Characteristic(key: key) else {
                problems.add(line: line(fields["group"]), subject, "unknown group '\(key)' (\(known))")
                groupsValid = false
                continue
            }
            if groups.contains(where: { $0.group == group }) {
                problems.add(line: line(fields["group"]), subject, "group '\(key)' is listed twice")
                groupsValid = false
            }
            guard let provenance = readProvenance(fields, subject: "sampling must_include \(key)", at: item) else {
                groupsValid = false
                continue
            }
            groups.append(RequiredGroup(group, provenance: provenance))
        }

        var fragile: (cases: Int, provenance: Provenance)?
        if let part = samplingPart(map, "fragile_below", at: node, allowed: ["cases", "provenance", "source"]) {
            let cases = requiredInt(part.map, "cases", subject: subject, at: part.node)
            lines.sampling["fragile_below"] = line(part.map["cases"]) ?? line(part.node)
            let provenance = readProvenance(part.map, subject: "sampling fragile_below", at: part.node)
            if let cases, let provenance { fragile = (cases, provenance) }
        }

        guard let window, let orders, let bounds, let share, groupsValid, let fragile else { return nil }
        return SamplingRules(
            eligibility: EligibilityWindow(fromDays: window.from, toDays: window.to, statuses: window.statuses,
                                           provenance: window.provenance, orders: orders),
            size: SampleSizeRule(minimum: bounds.minimum, maximum: bounds.maximum, provenance: bounds.provenance,
                                 percentOfEligible: share.percent, defaultProvenance: share.provenance),
            mustInclude: groups, fragileBelow: fragile.cases, fragileBelowProvenance: fragile.provenance)
    }

    /// `report: {strengths: {proposed_from, provenance, source}, split: {provenance, source}, glossary: [{term,
    /// meaning}]}`: which findings the draft proposes as strengths and where that comes from, who decides the final
    /// split, and what the glossary explains.
    private mutating func readReportRules(_ node: Node) -> ReportRules? {
        let subject = "report"
        lines.report = line(node)
        guard let map = mapping(node, subject: subject, allowed: ["strengths", "split", "glossary"]) else { return nil }
        var proposal: (from: Int, provenance: Provenance)?
        if let strengthsNode = map["strengths"] {
            if let fields = mapping(strengthsNode, subject: subject, allowed: ["proposed_from", "provenance", "source"]) {
                let from = requiredInt(fields, "proposed_from", subject: subject, at: strengthsNode)
                if let from, !(0...100).contains(from) {
                    problems.add(line: line(fields["proposed_from"]), subject, "proposed_from must be a whole percentage from 0 to 100")
                }
                let provenance = readProvenance(fields, subject: "report strengths", at: strengthsNode)
                if let from, let provenance { proposal = (from, provenance) }
            }
        } else {
            problems.add(line: line(node), subject, "missing 'strengths': the percentage from which the draft proposes a strength")
        }
        var split: Provenance?
        if let splitNode = map["split"] {
            if let fields = mapping(splitNode, subject: subject, allowed: ["provenance", "source"]) {
                split = readProvenance(fields, subject: "report split", at: splitNode)
            }
        } else {
            problems.add(line: line(node), subject, "missing 'split': who decides which findings are strengths, and where the reports show it")
        }
        let glossary: [GlossaryEntry] = items(map, "glossary", subject: subject, at: node, required: false).compactMap { entry in
            guard let fields = mapping(entry, subject: "glossary", allowed: ["term", "meaning"], namedByID: false) else { return nil }
            guard let term = requiredString(fields, "term", subject: "glossary", at: entry),
                  let meaning = requiredString(fields, "meaning", subject: term, at: entry) else { return nil }
            return GlossaryEntry(term: term, meaning: meaning)
        }
        guard let proposal, let split else { return nil }
        return ReportRules(strengthFrom: proposal.from, provenance: proposal.provenance, split: split, glossary: glossary)
    }

    /// A required mapping inside `sampling`, with its line recorded.
    private mutating func samplingPart(
        _ map: Node.Mapping, _ key: String, at owner: Node, allowed: Set<String>
    ) -> (node: Node, map: Node.Mapping)? {
        guard let node = map[key] else {
            problems.add(line: line(owner), "sampling", "missing '\(key)'")
            return nil
        }
        lines.sampling[key] = line(node)
        guard let part = mapping(node, subject: "sampling", allowed: allowed) else { return nil }
        return (node, part)
    }

    // MARK: Node access


    private mutating func record(
        _ table: WritableKeyPath<FrameworkLines, [String: Int]>, _ id: String, _ node: Node, kind: String
    ) {
        if let first = lines[keyPath: table][id] {
            problems.add(line: line(node), id, "duplicate \(kind) id (first defined on line \(first))")
        } else {
            lines[keyPath: table][id] = line(node) ?? 0
        }
    }

}
