/// Harrow's "characteristics of cases inspected", sample beside eligible caseload.
///
/// A sample that does not look like the caseload gives scores that describe the sample rather than the service, so
/// every share that is further off than the margin is flagged unless the draw explains it: a group included on
/// purpose, or a small sample that cannot come closer than one case.
public struct SampleComparison: Sendable, Hashable, Codable {
    /// One value of one characteristic: its count and share in the eligible caseload and in the sample.
    public struct Row: Sendable, Hashable, Codable {
        /// "gender", "age band", "ethnicity", "disposal", "setting", "risk of harm".
        public let characteristic: String
        /// e.g. "female", "15-17", "black", "custody", "high".
        public let value: String
        public let caseloadCount: Int
        public let caseloadPercent: Int
        public let sampleCount: Int
        public let samplePercent: Int
        /// Off by more than `margin` percentage points, and not explained.
        public let flagged: Bool
        /// Why a share further off than the margin is expected, e.g. "included deliberately: girls and young women".
        public let explanation: String?

        public init(characteristic: String, value: String, caseloadCount: Int, caseloadPercent: Int, sampleCount: Int,
                    samplePercent: Int, flagged: Bool, explanation: String?) {
            self.characteristic = characteristic
            self.value = value
            self.caseloadCount = caseloadCount
            self.caseloadPercent = caseloadPercent
            self.sampleCount = sampleCount
            self.samplePercent = samplePercent
            self.flagged = flagged
            self.explanation = explanation
        }
    }

    /// Every value found in the caseload or the sample, characteristic by characteristic.
    public let rows: [Row]
    /// Percentage points a share may differ by before it needs explaining.
    public let margin: Int
    /// Cases in the eligible caseload.
    public let caseloadTotal: Int
    /// Cases in the sample.
    public let sampleTotal: Int

    public init(rows: [Row], margin: Int, caseloadTotal: Int, sampleTotal: Int) {
        self.rows = rows
        self.margin = margin
        self.caseloadTotal = caseloadTotal
        self.sampleTotal = sampleTotal
    }

    /// The age bands the table uses: the youngest children, the usual 15-17, and orders that run past 18.
    static func ageBand(_ age: Int) -> String {
        age <= 14 ? "10-14" : age <= 17 ? "15-17" : "18-19"
    }

    /// One characteristic: how to read it from a case, its values in order, and the group the draw may include on
    /// purpose through it.
    private struct Dimension: Sendable {
        let name: String
        let values: [String]
        let value: @Sendable (CaseRecord) -> String
        let deliberate: Characteristic?
    }

    private static let dimensions: [Dimension] = [
        Dimension(name: "gender", values: Gender.allCases.map(\.rawValue), value: { $0.gender.rawValue },
                  deliberate: .girlsAndYoungWomen),
        Dimension(name: "age band", values: ["10-14", "15-17", "18-19"], value: { ageBand($0.age) }, deliberate: nil),
        Dimension(name: "ethnicity", values: Ethnicity.allCases.map(\.rawValue), value: { $0.ethnicity.rawValue },
                  deliberate: .minorityEthnic),
        Dimension(name: "disposal", values: DisposalGroup.allCases.map(\.rawValue), value: { $0.disposal.group.rawValue },
                  deliberate: nil),
        Dimension(name: "setting", values: [CaseSetting.community.rawValue, CaseSetting.custody.rawValue],
                  value: { $0.setting.rawValue }, deliberate: nil),
        Dimension(name: "risk of harm", values: RiskLevel.allCases.map(\.rawValue), value: { $0.riskOfHarm.rawValue },
                  deliberate: .highRiskOfHarm),
    ]

