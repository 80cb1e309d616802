import Foundation

/// What replacing the sample in force by another changes: the cases that leave it and join it. It is the preview a lead
/// inspector confirms before a redraw or a replacement, and the list the audit trail records one row each for.
public struct SampleChanges: Sendable, Hashable, Codable {
    /// A case leaving the sample, with what is already attached to it.
    public struct Leaving: Sendable, Hashable, Codable {
        public let caseID: String
        public let stratum: Stratum
        /// Judgements already recorded on it (they would stop counting towards the scores).
        public let judgements: Int
        /// The assessor it is allocated to, if any (the allocation must then be done again for the case joining).
        public let allocatedTo: String?

        public init(caseID: String, stratum: Stratum, judgements: Int, allocatedTo: String?) {
            self.caseID = caseID
            self.stratum = stratum
            self.judgements = judgements
            self.allocatedTo = allocatedTo
        }
    }

    /// In the order of the sample in force.
    public let leaving: [Leaving]
    /// The cases joining, with why each was chosen, in the order of the new sample.
    public let joining: [SampledCase]
    /// Cases in both samples.
    public let staying: Int
    /// Whether there was a sample at all.
    public let replacesASample: Bool
    /// The new sample is the one in force in every respect (date, seed, reasons, reserves): confirming would do nothing.
    public let sameSample: Bool
    /// Identifies exactly these before and after samples and judgement counts: a confirmation names it, and is
    /// refused when the sample or its judgements have moved on since the preview was shown.
    public let fingerprint: String

    /// Cases leaving that already have judgements.
    public var judgedLeaving: [Leaving] { leaving.filter { $0.judgements > 0 } }
    /// Cases leaving that are allocated to someone.
    public var allocatedLeaving: [Leaving] { leaving.filter { $0.allocatedTo != nil } }
    /// Nothing would change.
    public var isEmpty: Bool { leaving.isEmpty && joining.isEmpty }

    /// The difference between the sample in force (nil if none) and a proposed one. `judgements` gives each case's
    /// number of recorded judgements; `allocation` is the allocation plan in force, if any.
    public static func between(_ before: Sample?, _ after: Sample, judgements: [String: Int],
                               allocation: AllocationPlan?) -> SampleChanges {
        let oldIDs = Set(before?.caseIDs ?? []), newIDs = Set(after.caseIDs)
        let assessors = Dictionary((allocation?.allocations ?? []).map { ($0.caseID, $0.assessor) }, uniquingKeysWith: { first, _ in first })
        let leaving = (before?.selected ?? []).filter { !newIDs.contains($0.caseID) }.map {
            Leaving(caseID: $0.caseID, stratum: $0.stratum, judgements: judgements[$0.caseID] ?? 0, allocatedTo: assessors[$0.caseID])
        }
        let joining = after.selected.filter { !oldIDs.contains($0.caseID) }
        var lines = ["before:" + (before.map { "\($0.seed)|\($0.asOf)" } ?? "none")]
        lines += (before?.selected ?? []).map { "\($0.caseID)|\($0.stratum)|\($0.reason)|\(judgements[$0.caseID] ?? 0)|\(assessors[$0.caseID] ?? "-")" }
        lines.append("after:\(after.seed)|\(after.asOf)")
        lines += after.selected.map { "\($0.caseID)|\($0.stratum)|\($0.reason)" }
        return SampleChanges(leaving: leaving, joining: joining, staying: oldIDs.intersection(newIDs).count,
                             replacesASample: before != nil, sameSample: before == after, fingerprint: PreviewFingerprint.of(lines))
    }
}
