/// A programme's sampling rules, from the framework's `sampling:` section (data, not code).
public struct SamplingRules: Sendable, Hashable, Codable {
    /// Which cases of the caseload may be sampled.
    public let eligibility: EligibilityWindow
    /// How many cases the sample holds.
    public let size: SampleSizeRule
    /// Below this many applicable cases a percentage is fragile: warn.
    public let fragileBelow: Int

    public init(eligibility: EligibilityWindow, size: SampleSizeRule, fragileBelow: Int) {
        self.eligibility = eligibility
        self.size = size
        self.fragileBelow = fragileBelow
    }
}

/// The orders a programme inspects: how long ago they started, and whether they may have ended.
public struct EligibilityWindow: Sendable, Hashable, Codable {
    /// The order started at least this many days before the as-of date ...
    public let fromDays: Int
    /// ... and at most this many.
    public let toDays: Int
    /// Which of current and terminated orders are eligible.
    public let statuses: [CaseStatus]

    public init(fromDays: Int, toDays: Int, statuses: [CaseStatus]) {
        self.fromDays = fromDays
        self.toDays = toDays
        self.statuses = statuses
    }

    /// Whether the entry may be sampled on `asOf`: its order started inside the window and its status is one the
    /// programme inspects. Both ends of the window are inclusive.
    public func isEligible(_ entry: CaseloadEntry, asOf: CalendarDate) -> Bool {
        let age = asOf.days(since: entry.orderStart)
        return age >= fromDays && age <= toDays && statuses.contains(entry.record.status)
    }

    /// The window in words, for messages: "orders that started 42-91 days before 2026-03-01, current".
    public func summary(asOf: CalendarDate) -> String {
        let which = statuses.map(\.rawValue).joined(separator: " or ")
        return "orders that started \(fromDays)-\(toDays) days before \(asOf), \(which)"
    }
}

/// How big a sample is: bounds from the programme, and a default share of the eligible caseload.
public struct SampleSizeRule: Sendable, Hashable, Codable {
    /// The smallest sample the programme draws (unless fewer cases are eligible).
    public let minimum: Int
    /// The largest sample the programme draws.
    public let maximum: Int
    /// The default size as a share of the eligible caseload, before the bounds apply.
    public let percentOfEligible: Int

    public init(minimum: Int, maximum: Int, percentOfEligible: Int) {
        self.minimum = minimum
        self.maximum = maximum
        self.percentOfEligible = percentOfEligible
    }

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
