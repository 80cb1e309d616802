import Foundation

/// One case of an inspection with how far its assessment has got.
public struct CaseAssessmentStatus: Sendable, Hashable, Codable {
    public let record: CaseRecord
    public let progress: CaseProgress
    /// When and by whom the case was marked assessed; nil while it is in progress.
    public let assessedAt: String?
    public let assessedBy: String?
    /// Why the case went back from assessed to in progress, while it has not been marked assessed again.
    public var returned: CaseReturn? = nil

    /// Not started, in progress or assessed, in words.
    public var stage: String {
        if assessedAt != nil { return "Assessed" }
        return progress.answered == 0 ? "Not started" : "In progress"
    }

    public init(record: CaseRecord, progress: CaseProgress, assessedAt: String?, assessedBy: String?, returned: CaseReturn? = nil) {
        self.record = record
        self.progress = progress
        self.assessedAt = assessedAt
        self.assessedBy = assessedBy
        self.returned = returned
    }
}

/// The result of saving a case's answers from the assessment form: all of them, or none.
public enum CaseSaveOutcome: Sendable, Hashable {
    /// Saved: the judgements written, and the questions whose answers were set aside because they no longer apply.
    case saved(written: [StoredJudgement], cleared: [String])
    /// Nothing written: someone else changed these answers since the form was loaded.
    case conflicts([SaveOutcome])
    /// Nothing written: the save would close questions that have answers; save again confirmed to set them aside.
    case needsSetAside([SetAsideCandidate])
}
