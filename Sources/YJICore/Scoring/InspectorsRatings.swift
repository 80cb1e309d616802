import Foundation

/// A lead inspector's decision on one score's label: another label of an overridable scale, with a reason.
///
/// The reports present the CCI's "improvement required" comments and the FJI's theme judgements as the inspectors'
/// judgement informed by the score, so the label a score computes is a proposal; this records the decision when the
/// lead inspector sets a different one.
public struct RatingDecision: Sendable, Hashable, Codable {
    /// The level of the score decided.
    public let level: ScoreLevel
    /// The id of the score decided ("1.1", "2", "roh").
    public let scoreID: String
    /// The label decided, one of the scale's labels.
    public let label: String
    /// Why, in the lead inspector's words; never empty.
    public let reason: String
    /// Who decided (their account's email).
    public let decidedBy: String
    /// When (store timestamp, UTC).
    public let decidedAt: String

    public init(level: ScoreLevel, scoreID: String, label: String, reason: String, decidedBy: String, decidedAt: String) {
        self.level = level
        self.scoreID = scoreID
        self.label = label
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// A judged section's finding as the scorecard reads it: the finding, and who recorded it.
public struct RecordedFinding: Sendable, Hashable {
    /// The finding.
    public let finding: StructuredFinding
    /// Who recorded it; empty when not known.
    public let recordedBy: String
    /// When (store timestamp); nil when not known.
    public let recordedAt: String?

    public init(_ finding: StructuredFinding, recordedBy: String = "", recordedAt: String? = nil) {
        self.finding = finding
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// The one rule that turns what people decided into the ratings `ScoringEngine` applies, so the store, and through it
/// every page, the API, the command line, the published record, the benchmark and the report, show the same card.
///
/// Two kinds of label are set by people: a judged section's label is the judgement of the finding recorded for it
/// (FJI theme 5, governance and partnerships, recorded as `theme:5` or `governance`), and a score on an overridable
/// scale carries a lead inspector's decision in place of its computed label when one is recorded.
public enum InspectorsRatings {
    /// The judged section a finding's area stands for: `theme:ID` names it; `governance` and `operational-management`
    /// name the judged section of that name (the evidence page offers both spellings). Nil for anything else.
    public static func judgedSection(for area: EvidenceArea, in framework: Framework) -> FrameworkSection? {
        let judged = framework.sections.filter { $0.assessment == .judged }
        switch area {
        case .theme(let id): return judged.first { $0.id == id }
        case .governance: return judged.first { $0.name.lowercased().hasPrefix("governance") }
        case .operationalManagement: return judged.first { $0.name.lowercased().hasPrefix("operational management") }
        case .criterion: return nil
        }
    }

    /// Why a finding's judgement cannot be recorded, or nil when it can: only a finding about a judged section whose
    /// framework rates sections may carry one, and only one of that scale's labels, as the reports print no other.
    public static func judgementProblem(_ finding: StructuredFinding, framework: Framework) -> String? {
        guard let judgement = finding.judgement, !judgement.allSatisfy(\.isWhitespace) else { return nil }
        guard let section = judgedSection(for: finding.area, in: framework) else {
            return "judgement: '\(judgement)' cannot be recorded: \(finding.area) is not a judged section of \(framework.id), "
                + "so no label of the scorecard comes from it; leave the judgement out"
        }
        guard let scale = framework.ratingScale(for: .section) else {
            return "judgement: '\(judgement)' cannot be recorded: \(framework.id) gives \(section.name.lowercased()) no label "
                + "(its reports print none); leave the judgement out"
        }
        let labels = scale.bands.map(\.label)
        guard labels.contains(judgement) else {
            return "judgement: '\(judgement)' is not one of the \(scale.name.lowercased()) labels: \(labels.joined(separator: ", "))"
        }
        return nil
    }

    /// Why a lead inspector's decision cannot be recorded against `card`, or nil when it can: the score must exist, be
    /// rated on an overridable scale, have a percentage (a label with no score is one the reports never print) and not
    /// be a judged section (its label is its finding's judgement); the label must be another of the scale's than the one
    /// proposed; a reason is required.
    public static func decisionProblem(
        level: ScoreLevel, scoreID: String, label: String, reason: String, framework: Framework, card: Scorecard
    ) -> DecisionProblem? {
        guard let score = card.score(level, scoreID) else { return .init(.score, "there is no \(level.rawValue) \(scoreID) in \(framework.id)") }
        guard let scale = framework.ratingScale(for: level) else {
            return .init(.score, "\(level.rawValue) scores of \(framework.id) carry no label, so there is nothing to decide")
        }
        guard scale.overridable else { return .init(.score, "\(scale.name) labels are computed and cannot be replaced") }
        guard !score.judged else {
            return .init(.score, "\(score.name) is judged, not scored: its label is the judgement recorded with its finding")
        }
        guard score.percent != nil else {
            return .init(.score, "\(level.rawValue) \(scoreID) has no applicable cases, so it has no label to replace")
        }
        let labels = scale.bands.map(\.label)
        guard labels.contains(label) else {
            return .init(.label, "'\(label)' is not one of the \(scale.name.lowercased()) labels: \(labels.joined(separator: ", "))")
        }
        guard label != score.computedBand else {
            return .init(.label, "'\(label)' is the label the score proposes; choose another, or return the score to its proposal")
        }
        guard !reason.allSatisfy(\.isWhitespace) else { return .init(.reason, "say why the label differs from the one proposed") }
        return nil
    }

    /// A refused rating decision, with the part of the decision it is about, so a form can put it beside that field.
    public struct DecisionProblem: Sendable, Hashable, CustomStringConvertible {
        /// The parts of a decision.
        public enum Input: String, Sendable, Hashable {
            case score, label, reason
        }
        /// Which part is wrong.
        public let input: Input
        /// What is wrong, without naming the part.
        public let message: String

        init(_ input: Input, _ message: String) {
            self.input = input
            self.message = message
        }

        /// The problem in one line, naming the label or reason it is about ("reason: say why ...").
        public var description: String { input == .score ? message : "\(input.rawValue): \(message)" }
    }

    /// The ratings to apply: each judged section's label from the latest finding about it that carries a judgement,
    /// then every lead inspector's decision. A finding whose judgement is not a label of the scale (recorded before
    /// labels were checked) sets nothing, so the section reads "not yet judged" rather than an unprinted label.
    public static func overrides(framework: Framework, findings: [RecordedFinding], decisions: [RatingDecision]) -> [RatingOverride] {
        var bySection: [String: RatingOverride] = [:]
        if let scale = framework.ratingScale(for: .section) {
            let labels = Set(scale.bands.map(\.label))
            for recorded in findings {
                guard let judgement = recorded.finding.judgement, labels.contains(judgement),
                      let section = judgedSection(for: recorded.finding.area, in: framework) else { continue }
                let reason = recorded.finding.keyFindings.first { !$0.allSatisfy(\.isWhitespace) }
                    ?? "judged by inspectors from meetings, documents and interviews"
                bySection[section.id] = RatingOverride(level: .section, id: section.id, label: judgement, reason: reason,
                                                       by: recorded.recordedBy, at: recorded.recordedAt, source: .finding)
            }
        }
        let judged = framework.sections.compactMap { bySection[$0.id] }
        return judged + decisions.map { decision in
            RatingOverride(level: decision.level, id: decision.scoreID, label: decision.label, reason: decision.reason,
                           by: decision.decidedBy, at: decision.decidedAt, source: .decision)
        }
    }
}
