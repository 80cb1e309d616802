import Foundation
import Testing
@testable import YJICore

private let asOf = CalendarDate(year: 2026, month: 3, day: 1)!

/// A caseload entry whose order started `daysAgo` days before `asOf`; plain by default (white boy, low risk, YRO).
private func entry(
    _ id: String, daysAgo: Int = 100, disposal: Disposal = .youthRehabilitationOrder, setting: CaseSetting = .community,
    status: CaseStatus = .current, gender: Gender = .male, ethnicity: Ethnicity = .white, risk: RiskLevel = .low,
    age: Int = 15
) -> CaseloadEntry {
    CaseloadEntry(
        record: CaseRecord(id: id, age: age, gender: gender, ethnicity: ethnicity, disposal: disposal, setting: setting,
                           status: status, riskOfHarm: risk, vulnerability: .low, lookedAfter: false),
        orderStart: asOf.adding(days: -daysAgo))
}

private func ids(_ prefix: String, _ count: Int) -> [String] {
    (1...count).map { String(format: "\(prefix)-%04d", $0) }
}

private let testRule = Provenance(.inferred, source: "a test's rule")

/// The groups the draw tests were written for (the CCI programme's).
private let cciGroups: [Characteristic] = [.highRiskOfHarm, .girlsAndYoungWomen, .minorityEthnic]

private func window(from: Int, to: Int, statuses: [CaseStatus], orders: [Disposal] = Disposal.allCases) -> EligibilityWindow {
    EligibilityWindow(fromDays: from, toDays: to, statuses: statuses, provenance: testRule,
                      orders: EligibleOrders(disposals: orders, provenance: testRule))
}

private func sizeRule(minimum: Int, maximum: Int, percent: Int) -> SampleSizeRule {
    SampleSizeRule(minimum: minimum, maximum: maximum, provenance: testRule, percentOfEligible: percent, defaultProvenance: testRule)
}

private func rules(minimum: Int = 1, maximum: Int = 100, percent: Int = 25, fragileBelow: Int = 20,
                   from: Int = 0, to: Int = 365, statuses: [CaseStatus] = [.current, .terminated],
                   orders: [Disposal] = Disposal.allCases, groups: [Characteristic] = cciGroups) -> SamplingRules {
    SamplingRules(
        eligibility: window(from: from, to: to, statuses: statuses, orders: orders),
        size: sizeRule(minimum: minimum, maximum: maximum, percent: percent),
        mustInclude: groups.map { RequiredGroup($0, provenance: testRule) },
        fragileBelow: fragileBelow, fragileBelowProvenance: testRule)
}

/// The error a throwing sampling call gives; nil when it succeeds.
private func samplingError<T>(_ call: () throws(SamplingError) -> T) -> SamplingError? {
    do {
        _ = try call()
        return nil
    } catch {
        return error
    }
}

@Suite("Sampling: eligibility and size")
struct SamplingRulesTests {
    @Test func theWindowIncludesBothEndsAndNothingOutside() {
        let window = window(from: 42, to: 91, statuses: [.current])
        #expect(!window.isEligible(entry("a", daysAgo: 41), asOf: asOf))
        #expect(window.isEligible(entry("a", daysAgo: 42), asOf: asOf))
        #expect(window.isEligible(entry("a", daysAgo: 91), asOf: asOf))
        #expect(!window.isEligible(entry("a", daysAgo: 92), asOf: asOf))
        #expect(!window.isEligible(entry("a", daysAgo: 60, status: .terminated), asOf: asOf))
        #expect(!window.isEligible(entry("a", daysAgo: -3), asOf: asOf), "an order that starts after the as-of date")
    }

    @Test func twelveMonthsCoversCurrentAndTerminatedOrdersFromTheAsOfDay() {
        let window = window(from: 0, to: 365, statuses: [.current, .terminated])
        #expect(window.isEligible(entry("a", daysAgo: 0), asOf: asOf))
        #expect(window.isEligible(entry("a", daysAgo: 365, status: .terminated), asOf: asOf))
        #expect(!window.isEligible(entry("a", daysAgo: 366), asOf: asOf))
        #expect(window.summary(asOf: asOf) == "orders that started 0-365 days before 2026-03-01, current or terminated")
    }

