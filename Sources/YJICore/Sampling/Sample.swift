/// A stratum: disposal group by custody/community.
public struct Stratum: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The kind of order, grouped as the reports describe a sample.
    public let group: DisposalGroup
    /// Whether the case is inspected as a custody or a community case.
    public let setting: CaseSetting

    public init(group: DisposalGroup, setting: CaseSetting) {
        self.group = group
        self.setting = setting
    }

    /// The stratum a case belongs to.
    public init(_ record: CaseRecord) {
        self.init(group: record.disposal.group, setting: record.setting)
    }

    /// Least to most intensive order, community before custody: the order the reports list them in.
    public static func < (lhs: Stratum, rhs: Stratum) -> Bool {
        (lhs.groupRank, lhs.settingRank) < (rhs.groupRank, rhs.settingRank)
    }

    private var groupRank: Int { DisposalGroup.allCases.firstIndex(of: group) ?? 0 }
    private var settingRank: Int { setting == .community ? 0 : 1 }

    /// "first-tier, community"; also the stratum's key in JSON.
    public var description: String { "\(group.rawValue), \(setting.rawValue)" }
}

/// Strata key the sample's reserves; as JSON object keys they read as "custody, custody" rather than an array of pairs.
extension Stratum: CodingKeyRepresentable {
    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public var codingKey: any CodingKey { Key(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        let text = codingKey.stringValue
        guard let comma = text.firstIndex(of: ","), let group = DisposalGroup(rawValue: String(text[..<comma])) else { return nil }
        let rest = text[text.index(after: comma)...]
        guard rest.hasPrefix(" "), let setting = CaseSetting(rawValue: String(rest.dropFirst())) else { return nil }
        self.init(group: group, setting: setting)
    }
}

/// Why a case is in the sample.
public enum SelectionReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Drawn at random within its stratum.
    case proportional
    /// Swapped in so the sample includes this group.
    case minimumInclusion(Characteristic)
    /// Drawn from its stratum's reserves in place of an excluded case.
    case replacement(of: String, because: String)

    public var description: String {
        switch self {
        case .proportional: return "drawn at random within its stratum"
        case .minimumInclusion(let characteristic): return "included so the sample has \(characteristic.rawValue)"
        case .replacement(let other, let reason): return "replaces \(other) (\(reason))"
        }
    }
}

/// A group a framework may require the sample to include where the caseload has it. The raw value is the group in
/// words, as stored with a sample's reasons; `key` is how a framework file names it.
public enum Characteristic: String, Sendable, Hashable, Codable, CaseIterable {
    case highRiskOfHarm = "high or very high risk of harm"
    case girlsAndYoungWomen = "girls and young women"
    case minorityEthnic = "black and minority ethnic"
    case particularlyVulnerable = "particularly vulnerable"
    case lookedAfter = "looked after"

    /// The group's name in a framework's `must_include` list.
    public var key: String {
        switch self {
        case .highRiskOfHarm: return "high-risk-of-harm"
        case .girlsAndYoungWomen: return "young-women"
        case .minorityEthnic: return "minority-ethnic"
        case .particularlyVulnerable: return "particularly-vulnerable"
        case .lookedAfter: return "looked-after"
        }
    }

    /// The group a framework file names, if it is one yji can find in a caseload.
    public init?(key: String) {
        guard let group = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = group
    }

    /// Whether a case belongs to the group. "Particularly vulnerable" is read from the caseload's vulnerability
    /// classification (high or very high), the same scale the risk of harm group uses.
    public func applies(to record: CaseRecord) -> Bool {
        switch self {
        case .highRiskOfHarm: return record.riskOfHarm >= .high
        case .girlsAndYoungWomen: return record.gender == .female
        case .minorityEthnic: return record.ethnicity.isMinorityEthnic
        case .particularlyVulnerable: return record.vulnerability >= .high
        case .lookedAfter: return record.lookedAfter
        }
    }
}

/// One case of a sample, with the stratum it fills and why it was chosen.
public struct SampledCase: Sendable, Hashable, Codable {
    /// The case reference.
    public let caseID: String
    /// The stratum whose place it takes.
    public let stratum: Stratum
    /// Why it is in the sample.
    public let reason: SelectionReason

    public init(caseID: String, stratum: Stratum, reason: SelectionReason) {
        self.caseID = caseID
        self.stratum = stratum
        self.reason = reason
    }
}

