/// The part of an inspection a recorded finding or example belongs to, stored as text: "governance",
/// "operational-management", "theme:5", "criterion:1.1".
public enum EvidenceArea: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Governance and partnerships (FJI).
    case governance
    /// Operational management, judged from staff interviews (SQS, FJI).
    case operationalManagement
    /// A framework section or theme, by its id.
    case theme(String)
    /// A framework criterion, by its id.
    case criterion(String)

    /// Reads the stored form; nil for anything else, including "theme:" with no id.
    public init?(_ text: String) {
        switch text {
        case "governance": self = .governance
        case "operational-management": self = .operationalManagement
        default:
            if text.hasPrefix("theme:"), text.count > 6 {
                self = .theme(String(text.dropFirst(6)))
            } else if text.hasPrefix("criterion:"), text.count > 10 {
                self = .criterion(String(text.dropFirst(10)))
            } else {
                return nil
            }
        }
    }

    /// The stored form.
    public var description: String {
        switch self {
        case .governance: return "governance"
        case .operationalManagement: return "operational-management"
        case .theme(let id): return "theme:\(id)"
        case .criterion(let id): return "criterion:\(id)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let area = EvidenceArea(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not governance, operational-management, theme:ID or criterion:ID"))
        }
        self = area
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Problems with the area itself: a theme or criterion needs an id without spaces.
    func problems() -> [String] {
        switch self {
        case .governance, .operationalManagement: return []
        case .theme(let id), .criterion(let id):
            return id.isEmpty || id.contains(where: \.isWhitespace) ? ["area: '\(description)' needs an id without spaces"] : []
        }
    }
}

/// A document the inspected service provided as evidence.
public struct EvidenceDocument: Sendable, Hashable, Codable {
    /// The document's title.
    public var title: String
    /// Its date.
    public var date: CalendarDate
    /// Who provided it (a person's role or a body, e.g. "Management board").
    public var providedBy: String

    public init(title: String, date: CalendarDate, providedBy: String) {
        self.title = title
        self.date = date
        self.providedBy = providedBy
    }
}

/// A finding recorded by the inspection team, e.g. on governance and partnerships: a judgement, key findings,
/// explanation and notable practice, with the documents it rests on. Professional judgement, so yji records it.
public struct StructuredFinding: Sendable, Hashable, Codable {
    /// Set by the store; nil before the finding is saved.
    public var id: Int?
    /// What the finding is about.
    public var area: EvidenceArea
    /// The judgement, as a label (e.g. from the framework's rating scale); nil when not judged yet.
    public var judgement: String?
    /// The key findings, one per entry.
    public var keyFindings: [String]
    /// Paragraphs explaining the judgement.
    public var explanation: [String]
    /// Practice worth others' attention.
    public var notablePractice: [String]
    /// Documents the finding rests on.
    public var documents: [EvidenceDocument]

    public init(
        id: Int? = nil, area: EvidenceArea, judgement: String? = nil, keyFindings: [String] = [],
        explanation: [String] = [], notablePractice: [String] = [], documents: [EvidenceDocument] = []
    ) {
        self.id = id
        self.area = area
        self.judgement = judgement
        self.keyFindings = keyFindings
        self.explanation = explanation
        self.notablePractice = notablePractice
        self.documents = documents
    }

    /// Every problem, as "field: message" lines; empty when the finding can be recorded.
    public func validate() -> [String] {
        var problems = area.problems()
        if let judgement, isBlank(judgement) {
            problems.append("judgement: is empty; leave it out until a judgement is made")
        }
        // A finding with nothing to say is one problem, not one per empty entry.
        let noKeyFinding = keyFindings.allSatisfy(isBlank)
        if noKeyFinding { problems.append("key_findings: at least one key finding is needed") }
        let lists = [("key_findings", noKeyFinding ? [] : keyFindings), ("explanation", explanation), ("notable_practice", notablePractice)]
        for (field, entries) in lists {
            for (index, entry) in entries.enumerated() where isBlank(entry) {
                problems.append("\(field): entry \(index + 1) is empty")
            }
        }
        for (index, document) in documents.enumerated() {
            if isBlank(document.title) { problems.append("documents: document \(index + 1) needs a title") }
            if isBlank(document.providedBy) { problems.append("documents: document \(index + 1) needs to say who provided it") }
        }
        return problems
    }

    /// As `validate()`, and the judgement must be one of `judgements` (e.g. a rating scale's band labels).
    public func validate(judgements: [String]) -> [String] {
        var problems = validate()
        if let judgement, !isBlank(judgement), !judgements.contains(judgement) {
            problems.append("judgement: '\(judgement)' is not one of \(judgements.joined(separator: "|"))")
        }
        return problems
    }
}

/// A practice example or a quotation the report prints, e.g. an inspector's account of one child's case.
public struct PracticeExample: Sendable, Hashable, Codable {
    /// Whether the text is an example told by the inspectors or a quotation.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case example, quote
    }

    /// Set by the store; nil before the example is saved.
    public var id: Int?
    /// What the example illustrates.
    public var area: EvidenceArea
    /// Example or quotation.
    public var kind: Kind
    /// The text as it will be printed.
    public var text: String
    /// Confirms that every name in the text has been changed or removed.
    public var namesChanged: Bool

    public init(id: Int? = nil, area: EvidenceArea, kind: Kind, text: String, namesChanged: Bool = false) {
        self.id = id
        self.area = area
        self.kind = kind
        self.text = text
        self.namesChanged = namesChanged
    }

    /// Every problem, as "field: message" lines; empty when the example can be recorded.
    ///
    /// An example tells one child's story, so until someone confirms the names are changed it could identify them.
    public func validate() -> [String] {
        var problems = area.problems()
        if isBlank(text) { problems.append("text: is required") }
        if kind == .example, !namesChanged {
            problems.append("names_changed: the names in an example must be changed or removed, and this confirmed, before it is recorded")
        }
        return problems
    }
}

private func isBlank(_ text: String) -> Bool {
    text.allSatisfy(\.isWhitespace)
}