    @Test func onlyTheProgrammesOrdersAreEligible() throws {
        let cci = try #require(try FrameworkCatalog.shipped("cci").sampling)
        #expect(!cci.eligibility.isEligible(entry("a", disposal: .outOfCourt), asOf: asOf), "Harrow samples no out-of-court disposal")
        for disposal in [Disposal.referralOrder, .otherFirstTier, .youthRehabilitationOrder, .detentionAndTrainingOrder, .otherCustody] {
            #expect(cci.eligibility.isEligible(entry("a", disposal: disposal), asOf: asOf), "\(disposal)")
        }
        let onlyCustody = window(from: 0, to: 365, statuses: [.current], orders: [.detentionAndTrainingOrder])
        #expect(onlyCustody.summary(asOf: asOf)
                == "orders that started 0-365 days before 2026-03-01, current (detention and training order)")
        #expect(!onlyCustody.isEligible(entry("a"), asOf: asOf))
        #expect(onlyCustody.isEligible(entry("a", disposal: .detentionAndTrainingOrder, setting: .custody), asOf: asOf))
    }

    @Test func theFJIWindowIsStaffordshiresTwelveMonthsCurrentOrTerminated() throws {
        let fji = try #require(try FrameworkCatalog.shipped("fji").sampling)
        // Staffordshire: cases up to twelve months old, some current, others terminated; before, 183-274 days.
        #expect(fji.eligibility.isEligible(entry("a", daysAgo: 30), asOf: asOf))
        #expect(fji.eligibility.isEligible(entry("a", daysAgo: 365, status: .terminated), asOf: asOf))
        #expect(!fji.eligibility.isEligible(entry("a", daysAgo: 366), asOf: asOf))
        #expect(fji.eligibility.provenance.kind == .published && fji.eligibility.provenance.source.hasPrefix("Staffordshire YOS 2016"))
    }

    @Test func theDefaultSizeIsTheShareHeldWithinTheBoundsAndTheCaseload() {
        let cci = sizeRule(minimum: 38, maximum: 99, percent: 25)
        #expect(cci.defaultSize(eligible: 100) == 38)
        #expect(cci.defaultSize(eligible: 157) == 40, "25% of 157 is 39.25, rounded up")
        #expect(cci.defaultSize(eligible: 300) == 75)
        #expect(cci.defaultSize(eligible: 1000) == 99)
        #expect(cci.defaultSize(eligible: 20) == 20, "never more than are eligible")
        #expect(cci.defaultSize(eligible: 0) == 0)
        let sqs = sizeRule(minimum: 14, maximum: 34, percent: 30)
        #expect(sqs.defaultSize(eligible: 70) == 21)
    }

    @Test func aRequestedSizeMustBeWithinTheBoundsAndTheCaseload() {
        let sqs = sizeRule(minimum: 14, maximum: 34, percent: 30)
        #expect(samplingError { () throws(SamplingError) in try sqs.validate(requested: 20, eligible: 70) } == nil)
        #expect(samplingError { () throws(SamplingError) in try sqs.validate(requested: 14, eligible: 14) } == nil)
        #expect(samplingError { () throws(SamplingError) in try sqs.validate(requested: 34, eligible: 70) } == nil)
        let low = samplingError { () throws(SamplingError) in try sqs.validate(requested: 13, eligible: 70) }
        #expect(low == .sizeBelowMinimum(requested: 13, minimum: 14, eligible: 70))
        #expect(low?.description == "a sample of 13 is below the programme's minimum of 14")
        let high = samplingError { () throws(SamplingError) in try sqs.validate(requested: 35, eligible: 70) }
        #expect(high?.description == "a sample of 35 is above the programme's maximum of 34")
        let short = samplingError { () throws(SamplingError) in try sqs.validate(requested: 30, eligible: 25) }
        #expect(short?.description == "a sample of 30 needs more cases than the 25 eligible")
        #expect(samplingError { () throws(SamplingError) in try sqs.validate(requested: 0, eligible: 25) } != nil)
        // With fewer eligible than the minimum, all of them is the one sample there is.
        #expect(samplingError { () throws(SamplingError) in try sqs.validate(requested: 10, eligible: 10) } == nil)
        let belowAll = samplingError { () throws(SamplingError) in try sqs.validate(requested: 9, eligible: 10) }
        #expect(belowAll?.description.contains("only 10 cases are eligible") == true)
    }
}

@Suite("Sampling: proportional allocation")
struct SamplingAllocationTests {
    @Test func exactSharesAreKept() {
        #expect(SampleDraw.allocate(counts: [50, 30, 20], size: 10).places == [5, 3, 2])
        #expect(SampleDraw.allocate(counts: [50, 30, 20], size: 100).places == [50, 30, 20])
    }

    @Test func placesLeftGoToTheLargestRemaindersStrataWithoutAPlaceFirst() {
        // Shares 4.5, 3.5, 2.0: one place left, two equal remainders; the larger stratum has it.
        #expect(SampleDraw.allocate(counts: [45, 35, 20], size: 10).places == [5, 3, 2])
        // Shares 4.8, 4.6, 0.6: pure largest remainder would give 5, 5, 0.
        let preferEmpty = SampleDraw.allocate(counts: [48, 46, 6], size: 10)
        #expect(preferEmpty.places == [5, 4, 1] && preferEmpty.lifted.isEmpty)
    }

    @Test func everyStratumGetsAPlaceWhenThereAreEnoughPlaces() {
        // Shares 13.9 and 0.04 x 4: proportion alone would leave four strata out.
        let allocation = SampleDraw.allocate(counts: [996, 1, 1, 1, 1], size: 14)
        #expect(allocation.places == [10, 1, 1, 1, 1])
        #expect(allocation.lifted.count == 3)
        // Fewer places than strata: the largest shares win and nobody is lifted.
        let few = SampleDraw.allocate(counts: [5, 4, 3, 2, 1], size: 3)
        #expect(few.places == [1, 1, 1, 0, 0] && few.lifted.isEmpty)
    }

    @Test func randomAllocationsSumToTheSizeAndStayWithinOneOfTheirShare() {
        var random = SeededGenerator(seed: 77)
        for _ in 0..<2000 {
            let counts = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                Bool.random(using: &random) ? Int.random(in: 1...3, using: &random) : Int.random(in: 1...2000, using: &random)
            }
            let total = counts.reduce(0, +)
            let size = Int.random(in: 1...min(total, 120), using: &random)
            let allocation = SampleDraw.allocate(counts: counts, size: size)
            #expect(allocation.places.reduce(0, +) == size, "\(counts) \(size)")
            #expect(zip(allocation.places, counts).allSatisfy { $0 >= 0 && $0 <= $1 }, "\(counts) \(size)")
            // Proportion alone leaves empty those strata whose share is below one and that get no remainder place.
            let wholeParts = counts.map { size * $0 / total }.reduce(0, +)
            let belowOne = counts.filter { size * $0 < total }.count
            if belowOne <= size - wholeParts {
                for (places, count) in zip(allocation.places, counts) {
                    #expect(abs(places * total - size * count) < total, "\(counts) \(size): \(allocation.places)")
                }
                #expect(allocation.lifted.isEmpty)
            }
            if size >= counts.count { #expect(!allocation.places.contains(0), "\(counts) \(size): \(allocation.places)") }
        }
    }
}

