import Yams

/// The three kinds of rule yji knows: what a report states, what yji reconstructs from published figures, and what
/// inspectors decide.
public enum ProvenanceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A report (or the inspectorate's published standards) states the rule; `source` names the report and paragraph.
    case published
    /// yji reconstructed the rule from published figures or practice; `source` says in one sentence what it rests on.
    case inferred
    /// Inspectors decide, informed by the figures; `source` says where the reports show that it is their judgement.
    case judged
}

/// Where one rule of a framework comes from, so every label yji prints can be traced to a report, an inference or
/// a person's judgement.
public struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Published, inferred or judged.
    public let kind: ProvenanceKind
    /// For a published rule, the report and paragraph; for an inferred one, what it rests on; for a judged one, where
    /// the reports say inspectors judge.
    public let source: String

    public init(_ kind: ProvenanceKind, source: String) {
        self.kind = kind
        self.source = source
    }

    /// "published (Harrow YOT 2011, Appendix 5)" or "inferred: rests on ...".
    public var description: String {
        switch kind {
        case .published: return "published (\(source))"
        case .inferred: return "inferred: \(source)"
        case .judged: return "judged (\(source))"
        }
    }
}

extension YAMLRecordReader {
    /// Reads the `provenance` and `source` keys of a rule's mapping; both are required, so a framework file cannot
    /// carry a rule whose origin it does not state. Reports a missing or unknown kind, or an empty source, at its line.
    mutating func readProvenance(_ map: Node.Mapping, subject: String, at owner: Node) -> Provenance? {
        let kinds = ProvenanceKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kindNode = map["provenance"] else {
            problems.add(line: line(owner), subject,
                         "missing 'provenance' (\(kinds)) and its 'source': say where this rule comes from")
            return nil
        }
        guard let text = scalarString(kindNode), let kind = ProvenanceKind(rawValue: text) else {
            problems.add(line: line(kindNode), subject, "provenance must be one of \(kinds)")
            return nil
        }
        guard let source = requiredString(map, "source", subject: subject, at: owner) else { return nil }
        return Provenance(kind, source: source)
    }
}
