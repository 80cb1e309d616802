import Foundation
import Yams

/// Reads a questionnaire from YAML and checks it completely, reporting every problem as FILE:LINE: id: message.
///
/// Like the framework loader, it composes the YAML into nodes rather than decoding it, so that every problem can
/// name its line and one pass finds them all. The file format is described in the shipped files' header comments.
public enum QuestionnaireLoader {
    /// Loads and validates a questionnaire from YAML text; `file` names it in problems.
    public static func load(yaml: String, file: String) throws(ProblemList) -> Questionnaire {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ProblemList([Problem(file: file, line: YAMLRecords.errorLine(error), subject: "yaml", message: YAMLRecords.errorMessage(error))])
        }
        guard let root = composed else {
            throw ProblemList([Problem(file: file, line: 1, subject: "questionnaire", message: "the file is empty")])
        }
        var reader = QuestionnaireReader(problems: ProblemCollector(file: file))
        let questionnaire = reader.read(root)
        try reader.problems.throwIfAny()
        // The reader reports a problem whenever it cannot build the questionnaire, so this is only a safety net.
        guard let questionnaire else {
            throw ProblemList([Problem(file: file, line: 1, subject: "questionnaire", message: "cannot be read")])
        }
        return questionnaire
    }

    /// Loads and validates the questionnaire in `url`.
    public static func load(contentsOf url: URL) throws(ProblemList) -> Questionnaire {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ProblemList([Problem(file: url.path, line: nil, subject: "file", message: "cannot be read as UTF-8 text")])
        }
        return try load(yaml: text, file: url.path)
    }
}

/// The questionnaires shipped with yji as package resources.
public enum QuestionnaireCatalog {
    /// Ids of the shipped questionnaires: children and young people, victims, and the staff interview record.
    public static let shippedIDs = ["children", "victims", "staff"]

    /// The file of a shipped questionnaire.
    public static func url(of id: String) -> URL? {
        Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Questionnaires")
    }

    /// Loads a shipped questionnaire by id.
    public static func shipped(_ id: String) throws(ProblemList) -> Questionnaire {
        guard shippedIDs.contains(id), let url = url(of: id) else {
            let known = shippedIDs.joined(separator: ", ")
            throw ProblemList([Problem(file: id, line: nil, subject: "questionnaire",
                                       message: "no shipped questionnaire has this id (shipped: \(known))")])
        }
        return try QuestionnaireLoader.load(contentsOf: url)
    }
}

/// Turns the YAML node tree into a questionnaire, checking shape and references as it goes.
struct QuestionnaireReader: YAMLRecordReader {
    static func idProblem(_ id: String) -> String? {
        isValidID(id) ? nil : "use lower-case letters, digits and '_' only"
    }

    var problems: ProblemCollector

    /// Questions, options and findings are named in CSV headers and cells, so their ids are kept to what needs no quoting.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    mutating func read(_ root: Node) -> Questionnaire? {
        guard let map = mapping(root, subject: "questionnaire", allowed: [
            "id", "version", "title", "audience", "minimum_for_breakdown", "questions", "findings",
        ]) else { return nil }
        let id = requiredString(map, "id", subject: "questionnaire", at: root) ?? ""
        let subject = id.isEmpty ? "questionnaire" : id
        if !id.isEmpty, !Self.isValidID(id) {
            problems.add(line: line(map["id"]), subject, "questionnaire ids use lower-case letters, digits and '_' only")
        }
        let version = requiredString(map, "version", subject: subject, at: root) ?? ""
        let title = requiredString(map, "title", subject: subject, at: root) ?? ""
        var audience: QuestionnaireAudience?
        if let text = requiredString(map, "audience", subject: subject, at: root) {
            audience = QuestionnaireAudience(rawValue: text)
            if audience == nil {
                problems.add(line: line(map["audience"]), subject, "audience must be children, victims or staff, not '\(text)'")
            }
        }
        var minimum = audience?.minimumForBreakdown ?? 1
        if let node = map["minimum_for_breakdown"] {
            if let value = node.int {
                minimum = value
                if let audience, value < audience.minimumForBreakdown {
                    problems.add(line: line(node), subject, audience == .staff
                        ? "minimum_for_breakdown must be at least 1"
                        : "minimum_for_breakdown must be at least \(audience.minimumForBreakdown) for \(audience.rawValue), "
                            + "so that no breakdown can point at one respondent")
                }
            } else {
                problems.add(line: line(node), subject, "'minimum_for_breakdown' must be a whole number")
            }
        }