@Suite("Sampling: the draw")
struct SamplingDrawTests {
    /// 120 community YRO cases, 40 first-tier, 30 custody (20 in custody, 10 on licence), 10 out of court; a few girls,
    /// minority ethnic and high-risk children scattered among them; 20 more outside the window.
    static let caseload: [CaseloadEntry] = {
        var entries: [CaseloadEntry] = []
        var random = SeededGenerator(seed: 5)
        func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
        for (number, id) in ids("SYN", 220).enumerated() {
            let (disposal, setting): (Disposal, CaseSetting) = switch number {
            case ..<120: (.youthRehabilitationOrder, .community)
            case ..<160: (pick([.referralOrder, .otherFirstTier]), .community)
            case ..<180: (.detentionAndTrainingOrder, .custody)
            case ..<190: (.detentionAndTrainingOrder, .community)
            default: (.outOfCourt, .community)
            }
            entries.append(entry(
                id, daysAgo: number < 200 ? Int(random.next() % 366) : 400 + number, disposal: disposal, setting: setting,
                status: pick([.current, .terminated]), gender: number % 9 == 0 ? .female : .male,
                ethnicity: number % 7 == 0 ? .black : .white, risk: number % 11 == 0 ? .high : .low,
                age: 12 + number % 6))
        }
        return entries
    }()

    static func counts(_ sample: Sample) -> [Stratum: Int] {
        sample.selected.reduce(into: [:]) { $0[$1.stratum, default: 0] += 1 }
    }

