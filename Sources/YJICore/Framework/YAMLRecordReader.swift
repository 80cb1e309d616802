import Foundation
import Yams

/// What the YAML readers of frameworks and questionnaires share: reading records from composed YAML nodes and
/// reporting every problem at its line, so both file kinds fail the same way.
protocol YAMLRecordReader {
    var problems: ProblemCollector { get set }
    /// Why an id is not acceptable (completing "<kind> ids ..."), or nil.
    static func idProblem(_ id: String) -> String?
}

/// Turning Yams' parse errors into a line and a message.
enum YAMLRecords {
    static func errorLine(_ error: any Error) -> Int? {
        guard let yamlError = error as? YamlError else { return nil }
        switch yamlError {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func errorMessage(_ error: any Error) -> String {
        guard let yamlError = error as? YamlError else { return "not valid YAML" }
        switch yamlError {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "not valid YAML: \(problem)"
        default: return "not valid YAML"
        }
    }
}

extension YAMLRecordReader {
    func line(_ node: Node?) -> Int? { node?.mark?.line }

    func scalarString(_ node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// `namedByID` is false for records (such as a question's options) whose problems are about their owner.
    mutating func mapping(_ node: Node, subject: String, allowed: Set<String>, namedByID: Bool = true) -> Node.Mapping? {
        guard case .mapping(let map) = node else {
            problems.add(line: line(node), subject, "expected a mapping of keys to values")
            return nil
        }
        // Name the element by its id when it has one, so the message points at something a person can search for.
        // An empty id names nothing a person could search for, so the owner's name stands instead.
        let id = map["id"].flatMap(scalarString).flatMap { $0.isEmpty ? nil : $0 }
        let subject = namedByID ? id ?? subject : subject
        var seen: Set<String> = []
        for (key, _) in map {
            let name = key.string ?? "?"
            if !allowed.contains(name) {
                let known = allowed.sorted().joined(separator: ", ")
                problems.add(line: line(key), subject, "unknown key '\(name)' (expected one of: \(known))")
            } else if !seen.insert(name).inserted {
                problems.add(line: line(key), subject, "key '\(name)' is given twice")
            }
        }
        return map
    }

    mutating func items(_ map: Node.Mapping, _ key: String, subject: String, at owner: Node, required: Bool) -> [Node] {
        guard let node = map[key] else {
            if required { problems.add(line: line(owner), subject, "missing '\(key)'") }
            return []
        }
        guard case .sequence(let sequence) = node else {
            problems.add(line: line(node), subject, "'\(key)' must be a list")
            return []
        }
        return Array(sequence)
    }

    mutating func requiredID(_ map: Node.Mapping, kind: String, at node: Node) -> String? {
        guard let id = requiredString(map, "id", subject: kind, at: node) else { return nil }
        if let rule = Self.idProblem(id) {
            problems.add(line: line(map["id"]), id, "\(kind) ids \(rule)")
        }
        return id
    }

    mutating func requiredString(_ map: Node.Mapping, _ key: String, subject: String, at owner: Node) -> String? {
        guard let node = map[key] else {
            problems.add(line: line(owner), subject, "missing '\(key)'")
            return nil
        }
        guard let text = scalarString(node), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problems.add(line: line(node), subject, "'\(key)' must be a non-empty text")
            return nil
        }
        return text
    }

    mutating func optionalString(_ map: Node.Mapping, _ key: String, subject: String) -> String? {
        guard let node = map[key] else { return nil }
        guard let text = scalarString(node) else {
            problems.add(line: line(node), subject, "'\(key)' must be a text")
            return nil
        }
        return text
    }

    mutating func requiredInt(_ map: Node.Mapping, _ key: String, subject: String, at owner: Node) -> Int? {
        guard let node = map[key] else {
            problems.add(line: line(owner), subject, "missing '\(key)'")
            return nil
        }
        guard let value = node.int else {
            problems.add(line: line(node), subject, "'\(key)' must be a whole number")
            return nil
        }
        return value
    }

    /// A list of texts; a single scalar counts as a list of one, which reads naturally for `is: yes`.
    mutating func stringList(_ map: Node.Mapping, _ key: String, subject: String) -> [String] {
        guard let node = map[key] else { return [] }
        if let text = scalarString(node) { return [text] }
        guard case .sequence(let sequence) = node else {
            problems.add(line: line(node), subject, "'\(key)' must be a list of texts")
            return []
        }
        var values: [String] = []
        for item in sequence {
            if let text = scalarString(item) { values.append(text) } else {
                problems.add(line: line(item), subject, "'\(key)' must be a list of texts")
            }
        }
        return values
    }
}