        let questionNodes = items(map, "questions", subject: subject, at: root, required: true)
        if questionNodes.isEmpty, case .sequence? = map["questions"] {
            problems.add(line: line(map["questions"]), subject, "'questions' must list at least one question")
        }
        var questions: [QuestionnaireQuestion] = []
        var questionLines: [String: Int] = [:]
        var conditionLines: [String: Int] = [:]
        for node in questionNodes {
            guard let (question, conditionLine) = readQuestion(node) else { continue }
            if let first = questionLines[question.id] {
                problems.add(line: line(node), question.id, "duplicate question id (first defined on line \(first))")
                continue
            }
            questionLines[question.id] = line(node) ?? 0
            if let conditionLine { conditionLines[question.id] = conditionLine }
            questions.append(question)
        }
        checkConditions(questions, lines: conditionLines)
        let comments = questions.filter { $0.kind == .comment }
        for extra in comments.dropFirst() {
            problems.add(line: questionLines[extra.id], extra.id,
                         "only one comment question is allowed (a response keeps one comment); the first is \(comments[0].id)")
        }

        var findings: [QuestionnaireFinding] = []
        var findingLines: [String: Int] = [:]
        for node in items(map, "findings", subject: subject, at: root, required: false) {
            guard let finding = readFinding(node, questions: questions) else { continue }
            if let first = findingLines[finding.id] {
                problems.add(line: line(node), finding.id, "duplicate finding id (first defined on line \(first))")
                continue
            }
            findingLines[finding.id] = line(node) ?? 0
            findings.append(finding)
        }
        guard let audience else { return nil }
        return Questionnaire(id: id, version: version, title: title, audience: audience, minimumForBreakdown: minimum,
                             questions: questions, findings: findings)
    }

    // MARK: Elements

    /// A question, and the line of its `applies_when` so that the condition can be checked once all questions are read.
    private mutating func readQuestion(_ node: Node) -> (QuestionnaireQuestion, Int?)? {
        guard let map = mapping(node, subject: "question", allowed: [
            "id", "text", "kind", "options", "min", "max", "required", "applies_when",
        ]), let id = requiredID(map, kind: "question", at: node) else { return nil }
        let text = requiredString(map, "text", subject: id, at: node)
        var required = false
        if let flag = map["required"] {
            if let value = flag.bool { required = value } else {
                problems.add(line: line(flag), id, "required must be true or false")
            }
        }
        var kind: QuestionnaireQuestion.Kind?
        switch requiredString(map, "kind", subject: id, at: node) {
        case nil:
            break
        case "choice":
            kind = readOptions(map, question: id, at: node).map { .choice(options: $0) }
            rejectKeys(["min", "max"], in: map, question: id, only: "scale")
        case "scale":
            let min = requiredInt(map, "min", subject: id, at: node)
            let max = requiredInt(map, "max", subject: id, at: node)
            rejectKeys(["options"], in: map, question: id, only: "choice")
            if let min, let max {
                if min >= max {
                    problems.add(line: line(map["max"]), id, "max \(max) must be above min \(min)")
                } else {
                    kind = .scale(min: min, max: max)
                }
            }
        case "comment":
            kind = .comment
            rejectKeys(["options"], in: map, question: id, only: "choice")
            rejectKeys(["min", "max"], in: map, question: id, only: "scale")
            if required {
                problems.add(line: line(map["required"]), id, "a comment is always optional, so it cannot be required")
            }
        case let other?:
            problems.add(line: line(map["kind"]), id, "kind must be choice, scale or comment, not '\(other)'")
        }
        var condition: (question: String, options: [String])?
        var conditionLine: Int?
        if let conditionNode = map["applies_when"] {
            conditionLine = line(conditionNode)
            if let conditionMap = mapping(conditionNode, subject: id, allowed: ["question", "options"]) {
                let source = requiredString(conditionMap, "question", subject: id, at: conditionNode)
                let options = stringList(conditionMap, "options", subject: id)
                if conditionMap["options"] != nil, options.isEmpty {
                    problems.add(line: line(conditionMap["options"]), id, "applies_when needs at least one option")
                } else if conditionMap["options"] == nil {
                    problems.add(line: conditionLine, id, "missing 'options' in applies_when")
                }
                if let source, !options.isEmpty { condition = (source, options) }
            }
        }
        guard let text, let kind else { return nil }
        return (QuestionnaireQuestion(id: id, text: text, kind: kind, required: required, appliesWhen: condition), conditionLine)
    }

    /// A choice question's options: `{id, label}` mappings, or a bare id whose label is the id in words ("yes" -> "Yes").
    private mutating func readOptions(_ map: Node.Mapping, question: String, at owner: Node) -> [QuestionnaireOption]? {
        guard let list = map["options"] else {
            problems.add(line: line(owner), question, "a choice question needs 'options'")
            return nil
        }
        guard case .sequence(let sequence) = list else {
            problems.add(line: line(list), question, "'options' must be a list")
            return nil
        }
        if sequence.count < 2 {
            problems.add(line: line(list), question, "a choice question needs at least two options")
        }
        var options: [QuestionnaireOption] = []
        var seen: [String: Int] = [:]
        var valid = sequence.count >= 2
        for item in sequence {
            let option: QuestionnaireOption
            if let id = scalarString(item) {
                let words = id.replacingOccurrences(of: "_", with: " ")
                option = QuestionnaireOption(id: id, label: words.prefix(1).uppercased() + words.dropFirst())
            } else if let optionMap = mapping(item, subject: question, allowed: ["id", "label"], namedByID: false),
                      let id = requiredString(optionMap, "id", subject: question, at: item),
                      let label = requiredString(optionMap, "label", subject: question, at: item) {
                option = QuestionnaireOption(id: id, label: label)
            } else {
                valid = false
                continue
            }
            if !Self.isValidID(option.id) {
                problems.add(line: line(item), question, "option id '\(option.id)' must use lower-case letters, digits and '_' only")
                valid = false
            } else if let first = seen[option.id] {
                problems.add(line: line(item), question, "option '\(option.id)' is listed twice (first on line \(first))")
                valid = false
            } else {
                seen[option.id] = line(item) ?? 0
            }
            options.append(option)
        }
        return valid ? options : nil
    }

    private mutating func rejectKeys(_ keys: [String], in map: Node.Mapping, question: String, only kind: String) {
        for key in keys where map[key] != nil {
            problems.add(line: line(map[key]), question, "'\(key)' is only for \(kind) questions")
        }
    }

    /// A condition must name an earlier choice question and options it has: the form asks questions in order, and only
    /// a fixed answer can decide whether a later question is asked.
    private mutating func checkConditions(_ questions: [QuestionnaireQuestion], lines: [String: Int]) {
        for (position, question) in questions.enumerated() {
            guard let condition = question.appliesWhen else { continue }
            let line = lines[question.id]
            guard let sourcePosition = questions.firstIndex(where: { $0.id == condition.question }) else {
                problems.add(line: line, question.id, "applies_when refers to unknown question '\(condition.question)'")
                continue
            }
            guard sourcePosition < position else {
                problems.add(line: line, question.id, "applies_when must refer to an earlier question, and \(condition.question) comes later")
                continue
            }
            let source = questions[sourcePosition]
            guard case .choice(let options) = source.kind else {
                problems.add(line: line, question.id, "applies_when must refer to a choice question; \(source.id) is not one")
                continue
            }
            let known = options.map(\.id)
            for option in condition.options where !known.contains(option) {
                problems.add(line: line, question.id, "'\(option)' is not an option of \(source.id) (\(known.joined(separator: "|")))")
            }
        }
    }

    private mutating func readFinding(_ node: Node, questions: [QuestionnaireQuestion]) -> QuestionnaireFinding? {
        guard let map = mapping(node, subject: "finding", allowed: ["id", "question", "options", "at_least", "sentence"]),
              let id = requiredID(map, kind: "finding", at: node) else { return nil }
        let questionID = requiredString(map, "question", subject: id, at: node)
        let sentence = requiredString(map, "sentence", subject: id, at: node)
        let question = questionID.flatMap { questionID in questions.first { $0.id == questionID } }
        if let questionID, question == nil {
            problems.add(line: line(map["question"]), id, "unknown question '\(questionID)'")
        }
        var match: QuestionnaireFinding.Match?
        switch (map["options"], map["at_least"]) {
        case (nil, nil):
            problems.add(line: line(node), id, "a finding needs 'options' (for a choice question) or 'at_least' (for a scale)")
        case (.some, .some):
            problems.add(line: line(map["at_least"]), id, "a finding has either 'options' or 'at_least', not both")
        case (let optionsNode?, nil):
            let options = stringList(map, "options", subject: id)
            if options.isEmpty {
                problems.add(line: line(optionsNode), id, "'options' must name at least one option")
            } else if let question {
                if case .choice(let known) = question.kind {
                    let ids = known.map(\.id)
                    let unknown = options.filter { !ids.contains($0) }
                    for option in unknown {
                        problems.add(line: line(optionsNode), id,
                                     "'\(option)' is not an option of \(question.id) (\(ids.joined(separator: "|")))")
                    }
                    if unknown.isEmpty { match = .options(options) }
                } else {
                    problems.add(line: line(optionsNode), id, "'options' needs a choice question; \(question.id) is not one")
                }
            }
        case (nil, let atLeastNode?):
            if let value = atLeastNode.int {
                if let question {
                    if let range = question.scaleRange {
                        if range.contains(value) {
                            match = .atLeast(value)
                        } else {
                            problems.add(line: line(atLeastNode), id,
                                         "at_least \(value) is outside \(question.id)'s scale (\(range.lowerBound) to \(range.upperBound))")
                        }
                    } else {
                        problems.add(line: line(atLeastNode), id, "'at_least' needs a scale question; \(question.id) is not one")
                    }
                }
            } else {
                problems.add(line: line(atLeastNode), id, "'at_least' must be a whole number")
            }
        }
        if let sentence {
            for message in Self.templateProblems(sentence) {
                problems.add(line: line(map["sentence"]), id, message)
            }
        }
        guard let questionID, let sentence, let match, question != nil else { return nil }
        return QuestionnaireFinding(id: id, question: questionID, match: match, sentence: sentence)
    }

    /// What is wrong with a finding's sentence template: unknown or repeated placeholders, a missing `{count}`,
    /// `{of}` anywhere but straight after `{count} `, or a brace left open.
    static func templateProblems(_ sentence: String) -> [String] {
        var messages: [String] = []
        let names = FrameworkValidator.placeholders(in: sentence)
        let known = QuestionnaireFinding.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
        for name in names where !QuestionnaireFinding.placeholders.contains(name) {
            messages.append("sentence uses unknown placeholder {\(name)} (known: \(known))")
        }
        for name in QuestionnaireFinding.placeholders.sorted() where names.filter({ $0 == name }).count > 1 {
            messages.append("sentence uses {\(name)} more than once")
        }
        if !names.contains("count") {
            messages.append("sentence must contain {count}")
        }
        if names.contains("of"), !sentence.contains("{count} {of}") {
            messages.append("{of} must come straight after '{count} ', as in '{count} {of} said ...'")
        }
        let opens = sentence.filter { $0 == "{" }.count
        let closes = sentence.filter { $0 == "}" }.count
        if opens != closes || opens != names.count {
            messages.append("sentence has an unmatched '{' or '}'")
        }
        return messages
    }

    // MARK: Node access

}
