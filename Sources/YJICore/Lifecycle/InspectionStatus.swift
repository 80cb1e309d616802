/// Where an inspection is in its life, from planning to publication, in the order the stages happen.
public enum InspectionStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case planning, fieldwork, moderation
    case provisionalFindings = "provisional-findings"
    case draftReport = "draft-report"
    case factualAccuracy = "factual-accuracy"
    case published

    /// The stage's name for people ("Provisional findings").
    public var displayName: String {
        switch self {
        case .planning: return "Planning"
        case .fieldwork: return "Fieldwork"
        case .moderation: return "Moderation"
        case .provisionalFindings: return "Provisional findings"
        case .draftReport: return "Draft report"
        case .factualAccuracy: return "Factual accuracy"
        case .published: return "Published"
        }
    }

    /// The stage after this one, nil once published.
    public var next: InspectionStatus? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return index + 1 < all.count ? all[index + 1] : nil
    }

    /// The stage before this one, nil while planning.
    public var previous: InspectionStatus? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return index > 0 ? all[index - 1] : nil
    }

    /// Stages follow each other in the order of `allCases`.
    public static func < (lhs: InspectionStatus, rhs: InspectionStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which moves between stages a team may make.
///
/// An inspection moves forward by any number of stages (a short inspection may pass through moderation on the
/// last day of fieldwork), and back by one stage only, because the usual way back is a single step: factual
/// accuracy comments that send a draft back for redrafting, or moderation that reopens fieldwork. Publication is
/// final: the published report and its scores are what other areas are benchmarked against, so nothing moves an
/// inspection out of it.
public enum StatusMoves {
    /// Why `from` may not move to `to`, or nil when the move is allowed.
    public static func refusal(from: InspectionStatus, to: InspectionStatus) -> String? {
        if from == to { return "the inspection is already at \(to.displayName.lowercased())" }
        if from == .published { return "a published inspection stays published" }
        if to < from, to != from.previous {
            return "an inspection moves back one stage at a time: from \(from.displayName.lowercased()) only to \(from.previous!.displayName.lowercased())"
        }
        return nil
    }

    /// Every stage `from` may move to, in stage order.
    public static func allowed(from: InspectionStatus) -> [InspectionStatus] {
        InspectionStatus.allCases.filter { refusal(from: from, to: $0) == nil }
    }
}
