import Foundation

/// One child's order as an inspection sees it: pseudonymous, never a real name.
public struct CaseRecord: Sendable, Hashable, Codable {
    /// The service's pseudonymous case reference.
    public let id: String
    /// Age in years at the start of the order (10-17 in youth justice; up to 18 by the end of an order).
    public let age: Int
    /// Gender as recorded by the service.
    public let gender: Gender
    /// Ethnic group, in the census's broad categories.
    public let ethnicity: Ethnicity
    /// The sentence or disposal being supervised.
    public let disposal: Disposal
    /// Whether the case is inspected as a custody case or a community case.
    public let setting: CaseSetting
    /// Whether the order is still running.
    public let status: CaseStatus
    /// Classification of risk of (serious) harm to others.
    public let riskOfHarm: RiskLevel
    /// Classification of the child's vulnerability (safety and well-being).
    public let vulnerability: RiskLevel
    /// Whether the child is looked after by a local authority.
    public let lookedAfter: Bool

    public init(
        id: String, age: Int, gender: Gender, ethnicity: Ethnicity, disposal: Disposal, setting: CaseSetting,
        status: CaseStatus, riskOfHarm: RiskLevel, vulnerability: RiskLevel, lookedAfter: Bool
    ) {
        self.id = id
        self.age = age
        self.gender = gender
        self.ethnicity = ethnicity
        self.disposal = disposal
        self.setting = setting
        self.status = status
        self.riskOfHarm = riskOfHarm
        self.vulnerability = vulnerability
        self.lookedAfter = lookedAfter
    }
}

/// A closed set of values read from files case-insensitively, with the spellings people commonly use.
public protocol RecordedValue: CaseIterable, Sendable, Hashable, Codable, RawRepresentable where RawValue == String {
    /// Other spellings accepted on import, lower case.
    static var aliases: [String: Self] { get }
}

extension RecordedValue {
    public static var aliases: [String: Self] { [:] }

    /// Reads a value the way import files spell it: case-insensitive, spaces, hyphens and underscores alike.
    public static func parse(_ text: String) -> Self? {
        // Files written by yji use the canonical spellings; take them without normalising.
        if let exact = Self(rawValue: text) { return exact }
        let key = normalisedKey(text)
        if let value = allCases.first(where: { normalisedKey($0.rawValue) == key }) { return value }
        return aliases.first { normalisedKey($0.key) == key }?.value
    }

    /// The canonical spellings, for error messages.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// Lower-cases and treats space, hyphen and underscore as one, so "Very High", "very-high" and "very_high" agree.
func normalisedKey(_ text: String) -> String {
    String(trimmingSpaces(text).lowercased().map { $0 == "_" || $0 == "-" ? " " : $0 })
}

/// Removes leading and trailing spaces and tabs; returns the text untouched (no copy) when there are none,
/// which is the usual case on import and keeps 100,000-row files fast.
func trimmingSpaces(_ text: String) -> String {
    func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
    guard let first = text.first, let last = text.last, isSpace(first) || isSpace(last) else { return text }
    return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
}

/// Gender as recorded by the service.
public enum Gender: String, RecordedValue {
    case female, male, other
    case notKnown = "not known"
    public static var aliases: [String: Gender] {
        ["f": .female, "girl": .female, "m": .male, "boy": .male, "unknown": .notKnown]
    }
}

/// Broad ethnic group (census categories); used to make sure samples include black and minority ethnic children.
public enum Ethnicity: String, RecordedValue {
    case white, mixed, asian, black, other
    case notKnown = "not known"
    public static var aliases: [String: Ethnicity] {
        ["asian or asian british": .asian, "black or black british": .black, "mixed ethnicity": .mixed,
         "multiple": .mixed, "any other ethnic group": .other, "unknown": .notKnown, "not stated": .notKnown]
    }

    /// Black and minority ethnic, as the reports count it (not white, and known).
    public var isMinorityEthnic: Bool { self != .white && self != .notKnown }
}

/// The sentence or disposal being supervised.
public enum Disposal: String, RecordedValue {
    case outOfCourt = "out-of-court"
    case referralOrder = "referral-order"
    case otherFirstTier = "first-tier"
    case youthRehabilitationOrder = "yro"
    case detentionAndTrainingOrder = "dto"
    case otherCustody = "other-custody"

    public static var aliases: [String: Disposal] {
        ["out of court disposal": .outOfCourt, "youth caution": .outOfCourt, "youth conditional caution": .outOfCourt,
         "referral order": .referralOrder, "ro": .referralOrder,
         "first tier": .otherFirstTier, "reparation order": .otherFirstTier, "action plan order": .otherFirstTier,
         "youth rehabilitation order": .youthRehabilitationOrder,
         "detention and training order": .detentionAndTrainingOrder, "custody": .otherCustody,
         "section 91": .otherCustody]
    }

    /// The disposal as people write it.
    public var label: String {
        switch self {
        case .outOfCourt: "Out-of-court disposal"
        case .referralOrder: "Referral order"
        case .otherFirstTier: "Other first-tier order"
        case .youthRehabilitationOrder: "Youth rehabilitation order"
        case .detentionAndTrainingOrder: "Detention and training order"
        case .otherCustody: "Other custodial sentence"
        }
    }

    /// Whether the disposal is a custodial sentence.
    public var isCustodial: Bool { self == .detentionAndTrainingOrder || self == .otherCustody }

    /// The group the reports use when describing a sample (first tier, youth rehabilitation orders, custody, out of court).
    public var group: DisposalGroup {
        switch self {
        case .outOfCourt: return .outOfCourt
        case .referralOrder, .otherFirstTier: return .firstTier
        case .youthRehabilitationOrder: return .community
        case .detentionAndTrainingOrder, .otherCustody: return .custody
        }
    }
}

/// Disposals grouped as the reports describe a sample.
public enum DisposalGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case outOfCourt = "out-of-court"
    case firstTier = "first-tier"
    case community = "youth-rehabilitation-order"
    case custody = "custody"
}

/// Whether a case is inspected as a custody case or a community case.
public enum CaseSetting: String, RecordedValue {
    case custody, community
}

/// Whether the order is still running.
public enum CaseStatus: String, RecordedValue {
    case current, terminated
    public static var aliases: [String: CaseStatus] { ["open": .current, "closed": .terminated, "ended": .terminated] }
}

/// A risk classification as recorded in the assessment (risk of harm, vulnerability).
public enum RiskLevel: String, RecordedValue, Comparable {
    case low, medium, high
    case veryHigh = "very high"

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
