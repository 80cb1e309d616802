import Testing
@testable import YJICore

@Suite("Allocation")
struct AllocationTests {
    static let days = [CalendarDate(year: 2026, month: 3, day: 2)!, CalendarDate(year: 2026, month: 3, day: 3)!]

    static func entries(_ count: Int, managers: Int = 4, team: String = "North Team") -> [CaseloadEntry] {
        var random = SeededGenerator(seed: 3)
        return (1...count).map { number in
            let record = SyntheticInspection.makeCase(number: number, random: &random)
            return CaseloadEntry(record: record, orderStart: CalendarDate(year: 2026, month: 1, day: 5)!, orderEnd: nil,
                                 caseManager: "Synthetic Manager \(number % managers)", team: number % 3 == 0 ? "South Team" : team)
        }
    }

    @Test func workloadIsBalancedByWeight() throws {
        let team = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector),
                    TeamMember(name: "Assessor C", role: .localAssessor, homeService: "Elsewhere")]
        let cases = Self.entries(30)
        let plan = try Allocator.allocate(cases: cases, team: team, fieldworkDays: Self.days, slotsPerDay: 8)
        #expect(plan.allocations.count == 30)
        #expect(Set(plan.allocations.map(\.caseID)).count == 30)
        let loads = team.map { plan.loads[$0.name]! }
        let heaviest = cases.map { Allocator.weight(of: $0.record) }.max()!
        // Greedy least-load keeps every load within one case's weight of every other.
        #expect(loads.max()! - loads.min()! <= heaviest)
        let total = cases.reduce(0.0) { $0 + Allocator.weight(of: $1.record) }
        #expect(abs(loads.reduce(0, +) - total) < 0.0001)
    }

    @Test func aLocalAssessorNeverGetsACaseFromTheirOwnService() throws {
        let team = [TeamMember(name: "Inspector A", role: .inspector),
                    TeamMember(name: "Assessor S", role: .localAssessor, homeService: "South Team")]
        let plan = try Allocator.allocate(cases: Self.entries(24), team: team, fieldworkDays: Self.days, slotsPerDay: 8)
        #expect(!plan.allocations.contains { $0.assessor == "Assessor S" && $0.caseTeam == "South Team" })
        #expect(plan.allocations.contains { $0.assessor == "Assessor S" })
        let onlyLocal = [TeamMember(name: "Assessor S", role: .localAssessor, homeService: "South Team")]
        #expect(throws: AllocationError.self) {
            try Allocator.allocate(cases: Self.entries(6), team: onlyLocal, fieldworkDays: Self.days, slotsPerDay: 8)
        }
        let southCase = try #require(plan.allocations.first { $0.caseTeam == "South Team" })
        #expect(throws: AllocationError.ownService(assessor: "Assessor S", caseID: southCase.caseID)) {
            try plan.reassigning(southCase.caseID, to: "Assessor S")
        }
    }

    @Test func noCaseManagerOrAssessorIsBookedTwiceAtOnce() throws {
        let team = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector)]
        let plan = try Allocator.allocate(cases: Self.entries(20, managers: 3), team: team, fieldworkDays: Self.days, slotsPerDay: 5)
        var managerSlots: Set<String> = [], assessorSlots: Set<String> = []
        for allocation in plan.allocations {
            guard let slot = allocation.interview else { continue }
            #expect(managerSlots.insert("\(allocation.caseManager) \(slot.day) \(slot.slot)").inserted)
            #expect(assessorSlots.insert("\(allocation.assessor) \(slot.day) \(slot.slot)").inserted)
        }
        // 2 days x 5 slots = 10 slots per assessor; 20 cases over 2 assessors fit only if managers allow.
        #expect(plan.allocations.filter { $0.interview == nil }.count == plan.unscheduled.count)
        let tight = try Allocator.allocate(cases: Self.entries(20, managers: 1), team: team, fieldworkDays: Self.days, slotsPerDay: 5)
        #expect(tight.unscheduled.count == 10, "one case manager has only ten slots over two days")
    }

    @Test func reassignmentMovesWeightAndKeepsBookingsApart() throws {
        let team = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector)]
        let plan = try Allocator.allocate(cases: Self.entries(8), team: team, fieldworkDays: Self.days, slotsPerDay: 4)
        let moved = try #require(plan.allocations.first { $0.assessor == "Inspector A" })
        let updated = try plan.reassigning(moved.caseID, to: "Inspector B")
        #expect(updated.allocations.first { $0.caseID == moved.caseID }?.assessor == "Inspector B")
        #expect(abs(updated.loads["Inspector A"]! - (plan.loads["Inspector A"]! - moved.weight)) < 0.0001)
        let bookings = updated.allocations.filter { $0.assessor == "Inspector B" }.compactMap(\.interview)
        #expect(Set(bookings).count == bookings.count)
        #expect(throws: AllocationError.notInTeam("Nobody")) { try plan.reassigning(moved.caseID, to: "Nobody") }
        #expect(throws: AllocationError.noSuchCase("NONE")) { try plan.reassigning("NONE", to: "Inspector B") }
    }

    @Test func allocatingAgainListsEachMoveAndEachInterviewThatChanges() throws {
        let two = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector)]
        let three = two + [TeamMember(name: "Inspector C", role: .inspector)]
        let cases = Self.entries(18)
        let before = try Allocator.allocate(cases: cases, team: two, fieldworkDays: Self.days, slotsPerDay: 4)
        let after = try Allocator.allocate(cases: cases, team: three, fieldworkDays: Self.days, slotsPerDay: 4)
        let old = Dictionary(uniqueKeysWithValues: before.allocations.map { ($0.caseID, $0) })
        let new = Dictionary(uniqueKeysWithValues: after.allocations.map { ($0.caseID, $0) })
        let started = try #require(before.allocations.first { new[$0.caseID]?.assessor != $0.assessor })
        let work: [String: CaseWork] = [started.caseID: .assessed]
        let changes = AllocationChanges.between(before, after, work: work)

        // Exactly the cases whose assessor differs are moves, with both assessors and both slots.
        let moved = after.allocations.filter { old[$0.caseID]!.assessor != $0.assessor }
        #expect(changes.moves.map(\.caseID) == moved.map(\.caseID).sorted())
        for move in changes.moves {
            let was = old[move.caseID]!, will = after.allocations.first { $0.caseID == move.caseID }!
            #expect(move.assessorBefore == was.assessor && move.assessorAfter == will.assessor)
            #expect(move.interviewBefore == was.interview && move.interviewAfter == will.interview)
        }
        #expect(changes.moves.allSatisfy { $0.assessorAfter == "Inspector C" || $0.assessorBefore != $0.assessorAfter })
        let reslotted = after.allocations.filter { old[$0.caseID]!.assessor == $0.assessor && old[$0.caseID]!.interview != $0.interview }
        #expect(changes.interviewChanges.map(\.caseID) == reslotted.map(\.caseID).sorted())
        #expect(changes.unchanged == 18 - changes.changes.count)
        #expect(changes.assessorsJoining == ["Inspector C"] && changes.assessorsLeaving.isEmpty)
        #expect(changes.startedWorkMoving.map(\.caseID) == [started.caseID])
        #expect(changes.startedWorkMoving.first?.summary.contains("its assessment is assessed") == true)

        // The fingerprint follows the plans and the cases' progress.
        #expect(AllocationChanges.between(before, after, work: work).fingerprint == changes.fingerprint)
        #expect(AllocationChanges.between(before, after, work: [:]).fingerprint != changes.fingerprint)
        let reassigned = try before.reassigning(started.caseID, to: old[started.caseID]!.assessor == "Inspector A" ? "Inspector B" : "Inspector A")
        #expect(AllocationChanges.between(reassigned, after, work: work).fingerprint != changes.fingerprint)

        #expect(AllocationChanges.between(before, before, work: work).isEmpty)
        let first = AllocationChanges.between(nil, before, work: [:])
        #expect(!first.replacesAPlan && first.joining.count == 18 && first.moves.isEmpty)
        #expect(first.joining.first?.summary.hasPrefix("allocated to ") == true)
    }

    @Test func aTeamWithoutSomeoneMovesTheirCasesAndSaysWhoLeaves() throws {
        let three = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector),
                     TeamMember(name: "Inspector C", role: .inspector)]
        let before = try Allocator.allocate(cases: Self.entries(12), team: three, fieldworkDays: Self.days, slotsPerDay: 4)
        let after = try Allocator.allocate(cases: Self.entries(12), team: Array(three.prefix(2)), fieldworkDays: Self.days, slotsPerDay: 4)
        let changes = AllocationChanges.between(before, after, work: [:])
        #expect(changes.assessorsLeaving == ["Inspector C"])
        let theirs = before.allocations.filter { $0.assessor == "Inspector C" }.map(\.caseID).sorted()
        #expect(Set(theirs).isSubset(of: Set(changes.moves.map(\.caseID))))
        #expect(changes.startedWorkMoving.isEmpty)
    }
}
