/// The stratified, seeded draw.
///
/// The sample must reflect the eligible caseload (so that scores describe the service's work, not the sample's
/// make-up), must include the groups inspections always look at where the caseload has them, and must be
/// reproducible: the same caseload and seed give the same sample on any machine, whatever order the rows came in.
public enum SampleDraw {
    /// Strata by disposal group x setting, allocated in proportion to the eligible caseload (largest remainder, so the
    /// allocation sums exactly to the size, and every stratum with eligible cases gets at least one place when size
    /// allows); shuffled with `SeededGenerator` after sorting by case id; then, for each `Characteristic` present in
    /// the eligible caseload but absent from the sample, a case of that group is swapped in, preferably within one
    /// stratum so the allocation holds, with every reason recorded and every shortfall reported.
    public static func draw(
        caseload: [CaseloadEntry], rules: SamplingRules, asOf: CalendarDate, size: Int?, seed: UInt64
    ) throws(SamplingError) -> Sample {
        var ids = Set<String>(minimumCapacity: caseload.count)
        for entry in caseload where !ids.insert(entry.record.id).inserted { throw .duplicateCase(entry.record.id) }
        // Sorting first makes the draw independent of the order the caseload was read in.
        let eligible = caseload.filter { rules.eligibility.isEligible($0, asOf: asOf) }.map(\.record).sorted { $0.id < $1.id }
        let groups = rules.requiredGroups
        guard !eligible.isEmpty else { throw .noEligibleCases(window: rules.eligibility.summary(asOf: asOf)) }
        let size = try size.map { requested throws(SamplingError) in
            try rules.size.validate(requested: requested, eligible: eligible.count)
            return requested
        } ?? rules.size.defaultSize(eligible: eligible.count)

        var members: [Stratum: [CaseRecord]] = [:]
        for record in eligible { members[Stratum(record), default: []].append(record) }
        let strata = members.keys.sorted()
        var random = SeededGenerator(seed: seed)
        let drawn = strata.map { shuffled(members[$0, default: []], using: &random) }
        let counts = drawn.map(\.count)
        let allocation = allocate(counts: counts, size: size)

        var state = DrawState(
            chosen: strata.indices.map { s in drawn[s].prefix(allocation.places[s]).map { Pick(record: $0, reason: .proportional) } },
            reserve: strata.indices.map { s in Array(drawn[s].dropFirst(allocation.places[s])) },
            groups: groups
        )
        var shortfalls: [String] = []
        var notes: [String] = []
        // Only groups the caseload has are given a place: an empty group has nothing to include.
        for characteristic in groups {
            let inCaseload = eligible.count { characteristic.applies(to: $0) }
            guard inCaseload > 0, state.count(of: characteristic) == 0 else { continue }
            switch state.include(characteristic, counts: counts, size: size) {
            case .withinStratum:
                break
            case .moved(let from, let to):
                notes.append("to include \(characteristic.rawValue), one place moved from \(strata[from]) to \(strata[to])")
            case .impossible:
                let cases = inCaseload == 1 ? "1 eligible case is" : "\(inCaseload) eligible cases are"
                shortfalls.append(
                    "no \(characteristic.rawValue) case in the sample although \(cases): in a sample of \(size) no place "
                        + "could be given without losing another required group or a stratum's only case")
            }
        }

        var warnings: [String] = []
        if eligible.count < rules.size.minimum {
            warnings.append("only \(eligible.count) cases are eligible, fewer than the programme's minimum sample of "
                + "\(rules.size.minimum): the sample is all of them")
        }
        warnings += fragilityWarnings(state: state, size: size, fragileBelow: rules.fragileBelow)
        for s in allocation.lifted {
            warnings.append("\(strata[s]) has a place so that every kind of order is represented, although its "
                + "\(counts[s]) of \(eligible.count) eligible cases are a share of \(tenths(size * counts[s], eligible.count)) places")
        }
        for s in strata.indices where state.chosen[s].isEmpty {
            warnings.append("\(strata[s]): \(counts[s]) eligible \(counts[s] == 1 ? "case" : "cases") but no place in a "
                + "sample of \(size) (a share of \(tenths(size * counts[s], eligible.count)) places)")
        }
        warnings += notes

        var selected: [SampledCase] = []
        selected.reserveCapacity(size)
        var reserves: [Stratum: [String]] = [:]
        for (s, stratum) in strata.enumerated() {
            selected += state.chosen[s].map { SampledCase(caseID: $0.record.id, stratum: stratum, reason: $0.reason) }
            reserves[stratum] = state.reserve[s].map(\.id)
        }
        return Sample(
            seed: seed, asOf: asOf, eligibleCount: eligible.count, selected: selected, reserves: reserves,
            shortfalls: shortfalls, warnings: warnings
        )
    }