    @Test func theSampleHasTheRequestedSizeAndFollowsTheCaseloadStrataByStratum() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        #expect(sample.eligibleCount == 200)
        #expect(sample.selected.count == 40)
        #expect(Set(sample.caseIDs).count == 40)
        let yro = Stratum(group: .community, setting: .community)
        let custody = Stratum(group: .custody, setting: .custody)
        let licence = Stratum(group: .custody, setting: .community)
        let firstTier = Stratum(group: .firstTier, setting: .community)
        let outOfCourt = Stratum(group: .outOfCourt, setting: .community)
        // Shares of 40 in 200: 24, 8, 4, 2, 2.
        #expect(Self.counts(sample) == [yro: 24, firstTier: 8, custody: 4, licence: 2, outOfCourt: 2])
        #expect(sample.selected.map(\.stratum) == sample.selected.map(\.stratum).sorted(), "stratum by stratum")
        #expect(sample.reserves.values.map(\.count).reduce(0, +) == 160)
        let byID = Dictionary(uniqueKeysWithValues: Self.caseload.map { ($0.id, $0.record) })
        for pick in sample.selected {
            let record = try #require(byID[pick.caseID])
            #expect(Stratum(record) == pick.stratum)
            #expect(Int(pick.caseID.dropFirst(4))! <= 200, "only eligible cases")
        }
    }

    @Test func theSameSeedGivesTheSameSampleWhateverTheInputOrder() throws {
        let first = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 42)
        var random = SeededGenerator(seed: 3)
        let reordered = SampleDraw.shuffled(Self.caseload, using: &random)
        #expect(reordered.map(\.id) != Self.caseload.map(\.id))
        let again = try SampleDraw.draw(caseload: reordered, rules: rules(), asOf: asOf, size: 40, seed: 42)
        #expect(again == first)
        #expect(try SampleDraw.draw(caseload: Self.caseload.reversed(), rules: rules(), asOf: asOf, size: 40, seed: 42) == first)
        let other = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 43)
        #expect(other.caseIDs != first.caseIDs)
        #expect(Self.counts(other) == Self.counts(first), "another seed, the same allocation")
    }

    @Test func theDrawOrderIsFixedForASeed() {
        // Pinned so a change to the shuffle (which would change every published sample) cannot pass unnoticed.
        var random = SeededGenerator(seed: 2026)
        #expect(SampleDraw.shuffled(Array(1...10), using: &random) == [2, 1, 7, 8, 4, 10, 3, 6, 5, 9])
        var counts = [0, 0, 0]
        var uniform = SeededGenerator(seed: 1)
        for _ in 0..<30_000 { counts[SampleDraw.uniform(below: 3, using: &uniform)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    }

    @Test func theDefaultSizeComesFromTheRules() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(minimum: 38, maximum: 99, percent: 25),
                                         asOf: asOf, size: nil, seed: 1)
        #expect(sample.selected.count == 50)
        #expect(sample.seed == 1 && sample.asOf == asOf)
    }

    @Test func groupsAbsentFromTheProportionalDrawAreSwappedInWithinTheirStratum() throws {
        // 300 plain cases and one of each group, all in one stratum: a draw of 14 almost never meets them by chance.
        let caseload = ids("P", 300).map { entry($0) } + [
            entry("G-1", gender: .female), entry("B-1", ethnicity: .black), entry("H-1", risk: .veryHigh),
        ]
        var deliberate = 0
        for seed in UInt64(1)...20 {
            let sample = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 14, seed: seed)
            #expect(sample.selected.count == 14 && sample.shortfalls.isEmpty)
            for (id, characteristic) in [("G-1", Characteristic.girlsAndYoungWomen), ("B-1", .minorityEthnic), ("H-1", .highRiskOfHarm)] {
                let pick = try #require(sample.selected.first { $0.caseID == id }, "seed \(seed): \(id) missing")
                #expect(pick.reason == .proportional || pick.reason == .minimumInclusion(characteristic))
                if pick.reason == .minimumInclusion(characteristic) { deliberate += 1 }
            }
            // Every case swapped out went back to the front of the reserves, so the sample and reserves still
            // partition the eligible caseload.
            let all = sample.caseIDs + sample.reserves.values.joined()
            #expect(Set(all).count == caseload.count && all.count == caseload.count)
        }
        #expect(deliberate > 50)
    }

    @Test func aGroupFoundOnlyInAStratumWithoutASpareCaseTakesAPlaceFromTheLargestStratum() throws {
        // The custody stratum has one place (a share of 0.09) and two cases: the only girl and the only black child.
        // Whichever is drawn is the sole case of its group, so the other needs a place from elsewhere.
        let caseload = ids("P", 300).map { entry($0) } + [
            entry("G-1", disposal: .detentionAndTrainingOrder, setting: .custody, gender: .female),
            entry("B-1", disposal: .detentionAndTrainingOrder, setting: .custody, ethnicity: .black),
        ]
        for seed in UInt64(1)...10 {
            let sample = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 14, seed: seed)
            #expect(sample.selected.count == 14)
            #expect(Set(sample.caseIDs).isSuperset(of: ["G-1", "B-1"]))
            #expect(Self.counts(sample) == [Stratum(group: .community, setting: .community): 12,
                                             Stratum(group: .custody, setting: .custody): 2])
            #expect(sample.warnings.contains { $0.contains("one place moved from youth-rehabilitation-order, community to custody, custody") },
                    "\(sample.warnings)")
            #expect(sample.shortfalls.isEmpty)
        }
    }

    @Test func aGroupThatCannotBeIncludedIsReported() throws {
        // One place, and the girl and the black child are different children.
        let caseload = ids("P", 8).map { entry($0) } + [entry("G-1", gender: .female), entry("B-1", ethnicity: .black)]
        for seed in UInt64(1)...10 {
            let sample = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 1, seed: seed)
            #expect(sample.selected.count == 1)
            #expect(!sample.shortfalls.isEmpty)
            let missing = cciGroups.filter { c in
                caseload.contains { c.applies(to: $0.record) }
                    && !sample.selected.contains { pick in c.applies(to: caseload.first { $0.id == pick.caseID }!.record) }
            }
            #expect(missing.count == sample.shortfalls.count)
            for characteristic in missing {
                #expect(sample.shortfalls.contains { $0.hasPrefix("no \(characteristic.rawValue) case in the sample although 1 eligible case is") },
                        "\(sample.shortfalls)")
            }
        }
    }

    @Test func anEmptyStratumOrGroupIsNeverGivenAPlace() throws {
        // Out-of-court and looked-after cases exist in the caseload but none is eligible: the out-of-court disposal
        // is not an order the rule samples, and the only looked-after child's order is too old.
        let lookedAfter = CaseloadEntry(
            record: CaseRecord(id: "L-1", age: 15, gender: .male, ethnicity: .white, disposal: .youthRehabilitationOrder,
                               setting: .community, status: .current, riskOfHarm: .low, vulnerability: .low, lookedAfter: true),
            orderStart: asOf.adding(days: -400))
        let caseload = ids("P", 40).map { entry($0) } + [entry("O-1", disposal: .outOfCourt), lookedAfter]
        let courtOrders = Disposal.allCases.filter { $0 != .outOfCourt }
        let sampling = rules(orders: courtOrders, groups: [.lookedAfter, .particularlyVulnerable])
        for seed in UInt64(1)...10 {
            let sample = try SampleDraw.draw(caseload: caseload, rules: sampling, asOf: asOf, size: 10, seed: seed)
            #expect(sample.eligibleCount == 40)
            #expect(!sample.caseIDs.contains("O-1") && !sample.caseIDs.contains("L-1"))
            #expect(Set(sample.selected.map(\.stratum)) == [Stratum(group: .community, setting: .community)])
            #expect(sample.reserves.keys.allSatisfy { $0.group != .outOfCourt })
            #expect(sample.selected.allSatisfy { $0.reason == .proportional })
            #expect(sample.shortfalls.isEmpty && !sample.warnings.contains { $0.contains("out-of-court") })
        }
    }

    @Test func theFrameworksGroupsAreTheOnesIncluded() throws {
        // A particularly vulnerable child among 300 plain ones: FJI's rule includes them, CCI's does not ask to.
        let vulnerable = CaseloadEntry(
            record: CaseRecord(id: "V-1", age: 15, gender: .male, ethnicity: .white, disposal: .youthRehabilitationOrder,
                               setting: .community, status: .current, riskOfHarm: .low, vulnerability: .veryHigh, lookedAfter: false),
            orderStart: asOf.adding(days: -100))
        let caseload = ids("P", 300).map { entry($0) } + [vulnerable]
        var cciIncluded = 0
        for seed in UInt64(1)...10 {
            let fji = try SampleDraw.draw(caseload: caseload, rules: rules(groups: [.particularlyVulnerable]), asOf: asOf, size: 14, seed: seed)
            #expect(fji.caseIDs.contains("V-1"))
            let cci = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 14, seed: seed)
            if cci.caseIDs.contains("V-1") { cciIncluded += 1 }
            #expect(cci.selected.allSatisfy { $0.reason == .proportional })
        }
        #expect(cciIncluded < 5, "by chance alone a case is drawn 14 times in 301")
    }

    @Test func aGroupTheCaseloadDoesNotHaveIsNeitherIncludedNorReported() throws {
        let caseload = ids("P", 100).map { entry($0) }
        let sample = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 14, seed: 1)
        #expect(sample.shortfalls.isEmpty)
        #expect(sample.selected.allSatisfy { $0.reason == .proportional })
    }

    @Test func smallNumbersAreWarnedAbout() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(minimum: 14, maximum: 34), asOf: asOf,
                                         size: 14, seed: 1)
        #expect(sample.warnings.contains { $0.hasPrefix("a sample of 14 is below 20 cases") }, "\(sample.warnings)")
        let larger = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        #expect(!larger.warnings.contains { $0.hasPrefix("a sample of") })
        #expect(larger.warnings.contains { $0.hasPrefix("only 4 custody cases in the sample") }, "\(larger.warnings)")
        let few = try SampleDraw.draw(caseload: Array(Self.caseload.prefix(10)), rules: rules(minimum: 14, maximum: 34),
                                      asOf: asOf, size: nil, seed: 1)
        #expect(few.selected.count == 10)
        #expect(few.warnings.contains { $0.hasPrefix("only 10 cases are eligible, fewer than the programme's minimum sample of 14") })
    }

    @Test func drawsThatCannotBeMadeSayWhy() {
        let none = samplingError { () throws(SamplingError) in
            try SampleDraw.draw(caseload: Self.caseload, rules: rules(from: 42, to: 91, statuses: []), asOf: asOf, size: nil, seed: 1)
        }
        #expect(none?.description.hasPrefix("no case of the caseload is eligible: the programme samples orders that started 42-91 days") == true)
        let twice = samplingError { () throws(SamplingError) in
            try SampleDraw.draw(caseload: Self.caseload + [entry("SYN-0003")], rules: rules(), asOf: asOf, size: nil, seed: 1)
        }
        #expect(twice == .duplicateCase("SYN-0003"))
        let tooMany = samplingError { () throws(SamplingError) in
            try SampleDraw.draw(caseload: Self.caseload, rules: rules(maximum: 300), asOf: asOf, size: 201, seed: 1)
        }
        #expect(tooMany == .sizeAboveEligible(requested: 201, eligible: 200))
    }

    @Test func aReplacementComesFromTheSameStratumAndRecordsWhy() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        let out = try #require(sample.selected.first { $0.stratum.group == .firstTier })
        let expected = try #require(sample.reserves[out.stratum]?.first)
        let replaced = try sample.replacing(out.caseID, because: "transferred to another service")
        #expect(replaced.selected.count == 40)
        let position = try #require(sample.selected.firstIndex(of: out))
        #expect(replaced.selected[position] == SampledCase(
            caseID: expected, stratum: out.stratum, reason: .replacement(of: out.caseID, because: "transferred to another service")))
        #expect(Self.counts(replaced) == Self.counts(sample))
        #expect(replaced.reserves[out.stratum] == Array(sample.reserves[out.stratum]!.dropFirst()))
        #expect(replaced.excluded == [out.caseID: "transferred to another service"])
        #expect(!replaced.caseIDs.contains(out.caseID))
        // The sample it came from is unchanged.
        #expect(sample.caseIDs.contains(out.caseID) && sample.excluded.isEmpty)

        let again = samplingError { () throws(SamplingError) in try replaced.replacing(out.caseID, because: "again") }
        #expect(again == .alreadyReplaced(caseID: out.caseID))
        let stranger = samplingError { () throws(SamplingError) in try replaced.replacing("SYN-9999", because: "no such case") }
        #expect(stranger == .notSelected(caseID: "SYN-9999"))
    }

    @Test func aReplacementNeedsAReason() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        let id = sample.selected[0].caseID
        for reason in ["", "   ", "\t"] {
            let error = samplingError { () throws(SamplingError) in try sample.replacing(id, because: reason) }
            #expect(error == .reasonRequired(caseID: id))
            #expect(error?.description.contains("needs a reason") == true)
        }
    }

    @Test func aStratumWithNoCaseLeftCannotReplace() throws {
        // One out-of-court case in the window: it fills its stratum's only place and nothing is left behind it.
        let caseload = ids("P", 30).map { entry($0) } + [entry("O-1", disposal: .outOfCourt)]
        let sample = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 14, seed: 1)
        let stratum = Stratum(group: .outOfCourt, setting: .community)
        #expect(sample.selected.contains(SampledCase(caseID: "O-1", stratum: stratum, reason: .proportional)))
        #expect(sample.reserves[stratum] == [])
        let error = samplingError { () throws(SamplingError) in try sample.replacing("O-1", because: "transferred") }
        #expect(error == .noReserve(caseID: "O-1", stratum: stratum))
        #expect(error?.description == "case 'O-1' cannot be replaced: no eligible out-of-court, community case is left to draw")
    }

    @Test func aSampleSurvivesJSONWithReadableStrataKeys() throws {
        let sample = try SampleDraw.draw(caseload: Self.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        let replaced = try sample.replacing(sample.selected[0].caseID, because: "transferred")
        let data = try JSONEncoder().encode(replaced)
        #expect(try JSONDecoder().decode(Sample.self, from: data) == replaced)
        #expect(replaced != sample)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"custody, custody\":["), "\(text.prefix(300))")
    }
}

