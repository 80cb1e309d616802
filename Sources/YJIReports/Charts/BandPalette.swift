/// Colours for rating bands, keyed by the band's first word so every programme's scale maps onto four ordered steps.
///
/// The steps run from dark blue (best) through mid blue and dark orange to dark red (worst): blue against orange stays
/// apart for the common colour-vision deficiencies where green against red does not, and each colour has at least 3:1
/// contrast with white and with the bar track, so bars stand out in print. Colour is never the only carrier: every bar
/// has its percentage written beside it and the band is named in the legend and the chart's description.
public enum BandPalette {
    /// One step of the palette, best first.
    public enum Tier: Int, Sendable, Hashable, CaseIterable, Comparable {
        case best, second, third, worst

        /// Fill colour as a hex triplet.
        public var colour: String {
            switch self {
            case .best: "#003078"
            case .second: "#1d70b8"
            case .third: "#b35400"
            case .worst: "#942514"
            }
        }

        /// Orders tiers best first.
        public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Fill for a bar with no band or a band word the palette does not know (SQS has no scale at all).
    public static let neutral = "#505a5f"

    /// Band words of the CCI, FJI and common inspectorate scales; "requires" stands for "requires improvement".
    static let tiers: [String: Tier] = [
        "minimum": .best, "good": .best, "outstanding": .best, "excellent": .best,
        "moderate": .second, "satisfactory": .second, "adequate": .second,
        "substantial": .third, "unsatisfactory": .third, "requires": .third,
        "drastic": .worst, "poor": .worst, "inadequate": .worst,
    ]

    /// The band's key word, lower case letters only: "MODERATE improvement required" → "moderate"; "none" when absent.
    public static func key(_ band: String?) -> String {
        let first = band?.split(whereSeparator: { $0.isWhitespace }).first.map { $0.lowercased().filter(\.isLetter) }
        guard let first, !first.isEmpty else { return "none" }
        return first
    }

    /// The palette step of a band, or nil when the band is absent or unknown.
    public static func tier(_ band: String?) -> Tier? { tiers[key(band)] }

    /// The fill colour for a band, neutral grey when absent or unknown.
    public static func colour(_ band: String?) -> String { tier(band)?.colour ?? neutral }
}
