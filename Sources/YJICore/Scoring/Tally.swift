/// Counts of one question's (or group of questions') answers over a set of cases.
///
/// The score is sufficient / applicable, where applicable counts only yes and no: "not applicable" and
/// questions not yet answered stay out of the denominator but are kept, so progress and coverage can be shown.
public struct Tally: Sendable, Hashable, Codable {
    /// Answers judged sufficient ("above the line").
    public var sufficient: Int
    /// Answers judged insufficient.
    public var insufficient: Int
    /// Cases where the question did not apply: by its rule (setting, condition) or by an assessor's "na".
    public var notApplicable: Int
    /// Cases where the question applies but has no answer yet.
    public var unanswered: Int

    public init(sufficient: Int = 0, insufficient: Int = 0, notApplicable: Int = 0, unanswered: Int = 0) {
        self.sufficient = sufficient
        self.insufficient = insufficient
        self.notApplicable = notApplicable
        self.unanswered = unanswered
    }

    /// Answers that count in the score's denominator (yes and no).
    public var applicable: Int { sufficient + insufficient }
    /// Sufficient of applicable.
    public var proportion: Proportion { Proportion(sufficient, of: applicable) }
    /// The whole percentage, rounded half up; nil for 0 of 0 ("no applicable cases", never 0%).
    public var percent: Int? { proportion.wholePercent }

    /// Adds another tally's counts; criterion, section and headline scores are sums of question tallies.
    public static func + (lhs: Tally, rhs: Tally) -> Tally {
        Tally(
            sufficient: lhs.sufficient + rhs.sufficient, insufficient: lhs.insufficient + rhs.insufficient,
            notApplicable: lhs.notApplicable + rhs.notApplicable, unanswered: lhs.unanswered + rhs.unanswered
        )
    }

    /// Adds another tally's counts in place.
    public static func += (lhs: inout Tally, rhs: Tally) { lhs = lhs + rhs }
}