@Suite("Sampling: property over random caseloads")
struct SamplingPropertyTests {
    /// A caseload with its own mix: some have no girls, no minority ethnic or no high-risk children at all, some have
    /// one, some many; strata may be tiny or missing; a fifth of the cases fall outside the window.
    static func randomCaseload(count: Int, random: inout SeededGenerator) -> [CaseloadEntry] {
        func chance(_ options: [Double]) -> Double { options[Int.random(in: 0..<options.count, using: &random)] }
        let girls = chance([0, 0.002, 0.05, 0.2, 0.5])
        let minority = chance([0, 0.002, 0.1, 0.4])
        let highRisk = chance([0, 0.002, 0.1, 0.3])
        let custody = chance([0, 0.01, 0.2, 0.6])
        let outOfCourt = chance([0, 0.05, 0.3])
        return (0..<count).map { index in
            func roll(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
            let inCustody = roll(custody)
            let disposal: Disposal = inCustody ? .detentionAndTrainingOrder
                : roll(outOfCourt) ? .outOfCourt
                : [.referralOrder, .otherFirstTier, .youthRehabilitationOrder, .detentionAndTrainingOrder][Int.random(in: 0...3, using: &random)]
            return entry(
                String(format: "R-%05d", Int.random(in: 0..<(count * 10), using: &random) * 10 + index % 10) + "-\(index)",
                daysAgo: roll(0.2) ? Int.random(in: 366...900, using: &random) : Int.random(in: 0...365, using: &random),
                disposal: disposal, setting: inCustody ? .custody : .community,
                status: roll(0.5) ? .current : .terminated,
                gender: roll(girls) ? .female : (roll(0.01) ? .other : .male),
                ethnicity: roll(minority) ? [.black, .asian, .mixed, .other][Int.random(in: 0...3, using: &random)]
                    : (roll(0.02) ? .notKnown : .white),
                risk: roll(highRisk) ? (roll(0.2) ? .veryHigh : .high) : (roll(0.5) ? .medium : .low),
                age: Int.random(in: 10...19, using: &random))
        }
    }

    @Test func everySampleOfTwoHundredRandomCaseloadsIsValid() throws {
        var random = SeededGenerator(seed: 2026)
        var checkedInclusions = 0
        var checkedShortfalls = 0
        for iteration in 0..<200 {
            let count = iteration < 20 ? Int.random(in: 10...40, using: &random) : Int.random(in: 10...5000, using: &random)
            let caseload = Self.randomCaseload(count: count, random: &random)
            let minimum = Int.random(in: 1...40, using: &random)
            let sampling = rules(minimum: minimum, maximum: minimum + Int.random(in: 0...60, using: &random),
                                 percent: Int.random(in: 1...100, using: &random))
            let eligible = caseload.filter { sampling.eligibility.isEligible($0, asOf: asOf) }
            guard !eligible.isEmpty else { continue }
            let requested: Int? = Bool.random(using: &random) || eligible.count < minimum
                ? nil : Int.random(in: minimum...min(sampling.size.maximum, eligible.count), using: &random)
            let seed = random.next()
            let sample = try SampleDraw.draw(caseload: caseload, rules: sampling, asOf: asOf, size: requested, seed: seed)
            let context = "iteration \(iteration): \(count) cases, \(eligible.count) eligible, size \(requested.map(String.init) ?? "default")"

            // Size as requested, or the rule's default (all eligible when fewer than the minimum).
            let size = requested ?? sampling.size.defaultSize(eligible: eligible.count)
            #expect(sample.selected.count == size, "\(context)")
            if eligible.count < minimum { #expect(size == eligible.count, "\(context)") }
            #expect(sample.eligibleCount == eligible.count)

            // No duplicates, only eligible cases, each in its own stratum; sample and reserves partition the eligible.
            let byID = Dictionary(uniqueKeysWithValues: eligible.map { ($0.id, $0.record) })
            #expect(Set(sample.caseIDs).count == sample.selected.count, "\(context)")
            for pick in sample.selected {
                let record = try #require(byID[pick.caseID], "\(context): \(pick.caseID) is not eligible")
                #expect(Stratum(record) == pick.stratum, "\(context)")
            }
            for (stratum, reserve) in sample.reserves {
                #expect(reserve.allSatisfy { byID[$0].map(Stratum.init) == stratum }, "\(context)")
            }
            let everything = sample.caseIDs + sample.reserves.values.joined()
            #expect(everything.count == eligible.count && Set(everything) == Set(byID.keys), "\(context)")

            // Allocation: the proportional one, moved only by the cases swapped in for groups.
            var members: [Stratum: Int] = [:]
            for record in byID.values { members[Stratum(record), default: 0] += 1 }
            let strata = members.keys.sorted()
            let allocation = SampleDraw.allocate(counts: strata.map { members[$0]! }, size: size)
            var inSample: [Stratum: Int] = [:]
            for pick in sample.selected { inSample[pick.stratum, default: 0] += 1 }
            let swappedIn = sample.selected.filter { if case .minimumInclusion = $0.reason { true } else { false } }.count
            let moved = zip(strata, allocation.places).map { abs(inSample[$0, default: 0] - $1) }.reduce(0, +)
            #expect(moved <= 2 * swappedIn, "\(context): allocation \(allocation.places), sample \(inSample)")
            let total = eligible.count
            for (stratum, places) in zip(strata, allocation.places) where allocation.lifted.isEmpty {
                #expect(abs(places * total - size * members[stratum]!) < total, "\(context): \(stratum)")
            }

            // Every group the caseload has is in the sample, or its absence is reported; with ten or more places it is
            // always in the sample.
            for characteristic in cciGroups where eligible.contains(where: { characteristic.applies(to: $0.record) }) {
                let present = sample.selected.contains { characteristic.applies(to: byID[$0.caseID]!) }
                let reported = sample.shortfalls.contains { $0.contains(characteristic.rawValue) }
                #expect(present != reported, "\(context): \(characteristic)")
                if size >= 10 { #expect(present, "\(context): \(characteristic) \(sample.shortfalls)") }
                if sample.selected.contains(where: { $0.reason == .minimumInclusion(characteristic) }) { checkedInclusions += 1 }
                if reported { checkedShortfalls += 1 }
            }

            // Input order never matters.
            if iteration % 10 == 0 {
                var shuffler = SeededGenerator(seed: UInt64(iteration))
                let again = try SampleDraw.draw(caseload: SampleDraw.shuffled(caseload, using: &shuffler), rules: sampling,
                                                asOf: asOf, size: requested, seed: seed)
                #expect(again == sample, "\(context)")
            }

            // A replacement keeps the stratum and the size, or says there is nothing left to draw.
            let out = sample.selected[Int.random(in: 0..<sample.selected.count, using: &random)]
            do {
                let replaced = try sample.replacing(out.caseID, because: "case manager unavailable")
                #expect(replaced.selected.count == size)
                #expect(replaced.selected.first { $0.reason == .replacement(of: out.caseID, because: "case manager unavailable") }?.stratum
                        == out.stratum, "\(context)")
            } catch {
                #expect(error == .noReserve(caseID: out.caseID, stratum: out.stratum) && sample.reserves[out.stratum, default: []].isEmpty,
                        "\(context)")
            }
        }
        // The loop is only a test if it met the difficult cases.
        #expect(checkedInclusions > 20)
        #expect(checkedShortfalls > 0)
    }
}

@Suite("Sampling: sample beside caseload")
struct SamplingComparisonTests {
    /// 100 eligible cases: 5 girls, 15 in custody, ages 10-17.
    static let eligible: [CaseloadEntry] = (1...100).map { number in
        entry(String(format: "C-%03d", number),
              disposal: number <= 15 ? .detentionAndTrainingOrder : .youthRehabilitationOrder,
              setting: number <= 15 ? .custody : .community,
              gender: number > 95 ? .female : .male, age: number % 2 == 0 ? 16 : 13)
    }

