import Foundation
import YJICore

/// A youth offending team or service: the area an inspection covers.
public struct Area: Sendable, Hashable, Codable {
    /// Store id.
    public let id: Int
    /// Name as printed, e.g. "Harrow".
    public let name: String
    /// Region of England (or "Wales").
    public let region: String
    /// England or Wales.
    public let country: Country
}

/// The two countries whose youth offending work the inspectorate covers.
public enum Country: String, Sendable, Hashable, Codable, CaseIterable {
    case england = "England"
    case wales = "Wales"
}

/// One inspection of one area against one framework.
public struct Inspection: Sendable, Hashable, Codable {
    /// Store id.
    public let id: Int
    /// The area inspected.
    public let area: Area
    /// The framework judged against, and its version at creation.
    public let frameworkID: String
    public let frameworkVersion: String
    /// The programme (cci, sqs, fji).
    public let programme: String
    /// First and last day of fieldwork, when set.
    public let fieldworkStart: CalendarDate?
    public let fieldworkEnd: CalendarDate?
    /// Where it is in its life.
    public let status: InspectionStatus
    /// When it was created.
    public let createdAt: String
}

/// What a new inspection needs.
public struct NewInspection: Sendable, Hashable {
    public var areaName: String
    public var region: String
    public var country: Country
    public var framework: Framework
    public var fieldworkStart: String?
    public var fieldworkEnd: String?
    public var status: InspectionStatus

    public init(areaName: String, region: String = "", country: Country = .england, framework: Framework,
                fieldworkStart: String? = nil, fieldworkEnd: String? = nil, status: InspectionStatus = .planning) {
        self.areaName = areaName
        self.region = region
        self.country = country
        self.framework = framework
        self.fieldworkStart = fieldworkStart
        self.fieldworkEnd = fieldworkEnd
        self.status = status
    }
}

/// A judgement as stored: the answer with its version and who last changed it.
public struct StoredJudgement: Sendable, Hashable, Codable {
    /// The case's reference (its id in cases.csv).
    public let caseID: String
    public let questionID: String
    public let answer: Answer
    public let assessor: String
    public let note: String
    /// Starts at 1 and goes up by one with every saved change; a save names the version it edits.
    public let version: Int
    public let updatedAt: String
    public let updatedBy: String

    /// The judgement as YJICore sees it.
    public var judgement: Judgement {
        Judgement(caseID: caseID, questionID: questionID, answer: answer, assessor: assessor, note: note)
    }
}

/// A change to one judgement, as an assessor submits it.
public struct JudgementEdit: Sendable, Hashable {
    public var caseID: String
    public var questionID: String
    public var answer: Answer
    public var assessor: String
    public var note: String
    /// The version the assessor was looking at; nil when they believe there is no answer yet.
    public var baseVersion: Int?

    public init(caseID: String, questionID: String, answer: Answer, assessor: String = "", note: String = "", baseVersion: Int?) {
        self.caseID = caseID
        self.questionID = questionID
        self.answer = answer
        self.assessor = assessor
        self.note = note
        self.baseVersion = baseVersion
    }
}

/// The result of saving a judgement: saved, or refused because someone else saved in between.
public enum SaveOutcome: Sendable, Hashable {
    /// Saved; the stored judgement with its new version.
    case saved(StoredJudgement)
    /// Refused: `theirs` is what is stored now (nil if it was removed), `yours` the edit that was not applied.
    case conflict(yours: JudgementEdit, theirs: StoredJudgement?)
}

/// One row of the audit trail: who changed what, when, from what to what, and why.
public struct AuditEntry: Sendable, Hashable, Codable {
    public let id: Int
    public let recordedAt: String
    public let actor: String
    public let inspectionID: Int?
    /// The kind of thing changed: area, inspection, case, judgement.
    public let entity: String
    /// Its id (for a judgement, "CASE/QUESTION").
    public let entityID: String
    public let action: String
    /// JSON of the thing before and after the change (nil for creation and deletion respectively).
    public let before: String?
    public let after: String?
    public let reason: String
}
