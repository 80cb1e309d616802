/// A programme's sampling rules, from the framework's `sampling:` section (data, not code), each with where it comes
/// from.
public struct SamplingRules: Sendable, Hashable, Codable {
    /// Which cases of the caseload may be sampled: the order's age and status, and the kinds of order.
    public let eligibility: EligibilityWindow
    /// How many cases the sample holds.
    public let size: SampleSizeRule
    /// Groups the sample includes where the eligible caseload has them, in the order the draw makes room for them.
    public let mustInclude: [RequiredGroup]
    /// Below this many applicable cases a percentage is fragile: warn, and quote the count instead.
    public let fragileBelow: Int
    /// Where `fragileBelow` comes from.
    public let fragileBelowProvenance: Provenance

    public init(eligibility: EligibilityWindow, size: SampleSizeRule, mustInclude: [RequiredGroup], fragileBelow: Int,
                fragileBelowProvenance: Provenance) {
        self.eligibility = eligibility
        self.size = size
        self.mustInclude = mustInclude
        self.fragileBelow = fragileBelow
        self.fragileBelowProvenance = fragileBelowProvenance
    }

    /// The groups the draw must make room for, without their provenance.
    public var requiredGroups: [Characteristic] { mustInclude.map(\.group) }

    /// Every rule of the section in words with its provenance, in the order the framework file states them, for
    /// `yji framework show` and the sample pages.
    public var provenance: [SamplingRuleSource] {
        var rules = [
            SamplingRuleSource(rule: "eligibility", statement: eligibility.statement, provenance: eligibility.provenance),
            SamplingRuleSource(rule: "orders", statement: eligibility.orders.statement, provenance: eligibility.orders.provenance),
            SamplingRuleSource(rule: "size", statement: size.statement, provenance: size.provenance),
            SamplingRuleSource(rule: "default size", statement: size.defaultStatement, provenance: size.defaultProvenance),
        ]
        rules += mustInclude.map {
            SamplingRuleSource(rule: "must include", statement: $0.group.rawValue, provenance: $0.provenance)
        }
        rules.append(SamplingRuleSource(
            rule: "fragile below",
            statement: "percentages on fewer than \(fragileBelow) applicable cases are fragile; counts are quoted instead",
            provenance: fragileBelowProvenance))
        return rules
    }
}

/// One sampling rule in words with its provenance: "size", "38 to 99 cases", published (Harrow ...).
public struct SamplingRuleSource: Sendable, Hashable, Codable {
    /// The rule's name: "eligibility", "orders", "size", "default size", "must include", "fragile below".
    public let rule: String
    /// What the rule says, in words.
    public let statement: String
    /// Where it comes from.
    public let provenance: Provenance

    public init(rule: String, statement: String, provenance: Provenance) {
        self.rule = rule
        self.statement = statement
        self.provenance = provenance
    }
}

/// The orders a programme inspects: how long ago they started, whether they may have ended, and which kinds of order.
public struct EligibilityWindow: Sendable, Hashable, Codable {
    /// The order started at least this many days before the as-of date ...
    public let fromDays: Int
    /// ... and at most this many.
    public let toDays: Int
    /// Which of current and terminated orders are eligible.
    public let statuses: [CaseStatus]
    /// Where the window and statuses come from.
    public let provenance: Provenance
    /// The kinds of order the programme samples.
    public let orders: EligibleOrders

    public init(fromDays: Int, toDays: Int, statuses: [CaseStatus], provenance: Provenance, orders: EligibleOrders) {
        self.fromDays = fromDays
        self.toDays = toDays
        self.statuses = statuses
        self.provenance = provenance
        self.orders = orders
    }

    /// Whether the entry may be sampled on `asOf`: its order started inside the window, its status is one the
    /// programme inspects and its disposal is one it samples. Both ends of the window are inclusive.
    public func isEligible(_ entry: CaseloadEntry, asOf: CalendarDate) -> Bool {
        let age = asOf.days(since: entry.orderStart)
        return age >= fromDays && age <= toDays && statuses.contains(entry.record.status)
            && orders.disposals.contains(entry.record.disposal)
    }

