/// What publishing an inspection waits for, and the one rule that decides whether it may be published now.
///
/// A published report is a public record that yji then keeps frozen, so the gate asks for everything a lead inspector
/// would check by hand: the lifecycle has reached the stage before publication, every sampled case is assessed, no
/// figure in the report moved since the team last read it, and the anonymisation check finds no protected name.
public enum PublicationGate {
    /// Everything the gate looks at, gathered by the caller (the store holds the cases and the status, the report
    /// layer drafts the report and runs its checks).
    public struct Facts: Sendable, Hashable {
        /// The inspection's id, for the links in each blocker.
        public var inspectionID: Int
        /// Where the inspection stands.
        public var status: InspectionStatus
        /// Each sampled case and whether it is marked assessed with every applicable answer given.
        public var cases: [CaseReadiness]
        /// Sentences of the report whose figures changed since the team last read them.
        public var movedSentences: Int
        /// Protected names the anonymisation check found in the report's text.
        public var protectedNamesFound: Int

        /// The facts of one inspection.
        public init(inspectionID: Int, status: InspectionStatus, cases: [CaseReadiness], movedSentences: Int, protectedNamesFound: Int) {
            self.inspectionID = inspectionID
            self.status = status
            self.cases = cases
            self.movedSentences = movedSentences
            self.protectedNamesFound = protectedNamesFound
        }
    }

    /// One sampled case as the gate sees it.
    public struct CaseReadiness: Sendable, Hashable {
        /// The case's id, e.g. `SYN-0001`.
        public var caseID: String
        /// Marked assessed by its assessor.
        public var markedAssessed: Bool
        /// Applicable answers still missing.
        public var unanswered: Int

        /// One case's standing.
        public init(caseID: String, markedAssessed: Bool, unanswered: Int) {
            self.caseID = caseID
            self.markedAssessed = markedAssessed
            self.unanswered = unanswered
        }

        /// Ready for publication: marked assessed, and nothing left unanswered since.
        public var isReady: Bool { markedAssessed && unanswered == 0 }
    }

    /// Which condition a blocker is about; stable, for tests and the JSON API.
    public enum Condition: String, Sendable, Hashable, Codable, CaseIterable {
        case stage, cases, movedFigures = "moved-figures", anonymisation, alreadyPublished = "already-published"
    }

    /// One thing that stands between the inspection and publication, said so that the reader knows what to do, with
    /// the page where it is done.
    public struct Blocker: Sendable, Hashable, Codable {
        /// The condition that is not met.
        public let condition: Condition
        /// What remains, in words.
        public let message: String
        /// The page where it is put right.
        public let link: String
    }

    /// The stage an inspection must have reached before it is published: the one just before publication.
    public static let stageBeforePublication: InspectionStatus = InspectionStatus.published.previous!

    /// Every condition not met, in the order a team works through them; empty when the inspection may be published.
    public static func blockers(_ facts: Facts) -> [Blocker] {
        let base = "/inspections/\(facts.inspectionID)"
        if facts.status == .published {
            return [Blocker(condition: .alreadyPublished, message: "The inspection is already published.", link: "\(base)/report")]
        }
        var blockers: [Blocker] = []
        if facts.status < stageBeforePublication {
            blockers.append(Blocker(
                condition: .stage,
                message: "The inspection is at \(facts.status.displayName.lowercased()); move it to "
                    + "\(stageBeforePublication.displayName.lowercased()) on the timetable before publishing.",
                link: "\(base)/timetable"))
        }
        let waiting = facts.cases.filter { !$0.isReady }
        if !waiting.isEmpty {
            let missing = waiting.reduce(0) { $0 + $1.unanswered }
            let named = waiting.prefix(5).map(\.caseID).joined(separator: ", ") + (waiting.count > 5 ? " and \(waiting.count - 5) more" : "")
            let answers = missing == 0 ? "" : ", with \(missing) applicable answer\(missing == 1 ? "" : "s") still to give"
            blockers.append(Blocker(
                condition: .cases,
                message: "\(waiting.count) of the \(facts.cases.count) sampled cases \(waiting.count == 1 ? "is" : "are") not yet assessed"
                    + "\(answers) (\(named)). Each must be marked assessed, or replaced in the sample with a reason.",
                link: "\(base)/cases"))
        }
        if facts.cases.isEmpty {
            blockers.append(Blocker(condition: .cases, message: "The inspection has no sampled cases to report on.", link: "\(base)/sample"))
        }
        if facts.movedSentences > 0 {
            blockers.append(Blocker(
                condition: .movedFigures,
                message: "\(facts.movedSentences) sentence\(facts.movedSentences == 1 ? " holds figures" : "s hold figures") that changed since the "
                    + "report was last read; read them and mark the report read.",
                link: "\(base)/report#report-moved"))
        }
        if facts.protectedNamesFound > 0 {
            blockers.append(Blocker(
                condition: .anonymisation,
                message: "The anonymisation check found \(facts.protectedNamesFound) protected name\(facts.protectedNamesFound == 1 ? "" : "s") "
                    + "in the report's text; change the text where it lists them.",
                link: "\(base)/report#anonymisation"))
        }
        return blockers
    }
}
