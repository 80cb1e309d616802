import Foundation

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

    public init(id: Int, name: String, region: String, country: Country) {
        self.id = id
        self.name = name
        self.region = region
        self.country = country
    }
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

    public init(id: Int, area: Area, frameworkID: String, frameworkVersion: String, programme: String, fieldworkStart: CalendarDate?, fieldworkEnd: CalendarDate?, status: InspectionStatus, createdAt: String) {
        self.id = id
        self.area = area
        self.frameworkID = frameworkID
        self.frameworkVersion = frameworkVersion
        self.programme = programme
        self.fieldworkStart = fieldworkStart
        self.fieldworkEnd = fieldworkEnd
        self.status = status
        self.createdAt = createdAt
    }
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