    /// The window in words, for messages: "orders that started 42-91 days before 2026-03-01, current", followed by
    /// the kinds of order when the programme does not sample every kind.
    public func summary(asOf: CalendarDate) -> String {
        let which = statuses.map(\.rawValue).joined(separator: " or ")
        let kinds = Set(orders.disposals) == Set(Disposal.allCases) ? "" : " (\(orders.statement))"
        return "orders that started \(fromDays)-\(toDays) days before \(asOf), \(which)\(kinds)"
    }

    /// The window without a date: "orders that started 0-365 days before the sample is drawn, current or terminated".
    public var statement: String {
        let which = statuses.map(\.rawValue).joined(separator: " or ")
        return "orders that started \(fromDays)-\(toDays) days before the sample is drawn, \(which)"
    }
}

/// The kinds of order a programme samples; a case with any other disposal is not eligible.
public struct EligibleOrders: Sendable, Hashable, Codable {
    /// The disposals sampled, in the order the framework lists them.
    public let disposals: [Disposal]
    /// Where the list comes from.
    public let provenance: Provenance

    public init(disposals: [Disposal], provenance: Provenance) {
        self.disposals = disposals
        self.provenance = provenance
    }

    /// "referral order, other first-tier order and youth rehabilitation order".
    public var statement: String {
        disposals.map { $0.label.prefix(1).lowercased() + $0.label.dropFirst() }.listedInWords()
    }
}

/// A group the sample must include where the eligible caseload has it, with where the rule comes from.
public struct RequiredGroup: Sendable, Hashable, Codable {
    /// The group.
    public let group: Characteristic
    /// Where the rule that the sample includes it comes from.
    public let provenance: Provenance

    public init(_ group: Characteristic, provenance: Provenance) {
        self.group = group
        self.provenance = provenance
    }
}

/// How big a sample is: bounds from the programme, and a default share of the eligible caseload.
public struct SampleSizeRule: Sendable, Hashable, Codable {
    /// The smallest sample the programme draws (unless fewer cases are eligible).
    public let minimum: Int
    /// The largest sample the programme draws.
    public let maximum: Int
    /// Where the bounds come from.
    public let provenance: Provenance
    /// The default size as a share of the eligible caseload, before the bounds apply.
    public let percentOfEligible: Int
    /// Where the default share comes from.
    public let defaultProvenance: Provenance

    public init(minimum: Int, maximum: Int, provenance: Provenance, percentOfEligible: Int, defaultProvenance: Provenance) {
        self.minimum = minimum
        self.maximum = maximum
        self.provenance = provenance
        self.percentOfEligible = percentOfEligible
        self.defaultProvenance = defaultProvenance
    }

    /// "38 to 99 cases".
    public var statement: String { "\(minimum) to \(maximum) cases" }
    /// "25% of the eligible cases, within the bounds".
    public var defaultStatement: String { "\(percentOfEligible)% of the eligible cases, within the bounds" }

    /// ceil(eligible x percent / 100), held within minimum...maximum, and never more than the eligible cases.
    public func defaultSize(eligible: Int) -> Int {
        guard eligible > 0 else { return 0 }
        let share = (eligible * percentOfEligible + 99) / 100
        return min(eligible, max(minimum, min(maximum, share)))
    }

    /// Checks a size the lead inspector asked for.
    ///
    /// A size outside the programme's bounds, or above the eligible cases, is refused. The one exception: when fewer
    /// cases are eligible than the minimum, asking for all of them is accepted, since that is the only sample possible
    /// (and the one `defaultSize` gives).
    public func validate(requested: Int, eligible: Int) throws(SamplingError) {
        if requested < 1 {
            throw .sizeBelowMinimum(requested: requested, minimum: minimum, eligible: eligible)
        }
        if requested > maximum { throw .sizeAboveMaximum(requested: requested, maximum: maximum) }
        if requested > eligible { throw .sizeAboveEligible(requested: requested, eligible: eligible) }
        if requested < minimum, requested != eligible {
            throw .sizeBelowMinimum(requested: requested, minimum: minimum, eligible: eligible)
        }
    }
}