    /// Places per stratum, and the strata given a place at the expense of others (see `allocate`).
    struct Allocation: Equatable {
        var places: [Int]
        var lifted: [Int]
    }

    /// Splits `size` places over strata with `counts` eligible cases (each > 0, size <= their sum).
    ///
    /// Largest remainder (Hamilton): each stratum gets the whole part of its share, and the places left go to the
    /// largest fractions, strata that would otherwise get nothing first, so every place is within one of the exact
    /// share. Only when that still leaves a stratum empty and there are at least as many places as strata does a
    /// stratum get one place taken from the stratum most above its share: the reports describe every kind of order
    /// in the caseload, which they cannot do from a sample without it.
    static func allocate(counts: [Int], size: Int) -> Allocation {
        let total = counts.reduce(0, +)
        guard total > 0 else { return Allocation(places: counts.map { _ in 0 }, lifted: []) }
        var places = counts.map { size * $0 / total }
        let remainders = counts.map { size * $0 % total }
        let left = size - places.reduce(0, +)
        let order = counts.indices.filter { remainders[$0] > 0 }.sorted { a, b in
            let emptyA = places[a] == 0, emptyB = places[b] == 0
            if emptyA != emptyB { return emptyA }
            if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
            if counts[a] != counts[b] { return counts[a] > counts[b] }
            return a < b
        }
        for s in order.prefix(left) { places[s] += 1 }
        var lifted: [Int] = []
        if size >= counts.count {
            while let empty = places.firstIndex(of: 0) {
                func excess(_ s: Int) -> Int { places[s] * total - size * counts[s] }
                guard let donor = places.indices.filter({ places[$0] >= 2 }).max(by: { a, b in
                    excess(a) != excess(b) ? excess(a) < excess(b) : a > b
                }) else { break }
                places[donor] -= 1
                places[empty] = 1
                lifted.append(empty)
            }
        }
        return Allocation(places: places, lifted: lifted)
    }

    /// Fisher-Yates with our own bounded draw (Lemire's method), so a seed gives the same order whatever the
    /// standard library's shuffle does in future: a published sample must be reproducible years later.
    static func shuffled<Element>(_ items: [Element], using random: inout SeededGenerator) -> [Element] {
        var items = items
        var index = items.count - 1
        while index > 0 {
            items.swapAt(index, uniform(below: index + 1, using: &random))
            index -= 1
        }
        return items
    }

