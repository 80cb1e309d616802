import Foundation

/// The published JSON shape of a scorecard (docs/formats.md): what `yji score --format json` prints and the API returns.
public struct ScorecardDocument: Sendable, Codable, Hashable {
    /// The framework judged against.
    public struct FrameworkRef: Sendable, Codable, Hashable {
        public let id: String
        public let version: String
    }

    /// How many cases, by setting.
    public struct CaseCounts: Sendable, Codable, Hashable {
        public let total: Int
        public let custody: Int
        public let community: Int
    }

    /// One headline, section or criterion score.
    public struct Item: Sendable, Codable, Hashable {
        public let id: String
        public let name: String
        public let sufficient: Int
        public let applicable: Int
        public let notApplicable: Int
        public let unanswered: Int
        /// Null when nothing applied ("no applicable cases") or when the item is judged, not scored.
        @ExplicitNull public var percent: Int?
        /// The label in force (an inspector's rating where one was given).
        @ExplicitNull public var band: String?
        public let judged: Bool
        /// Set when an inspector's rating replaced or supplied the label.
        @ExplicitNull public var ratingReason: String?
        /// The label the score computes: the proposal a lead inspector's decision may replace; null when judged or
        /// when nothing applied.
        @ExplicitNull public var computedBand: String?
        /// Where a person set the label: "finding" (a judged section's finding) or "decision" (the lead inspector's);
        /// null when the computed label stands.
        @ExplicitNull public var ratingSource: String?
        /// Who set the label; null when the computed label stands.
        @ExplicitNull public var ratedBy: String?
        /// When the label was set (store timestamp); null when the computed label stands or the time is not known.
        @ExplicitNull public var ratedAt: String?
    }

    /// n of N for one setting.
    public struct Split: Sendable, Codable, Hashable {
        public let sufficient: Int
        public let applicable: Int
        @ExplicitNull public var percent: Int?
    }

    /// One question's counts, over all cases and by setting.
    public struct QuestionItem: Sendable, Codable, Hashable {
        public let id: String
        public let name: String
        public let criterion: String
        public let kind: AnswerKind
        public let sufficient: Int
        public let applicable: Int
        public let notApplicable: Int
        public let unanswered: Int
        @ExplicitNull public var percent: Int?
        @ExplicitNull public var band: String?
        public let custody: Split
        public let community: Split
        /// For fact questions: cases per option.
        @ExplicitNull public var options: [String: Int]?
    }

    public let framework: FrameworkRef
    public let cases: CaseCounts
    public let headlines: [Item]
    public let sections: [Item]
    public let criteria: [Item]
    public let questions: [QuestionItem]

    /// The document for a scorecard; `framework` supplies the question-level rating scale, if the programme has one.
    public init(_ card: Scorecard, framework: Framework) {
        self.framework = FrameworkRef(id: card.frameworkID, version: card.frameworkVersion)
        cases = CaseCounts(total: card.cases, custody: card.custodyCases, community: card.communityCases)
        func item(_ score: Score) -> Item {
            Item(id: score.id, name: score.name, sufficient: score.sufficient, applicable: score.applicable,
                 notApplicable: score.notApplicable, unanswered: score.unanswered, percent: score.percent,
                 band: score.band, judged: score.judged, ratingReason: score.override?.reason, computedBand: score.computedBand,
                 ratingSource: score.override.map { ($0.source ?? .finding).rawValue }, ratedBy: score.override?.by,
                 ratedAt: score.override?.at)
        }
        headlines = card.headlines.map(item)
        sections = card.sections.map(item)
        criteria = card.criteria.map(item)
        let questionScale = framework.ratingScale(for: .question)
        func split(_ tally: Tally) -> Split {
            Split(sufficient: tally.sufficient, applicable: tally.applicable, percent: tally.percent)
        }
        questions = card.questions.map { question in
            QuestionItem(
                id: question.id, name: question.name, criterion: question.criterion, kind: question.kind,
                sufficient: question.all.sufficient, applicable: question.all.applicable,
                notApplicable: question.all.notApplicable, unanswered: question.all.unanswered,
                percent: question.percent, band: question.percent.flatMap { questionScale?.band(for: $0)?.label },
                custody: split(question.custody), community: split(question.community),
                options: question.kind == .fact
                    ? Dictionary(question.optionCounts.map { ($0.option, $0.count) }, uniquingKeysWith: +) : nil
            )
        }
    }

    /// Pretty, key-sorted JSON, stable for diffs and tests.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// One row per score and question: level, id, name, counts, percent, band, and the custody and community splits.
    public func csv() -> String {
        let header = ["level", "id", "name", "sufficient", "applicable", "not_applicable", "unanswered", "percent", "band",
                      "custody_sufficient", "custody_applicable", "community_sufficient", "community_applicable"]
        var lines = [header.joined(separator: ",")]
        func text(_ value: Int?) -> String { value.map(String.init) ?? "" }
        for (level, items) in [("headline", headlines), ("section", sections), ("criterion", criteria)] {
            for item in items {
                lines.append([level, item.id, item.name, String(item.sufficient), String(item.applicable),
                              String(item.notApplicable), String(item.unanswered), text(item.percent), item.band ?? "",
                              "", "", "", ""].map(csvEscaped).joined(separator: ","))
            }
        }
        for question in questions where question.kind == .judgement {
            lines.append(["question", question.id, question.name, String(question.sufficient), String(question.applicable),
                          String(question.notApplicable), String(question.unanswered), text(question.percent),
                          question.band ?? "", String(question.custody.sufficient), String(question.custody.applicable),
                          String(question.community.sufficient), String(question.community.applicable)]
                .map(csvEscaped).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Encodes an optional as an explicit null instead of leaving the key out, so every documented key is always present.
@propertyWrapper
public struct ExplicitNull<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
