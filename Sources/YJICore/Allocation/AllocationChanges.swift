import Foundation

/// How far a case's assessment has got, as far as giving it to someone else matters.
public enum CaseWork: String, Sendable, Hashable, Codable {
    case notStarted = "not started"
    /// Some answers are recorded but the case is not marked assessed.
    case inProgress = "in progress"
    case assessed

    /// Work that a move would hand to someone who did not do it.
    public var isStarted: Bool { self != .notStarted }
}

/// What replacing one allocation plan by another changes, case by case: the preview a lead inspector confirms
/// before allocating again, and the list the audit trail records one row each for.
public struct AllocationChanges: Sendable, Hashable, Codable {
    /// One case whose assessor or interview differs between the plans (or which is in only one of them).
    public struct Change: Sendable, Hashable, Codable {
        public let caseID: String
        /// Nil when the case joins the allocation (it was not in the earlier plan).
        public let assessorBefore: String?
        /// Nil when the case leaves the allocation (it is not in the new plan).
        public let assessorAfter: String?
        public let interviewBefore: InterviewSlot?
        public let interviewAfter: InterviewSlot?
        /// The case's assessment when the changes were worked out.
        public let work: CaseWork

        public init(caseID: String, assessorBefore: String?, assessorAfter: String?, interviewBefore: InterviewSlot?,
                    interviewAfter: InterviewSlot?, work: CaseWork) {
            self.caseID = caseID
            self.assessorBefore = assessorBefore
            self.assessorAfter = assessorAfter
            self.interviewBefore = interviewBefore
            self.interviewAfter = interviewAfter
            self.work = work
        }

        /// The case goes from one assessor to another.
        public var moves: Bool { assessorBefore != nil && assessorAfter != nil && assessorBefore != assessorAfter }
        /// The case's interview is booked for another slot (or loses or gains one).
        public var interviewChanges: Bool { interviewBefore != interviewAfter }
        public var joins: Bool { assessorBefore == nil && assessorAfter != nil }
        public var leaves: Bool { assessorBefore != nil && assessorAfter == nil }

        /// The change in words, for the audit trail and the terminal: "moves from A to B; interview 2026-03-02 slot 1
        /// becomes 2026-03-03 slot 2".
        public var summary: String {
            var parts: [String] = []
            if moves, let from = assessorBefore, let to = assessorAfter { parts.append("moves from \(from) to \(to)") }
            if joins, let to = assessorAfter { parts.append("allocated to \(to)") }
            if leaves, let from = assessorBefore { parts.append("no longer allocated (was \(from))") }
            if interviewChanges, !leaves {
                parts.append(joins ? "interview \(AllocationChanges.words(interviewAfter))"
                                   : "interview \(AllocationChanges.words(interviewBefore)) becomes \(AllocationChanges.words(interviewAfter))")
            }
            if work.isStarted, moves || leaves { parts.append("its assessment is \(work.rawValue)") }
            return parts.joined(separator: "; ")
        }
    }

    /// Every case that changes, by case id.
    public let changes: [Change]
    /// Cases whose assessor and interview stay as they were.
    public let unchanged: Int
    /// Assessors in the earlier plan but not the new one, and the other way round, by name.
    public let assessorsLeaving: [String]
    public let assessorsJoining: [String]
    /// Whether there was an earlier plan at all (without one, allocating changes nobody's work).
    public let replacesAPlan: Bool
    /// Identifies exactly these before and after states: a confirmation names it, and is refused when the plans or the
    /// cases' progress have moved on since the preview was shown.
    public let fingerprint: String

    /// Cases that go from one assessor to another.
    public var moves: [Change] { changes.filter(\.moves) }
    /// Cases that stay with their assessor but whose interview slot changes.
    public var interviewChanges: [Change] { changes.filter { !$0.moves && !$0.joins && !$0.leaves && $0.interviewChanges } }
    public var joining: [Change] { changes.filter(\.joins) }
    public var leaving: [Change] { changes.filter(\.leaves) }
    /// Moves (and removals) of cases someone has already started or finished assessing.
    public var startedWorkMoving: [Change] { changes.filter { ($0.moves || $0.leaves) && $0.work.isStarted } }
    /// Nothing would change.
    public var isEmpty: Bool { changes.isEmpty && assessorsLeaving.isEmpty && assessorsJoining.isEmpty }

    /// The difference between the plan in force (nil if none) and a proposed one; `work` gives each case's assessment
    /// (cases missing from it have not been started).
    public static func between(_ before: AllocationPlan?, _ after: AllocationPlan, work: [String: CaseWork]) -> AllocationChanges {
        let old = Dictionary((before?.allocations ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.allocations.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [Change] = [], unchanged = 0
        var lines: [String] = []
        for caseID in Set(old.keys).union(new.keys).sorted() {
            let was = old[caseID], will = new[caseID]
            let state = work[caseID] ?? .notStarted
            lines.append([caseID, was?.assessor ?? "-", words(was?.interview), will?.assessor ?? "-", words(will?.interview),
                          state.rawValue].joined(separator: "|"))
            if was?.assessor == will?.assessor, was?.interview == will?.interview {
                unchanged += 1
                continue
            }
            changes.append(Change(caseID: caseID, assessorBefore: was?.assessor, assessorAfter: will?.assessor,
                                  interviewBefore: was?.interview, interviewAfter: will?.interview, work: state))
        }
        let oldTeam = before?.team.map(\.name) ?? [], newTeam = after.team.map(\.name)
        lines.append("before:" + (before == nil ? "none" : oldTeam.joined(separator: ",")))
        lines.append("after:" + newTeam.joined(separator: ","))
        return AllocationChanges(
            changes: changes, unchanged: unchanged,
            assessorsLeaving: before == nil ? [] : oldTeam.filter { !newTeam.contains($0) },
            assessorsJoining: before == nil ? [] : newTeam.filter { !oldTeam.contains($0) },
            replacesAPlan: before != nil, fingerprint: PreviewFingerprint.of(lines))
    }

    /// "2026-03-02 slot 1", or "not scheduled".
    public static func words(_ slot: InterviewSlot?) -> String {
        slot.map { "\($0.day) slot \($0.slot)" } ?? "not scheduled"
    }
}

/// A short, stable digest of the state a preview showed, so a confirmation can prove it was made against that state.
///
/// It guards against a stale page, not against an attacker (the confirmation is a CSRF-protected form of someone who
/// may make the change anyway), so FNV-1a over the lines is enough; YJICore stays free of a cryptography dependency.
public enum PreviewFingerprint {
    /// 16 hex digits over the lines, each line's length included so that two different lists never run together
    /// into the same text.
    public static func of(_ lines: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for line in lines {
            for byte in String(line.utf8.count).utf8 { mix(byte) }
            mix(0x3a)
            for byte in line.utf8 { mix(byte) }
            mix(0x0a)
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