    /// A uniform integer in 0..<bound, without modulo bias.
    static func uniform(below bound: Int, using random: inout SeededGenerator) -> Int {
        let limit = UInt64(bound)
        var product = random.next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = random.next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    /// `numerator / denominator` to one decimal place, for notes ("0.4 places").
    static func tenths(_ numerator: Int, _ denominator: Int) -> String {
        let scaled = (numerator * 20 + denominator) / (2 * denominator)
        return "\(scaled / 10).\(scaled % 10)"
    }

    static func fragilityWarnings(state: DrawState, size: Int, fragileBelow: Int) -> [String] {
        guard fragileBelow > 0, size > 0 else { return [] }
        if size < fragileBelow {
            return ["a sample of \(size) is below \(fragileBelow) cases: one case moves a percentage by "
                + "\(tenths(100, size)) points, so quote counts (\"n of \(size)\") rather than percentages"]
        }
        var warnings: [String] = []
        for setting in [CaseSetting.custody, .community] {
            let count = state.chosen.joined().count { $0.record.setting == setting }
            if count > 0, count < fragileBelow {
                warnings.append("only \(count) \(setting.rawValue) \(count == 1 ? "case" : "cases") in the sample: "
                    + "percentages for questions that apply to \(setting.rawValue) cases only rest on fewer than "
                    + "\(fragileBelow) cases and are fragile")
            }
        }
        return warnings
    }
}

/// A selected case during the draw.
struct Pick {
    let record: CaseRecord
    let reason: SelectionReason
}

/// The sample while minimum inclusions are made: chosen and reserve cases per stratum, in draw order.
struct DrawState {
    var chosen: [[Pick]]
    var reserve: [[CaseRecord]]
    /// The groups the framework requires, so a case that is the only one of another required group stays.
    let groups: [Characteristic]

    enum Inclusion {
        case withinStratum
        case moved(from: Int, to: Int)
        case impossible
    }

    func count(of characteristic: Characteristic) -> Int {
        chosen.reduce(0) { $0 + $1.count { characteristic.applies(to: $0.record) } }
    }

    /// A chosen case that must stay: one already swapped in for a group, or the only case of a group still included.
    func isProtected(_ pick: Pick, including needed: Characteristic) -> Bool {
        if case .minimumInclusion = pick.reason { return true }
        return groups.contains { other in
            other != needed && other.applies(to: pick.record) && count(of: other) == 1
        }
    }

    /// The last-drawn case of a stratum that may give up its place, if any.
    func swappable(in stratum: Int, including needed: Characteristic) -> Int? {
        chosen[stratum].indices.last { !isProtected(chosen[stratum][$0], including: needed) }
    }

    /// Swaps in the first reserve case of the group: within its own stratum when possible (the allocation holds),
    /// otherwise taking the place of the stratum most above its share that can spare one.
    mutating func include(_ characteristic: Characteristic, counts: [Int], size: Int) -> Inclusion {
        let carriers = reserve.indices.map { s in reserve[s].count { characteristic.applies(to: $0) } }
        let candidates = reserve.indices.filter { carriers[$0] > 0 }.sorted { a, b in
            carriers[a] != carriers[b] ? carriers[a] > carriers[b] : a < b
        }
        guard let first = candidates.first else { return .impossible }
        if let s = candidates.first(where: { swappable(in: $0, including: characteristic) != nil }),
           let out = swappable(in: s, including: characteristic) {
            swap(characteristic, into: s, outOf: s, at: out)
            return .withinStratum
        }
        let total = counts.reduce(0, +)
        func excess(_ s: Int) -> Int { chosen[s].count * total - size * counts[s] }
        let donors = chosen.indices.filter { chosen[$0].count >= 2 && swappable(in: $0, including: characteristic) != nil }
        guard let donor = donors.max(by: { a, b in excess(a) != excess(b) ? excess(a) < excess(b) : a > b }),
              let out = swappable(in: donor, including: characteristic) else { return .impossible }
        swap(characteristic, into: first, outOf: donor, at: out)
        return .moved(from: donor, to: first)
    }

    /// The case swapped out goes to the front of its stratum's reserves: it was drawn before every case still there.
    private mutating func swap(_ characteristic: Characteristic, into s: Int, outOf t: Int, at out: Int) {
        guard let index = reserve[s].firstIndex(where: { characteristic.applies(to: $0) }) else { return }
        let incoming = reserve[s].remove(at: index)
        let outgoing = chosen[t].remove(at: out)
        reserve[t].insert(outgoing.record, at: 0)
        chosen[s].append(Pick(record: incoming, reason: .minimumInclusion(characteristic)))
    }
}