    /// Compares the sample with `eligible` (the caseload the sample was drawn from, already filtered to eligible cases).
    /// Selected cases missing from `eligible` cannot be described and are left out of the sample's counts.
    public static func compare(eligible: [CaseloadEntry], sample: Sample, margin: Int = 10) -> SampleComparison {
        var byID: [String: CaseRecord] = [:]
        byID.reserveCapacity(eligible.count)
        for entry in eligible where byID[entry.record.id] == nil { byID[entry.record.id] = entry.record }
        let picks = sample.selected.compactMap { pick in byID[pick.caseID].map { (record: $0, reason: pick.reason) } }
        let caseloadTotal = eligible.count
        let sampleTotal = picks.count
        // Cases swapped in per group: a share is explained by them only as far as their number reaches.
        var included: [Characteristic: Int] = [:]
        for pick in picks {
            if case .minimumInclusion(let characteristic) = pick.reason { included[characteristic, default: 0] += 1 }
        }

        var rows: [Row] = []
        for dimension in dimensions {
            var caseload: [String: Int] = [:]
            for entry in eligible { caseload[dimension.value(entry.record), default: 0] += 1 }
            var inSample: [String: Int] = [:]
            var deliberateHere: [String: [Characteristic: Int]] = [:]
            for pick in picks {
                let value = dimension.value(pick.record)
                inSample[value, default: 0] += 1
                if case .minimumInclusion(let characteristic) = pick.reason {
                    deliberateHere[value, default: [:]][characteristic, default: 0] += 1
                }
            }
            for value in dimension.values {
                let caseloadCount = caseload[value, default: 0], sampleCount = inSample[value, default: 0]
                guard caseloadCount > 0 || sampleCount > 0 else { continue }
                let caseloadPercent = Proportion(caseloadCount, of: caseloadTotal).wholePercent ?? 0
                let samplePercent = Proportion(sampleCount, of: sampleTotal).wholePercent ?? 0
                var explanation: String?
                if abs(samplePercent - caseloadPercent) > margin {
                    // How far the sample is from the caseload's exact share, in cases (scaled by caseloadTotal).
                    let gap = abs(sampleCount * caseloadTotal - caseloadCount * sampleTotal)
                    let over = samplePercent > caseloadPercent
                    if let characteristic = dimension.deliberate, let swapped = included[characteristic],
                       gap < (swapped + 1) * caseloadTotal {
                        let carries = picks.contains { dimension.value($0.record) == value && characteristic.applies(to: $0.record) }
                        explanation = over && carries
                            ? "included deliberately: \(characteristic.rawValue)"
                            : "follows from including \(characteristic.rawValue) deliberately"
                    } else if over, let chosen = deliberateHere[value], gap < (chosen.values.reduce(0, +) + 1) * caseloadTotal {
                        let groups = Characteristic.allCases.filter { chosen[$0] != nil }.map(\.rawValue).joined(separator: "; ")
                        explanation = "includes cases chosen deliberately: \(groups)"
                    } else if gap < caseloadTotal {
                        explanation = "within one case of the caseload's share, the closest a sample of \(sampleTotal) can be"
                    }
                }
                rows.append(Row(
                    characteristic: dimension.name, value: value, caseloadCount: caseloadCount,
                    caseloadPercent: caseloadPercent, sampleCount: sampleCount, samplePercent: samplePercent,
                    flagged: abs(samplePercent - caseloadPercent) > margin && explanation == nil, explanation: explanation
                ))
            }
        }
        return SampleComparison(rows: rows, margin: margin, caseloadTotal: caseloadTotal, sampleTotal: sampleTotal)
    }

    /// The characteristics of a set of cases alone (the report's "characteristics of cases inspected"): every value
    /// present, with its count and whole-percentage share, in the same characteristics and order as the comparison.
    public static func profile(of cases: [CaseRecord]) -> [(characteristic: String, value: String, count: Int, percent: Int)] {
        dimensions.flatMap { dimension in
            var counts: [String: Int] = [:]
            for record in cases { counts[dimension.value(record), default: 0] += 1 }
            return dimension.values.compactMap { value -> (characteristic: String, value: String, count: Int, percent: Int)? in
                guard let count = counts[value], count > 0 else { return nil }
                return (dimension.name, value, count, Proportion(count, of: cases.count).wholePercent ?? 0)
            }
        }
    }

    /// The rows flagged for a lead inspector's attention.
    public var flaggedRows: [Row] { rows.filter(\.flagged) }

    /// An aligned table for the terminal: one line per value, "!" against flagged shares, explanations at the end.
    public func text() -> String {
        let header = ["characteristic", "value", "caseload", "%", "sample", "%", "", "note"]
        var table = [header]
        var previous = ""
        for row in rows {
            table.append([
                row.characteristic == previous ? "" : row.characteristic, row.value,
                String(row.caseloadCount), "\(row.caseloadPercent)%", String(row.sampleCount), "\(row.samplePercent)%",
                row.flagged ? "!" : "", row.flagged ? "more than \(margin) points from the caseload" : row.explanation ?? "",
            ])
            previous = row.characteristic
        }
        // Counts and percentages line up on the right, words on the left.
        let rightAligned: Set<Int> = [2, 3, 4, 5]
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = ["Sample of \(sampleTotal) beside the eligible caseload of \(caseloadTotal) "
            + "(! marks a share more than \(margin) points away, unexplained)"]
        for cells in table {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(rightAligned.contains(column) ? padding + cell : cell + padding)
            }
            lines.append(String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed()))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
