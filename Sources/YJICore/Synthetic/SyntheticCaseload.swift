/// A fictional service's caseload for demos, tests and benchmarks: the cases of `SyntheticInspection` with order
/// dates, case managers and teams. The same count, seed and date always give the same caseload.
public enum SyntheticCaseload {
    /// Teams a synthetic service is split into; obviously not a real service's.
    static let teams = ["Synthetic Team North", "Synthetic Team South", "Synthetic Team East", "Synthetic Team West"]

    /// Bird names as children's aliases: plainly invented, yet name-like enough to exercise the anonymisation check.
    static let aliasNames = ["Kestrel", "Wren", "Linnet", "Siskin", "Plover", "Dunlin", "Merlin", "Sparrow", "Starling",
                             "Curlew", "Lapwing", "Redwing", "Fieldfare", "Nightjar", "Warbler", "Bunting"]

    /// The alias of the entry at `index`: a bird name, numbered once the names run out so that aliases stay unique.
    static func syntheticAlias(_ index: Int) -> String {
        let name = aliasNames[index % aliasNames.count]
        let round = index / aliasNames.count
        return round == 0 ? name : "\(name) \(round + 1)"
    }

    /// `count` entries ("SYN-0001" ...) whose orders started over the 18 months before `asOf`, so that every
    /// programme's window holds some and excludes others; terminated orders ended on or before `asOf`, current ones
    /// end after it (or have no end date recorded).
    public static func make(count: Int, seed: UInt64, asOf: CalendarDate) -> [CaseloadEntry] {
        var random = SeededGenerator(seed: seed)
        // About a dozen cases each, as a case manager in a youth offending service might hold.
        let managers = max(1, (count + 11) / 12)
        return (0..<max(0, count)).map { index in
            let record = SyntheticInspection.makeCase(number: index + 1, random: &random)
            let age = Int.random(in: 0...548, using: &random)
            let start = asOf.adding(days: -age)
            let length = Int.random(in: 90...730, using: &random)
            let end: CalendarDate?
            switch record.status {
            case .terminated:
                // A terminated order ended by the as-of date, so its length is capped by how long ago it started.
                end = start.adding(days: min(length, age))
            case .current:
                if Double.random(in: 0..<1, using: &random) < 0.1 {
                    end = nil
                } else {
                    end = start.adding(days: max(length, age + 1))
                }
            }
            let manager = Int.random(in: 1...managers, using: &random)
            let digits = String(manager)
            return CaseloadEntry(
                record: record, orderStart: start, orderEnd: end,
                caseManager: "Synthetic Case Manager " + String(repeating: "0", count: max(0, 3 - digits.count)) + digits,
                team: teams[(manager - 1) % teams.count],
                alias: syntheticAlias(index)
            )
        }
    }
}
