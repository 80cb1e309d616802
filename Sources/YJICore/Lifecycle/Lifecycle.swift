import Foundation

/// The programme's published rhythm after fieldwork: which milestones follow an inspection, when each falls due,
/// and how early a coming deadline is flagged. Read from the framework's `lifecycle` section.
public struct LifecycleRules: Sendable, Hashable, Codable {
    /// A milestone not yet done is flagged as due soon this many days before its due date.
    public let dueSoonDays: Int
    /// The milestones in the order the programme lists them (normally the order they happen).
    public let milestones: [MilestoneRule]

    /// The flag for a coming deadline when a framework does not say: a week, one working cycle of an inspection team.
    public static let defaultDueSoonDays = 7

    /// Rules with the given notice and milestones; the defaults describe a framework without a lifecycle.
    public init(dueSoonDays: Int = LifecycleRules.defaultDueSoonDays, milestones: [MilestoneRule] = []) {
        self.dueSoonDays = dueSoonDays
        self.milestones = milestones
    }

    /// The milestone with this id, if the programme has one.
    public func milestone(_ id: String) -> MilestoneRule? { milestones.first { $0.id == id } }

    /// The milestone that moving into `status` marks as done, if any.
    public func milestone(reachedBy status: InspectionStatus) -> MilestoneRule? { milestones.first { $0.reachedBy == status } }

    /// Whether the framework states any milestones; a framework without a `lifecycle` section has none.
    public var isEmpty: Bool { milestones.isEmpty }
}

/// What a milestone counts its days from: a day of the fieldwork, or another milestone.
public enum MilestoneAnchor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day of fieldwork.
    case fieldworkStart
    /// The last day of fieldwork: the inspection visit ends.
    case fieldworkEnd
    /// Another milestone: its actual date once it has happened, otherwise its due date (or window).
    case milestone(String)

    /// How the anchor is written in framework files.
    public static let fieldworkStartName = "fieldwork-start"
    /// How the anchor is written in framework files.
    public static let fieldworkEndName = "fieldwork-end"

    /// Reads `fieldwork-start`, `fieldwork-end` or a milestone id.
    public init(_ text: String) {
        switch text {
        case Self.fieldworkStartName: self = .fieldworkStart
        case Self.fieldworkEndName: self = .fieldworkEnd
        default: self = .milestone(text)
        }
    }

    /// The anchor as written in framework files.
    public var description: String {
        switch self {
        case .fieldworkStart: return Self.fieldworkStartName
        case .fieldworkEnd: return Self.fieldworkEndName
        case .milestone(let id): return id
        }
    }

    // Encoded as the text a framework file uses, so the JSON form of a framework reads like its YAML.
    /// Decodes the anchor from its framework-file text.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the anchor as its framework-file text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One milestone of the lifecycle: due a fixed number of days after its anchor, or within a window of days.
public struct MilestoneRule: Sendable, Hashable, Codable {
    /// Stable id, e.g. "draft-report"; other milestones and recorded actual dates refer to it.
    public let id: String
    /// Name for people ("Draft report"); nil uses the id.
    public let name: String?
    /// What the days count from.
    public let after: MilestoneAnchor
    /// The window opens this many days after the anchor; equal to `toDays` for a milestone due on one day.
    public let fromDays: Int
    /// The milestone is due by this many days after the anchor: the end of its window.
    public let toDays: Int
    /// The status whose first reaching marks the milestone done (publication: `published`); nil when the milestone
    /// is recorded by hand, like the service's improvement plan arriving.
    public let reachedBy: InspectionStatus?
    /// Where the milestone's days come from: a report's publication arrangements, or an inference from printed dates
    /// or another programme's rule.
    public let provenance: Provenance

    /// A milestone due exactly `days` after its anchor.
    public init(id: String, name: String? = nil, after: MilestoneAnchor, days: Int, reachedBy: InspectionStatus? = nil,
                provenance: Provenance) {
        self.init(id: id, name: name, after: after, fromDays: days, toDays: days, reachedBy: reachedBy, provenance: provenance)
    }

    /// A milestone expected within `fromDays`...`toDays` after its anchor, due by the end of the window.
    public init(id: String, name: String? = nil, after: MilestoneAnchor, fromDays: Int, toDays: Int,
                reachedBy: InspectionStatus? = nil, provenance: Provenance) {
        self.id = id
        self.name = name
        self.after = after
        self.fromDays = fromDays
        self.toDays = toDays
        self.reachedBy = reachedBy
        self.provenance = provenance
    }

    /// Whether the rule gives a window rather than a single day.
    public var isWindow: Bool { fromDays != toDays }

    /// The name to show: the stated one, or the id with its dashes as spaces and a capital ("Draft report").
    public var displayName: String {
        if let name { return name }
        let words = id.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