    static func sample(_ picks: [(String, SelectionReason)]) -> Sample {
        Sample(seed: 1, asOf: asOf, eligibleCount: 100,
               selected: picks.map { id, reason in
                   SampledCase(caseID: id, stratum: Stratum(eligible.first { $0.id == id }!.record), reason: reason)
               },
               reserves: [:])
    }

    @Test func sharesAreCountsOverEachTotal() throws {
        let picks = (16...25).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
            + [("C-001", .proportional), ("C-002", .proportional)]
        let comparison = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks))
        #expect(comparison.caseloadTotal == 100 && comparison.sampleTotal == 12 && comparison.margin == 10)
        let male = try #require(comparison.rows.first { $0.characteristic == "gender" && $0.value == "male" })
        #expect((male.caseloadCount, male.caseloadPercent, male.sampleCount, male.samplePercent) == (95, 95, 12, 100))
        #expect(!male.flagged)
        let female = try #require(comparison.rows.first { $0.characteristic == "gender" && $0.value == "female" })
        #expect((female.caseloadCount, female.caseloadPercent, female.sampleCount, female.samplePercent) == (5, 5, 0, 0))
        let custody = try #require(comparison.rows.first { $0.characteristic == "setting" && $0.value == "custody" })
        #expect((custody.caseloadPercent, custody.sampleCount, custody.samplePercent) == (15, 2, 17))
        #expect(comparison.rows.map(\.characteristic).uniqued() == ["gender", "age band", "ethnicity", "disposal", "setting", "risk of harm"])
        #expect(!comparison.rows.contains { $0.caseloadCount == 0 && $0.sampleCount == 0 }, "values nobody has are left out")
        #expect(comparison.rows.filter { $0.characteristic == "age band" }.map(\.value) == ["10-14", "15-17"])
    }

    @Test func aShareFurtherOffThanTheMarginIsFlagged() throws {
        // No custody case in a sample of 10 where the caseload has 15%: 1.5 cases short, more than rounding explains.
        let picks = (16...25).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
        let comparison = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks))
        let custody = try #require(comparison.rows.first { $0.characteristic == "setting" && $0.value == "custody" })
        #expect(custody.flagged && custody.explanation == nil)
        #expect(comparison.flaggedRows.map { "\($0.characteristic) \($0.value)" }
                == ["disposal youth-rehabilitation-order", "disposal custody", "setting community", "setting custody"])
        // A wider margin accepts it.
        #expect(SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks), margin: 20).flaggedRows.isEmpty)
    }

    @Test func aDifferenceOfLessThanOneCaseIsExplainedBySampleSize() throws {
        // A sample of 4 without custody: 15% of 4 is 0.6 of a case, so none is as close as a sample of 4 can get.
        let picks = (16...19).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
        let comparison = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks))
        let custody = try #require(comparison.rows.first { $0.characteristic == "setting" && $0.value == "custody" })
        #expect(!custody.flagged)
        #expect(custody.explanation == "within one case of the caseload's share, the closest a sample of 4 can be")
    }

    @Test func aGroupIncludedDeliberatelyIsExplainedNotFlagged() throws {
        // 2 girls of 10 (one swapped in) where the caseload has 5%.
        let picks = (16...23).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
            + [("C-096", .proportional), ("C-097", .minimumInclusion(.girlsAndYoungWomen))]
        let comparison = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks), margin: 10)
        let female = try #require(comparison.rows.first { $0.characteristic == "gender" && $0.value == "female" })
        #expect((female.caseloadPercent, female.samplePercent) == (5, 20))
        #expect(!female.flagged && female.explanation == "included deliberately: girls and young women")
        let male = try #require(comparison.rows.first { $0.characteristic == "gender" && $0.value == "male" })
        #expect(!male.flagged && male.explanation == "follows from including girls and young women deliberately")

        // Four girls of ten is more than one deliberate inclusion explains.
        let more = (16...21).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
            + [("C-096", .proportional), ("C-098", .proportional), ("C-099", .proportional),
               ("C-097", .minimumInclusion(.girlsAndYoungWomen))]
        let flagged = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(more))
        #expect(flagged.rows.first { $0.characteristic == "gender" && $0.value == "female" }?.flagged == true)
    }

    @Test func theTextIsAnAlignedTable() throws {
        let picks = (16...25).map { (String(format: "C-%03d", $0), SelectionReason.proportional) }
        let text = SampleComparison.compare(eligible: Self.eligible, sample: Self.sample(picks)).text()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Sample of 10 beside the eligible caseload of 100 (! marks a share more than 10 points away, unexplained)")
        #expect(lines[1].hasPrefix("characteristic  value"))
        let body = Array(lines.dropFirst(1))
        // Right-aligned counts: the sample's percentage ends in the same column on every line.
        let ends = body.map { line -> Int in
            var end = 0
            var seen = 0
            for (offset, character) in line.enumerated() where character == "%" {
                seen += 1
                if seen == 2 { end = offset }
            }
            return end
        }
        #expect(Set(ends).count == 1, "\(text)")
        let custody = try #require(body.first { $0.contains("custody") && $0.contains("!") })
        #expect(custody.contains("more than 10 points from the caseload"))
        #expect(text.contains("gender") && text.contains("female") && text.contains("5%"))
    }

    @Test func aDrawnSyntheticSampleLooksLikeItsCaseload() throws {
        let caseload = SyntheticCaseload.make(count: 2000, seed: 8, asOf: asOf)
        let rules = try #require(try FrameworkCatalog.shipped("cci").sampling)
        let sample = try SampleDraw.draw(caseload: caseload, rules: rules, asOf: asOf, size: nil, seed: 8)
        let eligible = caseload.filter { rules.eligibility.isEligible($0, asOf: asOf) }
        #expect(sample.selected.count == 99)
        let comparison = SampleComparison.compare(eligible: eligible, sample: sample)
        #expect(comparison.sampleTotal == 99 && comparison.caseloadTotal == eligible.count)
        #expect(comparison.rows.filter { $0.characteristic == "disposal" || $0.characteristic == "setting" }.allSatisfy { !$0.flagged },
                "\(comparison.text())")
    }
}

private extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

@Suite("Sampling: what a redraw or a replacement changes")
struct SampleChangesTests {
    @Test func aRedrawListsTheCasesLeavingAndJoiningWithTheirJudgementsAndAssessors() throws {
        let caseload = SamplingDrawTests.caseload
        let before = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        let after = try SampleDraw.draw(caseload: caseload, rules: rules(), asOf: asOf, size: 40, seed: 2)
        let leavingIDs = before.caseIDs.filter { !after.caseIDs.contains($0) }
        let joiningIDs = after.caseIDs.filter { !before.caseIDs.contains($0) }
        #expect(!leavingIDs.isEmpty, "another seed draws other cases")
        let judged = try #require(leavingIDs.first), allocated = try #require(leavingIDs.last)
        let plan = AllocationPlan(
            team: [TeamMember(name: "Inspector A", role: .inspector)],
            allocations: [CaseAllocation(caseID: allocated, assessor: "Inspector A", weight: 1, caseManager: "M", caseTeam: "T", interview: nil)],
            loads: ["Inspector A": 1], unscheduled: [])
        let changes = SampleChanges.between(before, after, judgements: [judged: 3], allocation: plan)
        #expect(changes.leaving.map(\.caseID) == leavingIDs)
        #expect(changes.joining.map(\.caseID) == joiningIDs)
        #expect(changes.staying == 40 - leavingIDs.count)
        #expect(changes.judgedLeaving.map(\.caseID) == [judged])
        #expect(changes.judgedLeaving.first?.judgements == 3)
        #expect(changes.allocatedLeaving.map(\.caseID) == [allocated])
        #expect(changes.allocatedLeaving.first?.allocatedTo == "Inspector A")
        #expect(changes.replacesASample && !changes.isEmpty)

        // The same before and after give the same fingerprint; a judgement recorded in between gives another.
        #expect(SampleChanges.between(before, after, judgements: [judged: 3], allocation: plan).fingerprint == changes.fingerprint)
        #expect(SampleChanges.between(before, after, judgements: [judged: 4], allocation: plan).fingerprint != changes.fingerprint)
        #expect(SampleChanges.between(before, after, judgements: [judged: 3], allocation: nil).fingerprint != changes.fingerprint)

        let same = SampleChanges.between(before, before, judgements: [:], allocation: nil)
        #expect(same.isEmpty && same.sameSample && same.staying == 40)
        #expect(!changes.sameSample)
        let first = SampleChanges.between(nil, before, judgements: [:], allocation: nil)
        #expect(!first.replacesASample && first.leaving.isEmpty && first.joining.count == 40)
    }

    @Test func aReplacementIsOneCaseLeavingAndOneJoining() throws {
        let sample = try SampleDraw.draw(caseload: SamplingDrawTests.caseload, rules: rules(), asOf: asOf, size: 40, seed: 1)
        let out = sample.selected[3]
        let replaced = try sample.replacing(out.caseID, because: "transferred")
        let changes = SampleChanges.between(sample, replaced, judgements: [:], allocation: nil)
        #expect(changes.leaving == [SampleChanges.Leaving(caseID: out.caseID, stratum: out.stratum, judgements: 0, allocatedTo: nil)])
        #expect(changes.joining.count == 1)
        #expect(changes.joining.first?.stratum == out.stratum)
        #expect(changes.joining.first?.reason == .replacement(of: out.caseID, because: "transferred"))
        #expect(changes.staying == 39)
        // Another reason is another change, so its preview cannot confirm this one.
        let otherReason = try sample.replacing(out.caseID, because: "case manager away")
        #expect(SampleChanges.between(sample, otherReason, judgements: [:], allocation: nil).fingerprint != changes.fingerprint)
    }
}