/// A drawn sample: selected cases with reasons, the rest of each stratum in draw order (for replacements), and notes.
public struct Sample: Sendable, Hashable, Codable {
    /// The seed the draw used; with the same caseload it gives the same sample.
    public let seed: UInt64
    /// The day eligibility was judged on.
    public let asOf: CalendarDate
    /// How many cases of the caseload were eligible.
    public let eligibleCount: Int
    /// The sample, stratum by stratum in stratum order, each stratum in draw order.
    public let selected: [SampledCase]
    /// Unselected eligible case ids per stratum, in the order they would be drawn.
    public let reserves: [Stratum: [String]]
    /// Case id -> reason, for cases replaced out.
    public let excluded: [String: String]
    /// Minimum inclusions that could not be met, in words.
    public let shortfalls: [String]
    /// Notes a lead inspector should read before fieldwork: fragile small numbers, strata without a place.
    public let warnings: [String]

    public init(
        seed: UInt64, asOf: CalendarDate, eligibleCount: Int, selected: [SampledCase], reserves: [Stratum: [String]],
        excluded: [String: String] = [:], shortfalls: [String] = [], warnings: [String] = []
    ) {
        self.seed = seed
        self.asOf = asOf
        self.eligibleCount = eligibleCount
        self.selected = selected
        self.reserves = reserves
        self.excluded = excluded
        self.shortfalls = shortfalls
        self.warnings = warnings
    }

    /// The selected case ids, in sample order.
    public var caseIDs: [String] { selected.map(\.caseID) }

    /// Replaces an excluded case by the next reserve of the same stratum; the reason is required (non-empty).
    ///
    /// The stratum keeps its place, so the sample stays as representative of the caseload as the draw made it.
    public func replacing(_ caseID: String, because reason: String) throws(SamplingError) -> Sample {
        let reason = trimmingSpaces(reason)
        guard !reason.isEmpty else { throw .reasonRequired(caseID: caseID) }
        guard let position = selected.firstIndex(where: { $0.caseID == caseID }) else {
            if excluded[caseID] != nil { throw .alreadyReplaced(caseID: caseID) }
            throw .notSelected(caseID: caseID)
        }
        let stratum = selected[position].stratum
        guard var queue = reserves[stratum], !queue.isEmpty else {
            throw .noReserve(caseID: caseID, stratum: stratum)
        }
        let next = queue.removeFirst()
        var selected = self.selected
        selected[position] = SampledCase(caseID: next, stratum: stratum, reason: .replacement(of: caseID, because: reason))
        var reserves = self.reserves
        reserves[stratum] = queue
        var excluded = self.excluded
        excluded[caseID] = reason
        return Sample(
            seed: seed, asOf: asOf, eligibleCount: eligibleCount, selected: selected, reserves: reserves,
            excluded: excluded, shortfalls: shortfalls, warnings: warnings
        )
    }
}

/// Why a sample could not be drawn or changed, in words a lead inspector can act on.
public enum SamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No case of the caseload falls in the programme's window.
    case noEligibleCases(window: String)
    /// The same case id appears twice in the caseload given to the draw.
    case duplicateCase(String)
    /// A requested size below the programme's minimum (or below one).
    case sizeBelowMinimum(requested: Int, minimum: Int, eligible: Int)
    /// A requested size above the programme's maximum.
    case sizeAboveMaximum(requested: Int, maximum: Int)
    /// A requested size larger than the eligible caseload.
    case sizeAboveEligible(requested: Int, eligible: Int)
    /// A replacement needs a reason.
    case reasonRequired(caseID: String)
    /// The case to replace is not in the sample.
    case notSelected(caseID: String)
    /// The case to replace was replaced before.
    case alreadyReplaced(caseID: String)
    /// The case's stratum has no eligible case left to draw.
    case noReserve(caseID: String, stratum: Stratum)

    /// Whether the refusal is about the size asked for, so a form can put it beside that field.
    public var isAboutSize: Bool {
        switch self {
        case .sizeBelowMinimum, .sizeAboveMaximum, .sizeAboveEligible: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .noEligibleCases(let window):
            return "no case of the caseload is eligible: the programme samples \(window)"
        case .duplicateCase(let id):
            return "case '\(id)' appears more than once in the caseload"
        case .sizeBelowMinimum(let requested, let minimum, let eligible):
            if eligible < minimum {
                return "a sample of \(requested) is below the programme's minimum of \(minimum); only \(eligible) cases are eligible, so the sample can only be all \(eligible)"
            }
            return "a sample of \(requested) is below the programme's minimum of \(minimum)"
        case .sizeAboveMaximum(let requested, let maximum):
            return "a sample of \(requested) is above the programme's maximum of \(maximum)"
        case .sizeAboveEligible(let requested, let eligible):
            return "a sample of \(requested) needs more cases than the \(eligible) eligible"
        case .reasonRequired(let id):
            return "replacing case '\(id)' needs a reason (for example: transferred, case manager unavailable)"
        case .notSelected(let id):
            return "case '\(id)' is not in the sample"
        case .alreadyReplaced(let id):
            return "case '\(id)' has already been replaced"
        case .noReserve(let id, let stratum):
            return "case '\(id)' cannot be replaced: no eligible \(stratum) case is left to draw"
        }
    }
}
