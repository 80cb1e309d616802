import Foundation

/// A member of the inspection team who assesses cases.
public struct TeamMember: Sendable, Hashable, Codable {
    /// Name as it appears on the allocation (a person, or a pseudonym in demo data).
    public let name: String
    /// What they do on this inspection.
    public let role: TeamRole
    /// For a local assessor: the team or service they come from, whose cases they must never assess.
    public let homeService: String?

    public init(name: String, role: TeamRole, homeService: String? = nil) {
        self.name = name
        self.role = role
        self.homeService = homeService
    }
}

/// The roles that assess cases.
public enum TeamRole: String, Sendable, Hashable, Codable, CaseIterable {
    case leadInspector = "lead-inspector"
    case inspector
    case localAssessor = "local-assessor"
}

/// An interview with a case manager: a day of fieldwork and a numbered slot in it.
public struct InterviewSlot: Sendable, Hashable, Codable, Comparable {
    public let day: CalendarDate
    /// 1-based slot in the day.
    public let slot: Int

    public static func < (lhs: InterviewSlot, rhs: InterviewSlot) -> Bool { (lhs.day, lhs.slot) < (rhs.day, rhs.slot) }
}

/// One sampled case given to an assessor, with its interview slot.
public struct CaseAllocation: Sendable, Hashable, Codable {
    public let caseID: String
    public let assessor: String
    /// The case's share of workload: custody and higher risk of harm take longer to assess.
    public let weight: Double
    public let caseManager: String
    /// The service team the case belongs to, so a reassignment can keep local assessors off their own service's cases.
    public let caseTeam: String
    /// Nil when no slot could be found without double-booking someone.
    public let interview: InterviewSlot?
}

/// The whole allocation: every case, each assessor's load, and what could not be scheduled.
public struct AllocationPlan: Sendable, Hashable, Codable {
    /// The team the cases were shared among.
    public let team: [TeamMember]
    public let allocations: [CaseAllocation]
    /// Total weight per assessor, in team order.
    public let loads: [String: Double]
    /// Cases without an interview slot, in words.
    public let unscheduled: [String]

    /// An aligned table for the terminal: case, assessor, case manager, interview.
    public func text() -> String {
        var lines = ["case        assessor                 case manager             interview"]
        for allocation in allocations {
            let slot = allocation.interview.map { "\($0.day) slot \($0.slot)" } ?? "not scheduled"
            lines.append(allocation.caseID.padding(toLength: 12, withPad: " ", startingAt: 0)
                + allocation.assessor.padding(toLength: 25, withPad: " ", startingAt: 0)
                + allocation.caseManager.padding(toLength: 25, withPad: " ", startingAt: 0) + slot)
        }
        lines.append("")
        for (name, load) in loads.sorted(by: { $0.key < $1.key }) {
            let count = allocations.filter { $0.assessor == name }.count
            lines.append("\(name): \(count) cases, workload \(String(format: "%.2f", load))")
        }
        lines += unscheduled.map { "not scheduled: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Why cases could not be allocated.
public enum AllocationError: Error, Sendable, Hashable, CustomStringConvertible {
    case noAssessors
    case noEligibleAssessor(caseID: String)
    case noSuchCase(String)
    case notInTeam(String)
    case ownService(assessor: String, caseID: String)

    public var description: String {
        switch self {
        case .noAssessors: return "the team has nobody to assess cases"
        case .noSuchCase(let caseID): return "case \(caseID) is not in the allocation"
        case .notInTeam(let name): return "\(name) is not in the team"
        case .ownService(let assessor, let caseID): return "\(assessor) is a local assessor from the service case \(caseID) belongs to"
        case .noEligibleAssessor(let caseID):
            return "case \(caseID) comes from every local assessor's own service and the team has no inspector for it"
        }
    }
}

/// Shares sampled cases among the team and books interviews with case managers over the fieldwork days.
public enum Allocator {
    /// How long a case takes to assess relative to a plain community case.
    public static func weight(of record: CaseRecord) -> Double {
        var weight = 1.0
        if record.setting == .custody { weight += 0.5 }
        switch record.riskOfHarm {
        case .high: weight += 0.25
        case .veryHigh: weight += 0.5
        case .low, .medium: break
        }
        return weight
    }

    /// Heaviest cases first, each to the assessor with the least load so far (never a local assessor's own service);
    /// then each case's interview in the earliest slot where neither its case manager nor its assessor is booked.
    public static func allocate(
        cases: [CaseloadEntry], team: [TeamMember], fieldworkDays: [CalendarDate], slotsPerDay: Int
    ) throws(AllocationError) -> AllocationPlan {
        guard !team.isEmpty else { throw AllocationError.noAssessors }
        let ordered = cases.sorted { (weight(of: $0.record), $1.record.id) > (weight(of: $1.record), $0.record.id) }
        var loads = Dictionary(team.map { ($0.name, 0.0) }, uniquingKeysWith: { first, _ in first })
        var counts = Dictionary(team.map { ($0.name, 0) }, uniquingKeysWith: { first, _ in first })
        var assigned: [(CaseloadEntry, String)] = []
        for entry in ordered {
            let eligible = team.filter { mayAssess($0, caseTeam: entry.team) }
            // Least load first; ties go to whoever has fewer cases, then to team order, so the result is stable.
            guard let member = eligible.min(by: { a, b in
                (loads[a.name]!, counts[a.name]!, team.firstIndex(of: a)!) < (loads[b.name]!, counts[b.name]!, team.firstIndex(of: b)!)
            }) else { throw AllocationError.noEligibleAssessor(caseID: entry.record.id) }
            loads[member.name]! += weight(of: entry.record)
            counts[member.name]! += 1
            assigned.append((entry, member.name))
        }

        let slots = fieldworkDays.sorted().flatMap { day in (1...max(1, slotsPerDay)).map { InterviewSlot(day: day, slot: $0) } }
        var bookedManagers: Set<String> = [], bookedAssessors: Set<String> = []
        var allocations: [CaseAllocation] = []
        var unscheduled: [String] = []
        for (entry, assessor) in assigned.sorted(by: { $0.0.record.id < $1.0.record.id }) {
            let manager = entry.caseManager.isEmpty ? "case manager of \(entry.record.id)" : entry.caseManager
            let free = slots.first { slot in
                !bookedManagers.contains("\(manager)@\(slot.day)#\(slot.slot)") && !bookedAssessors.contains("\(assessor)@\(slot.day)#\(slot.slot)")
            }
            if let free {
                bookedManagers.insert("\(manager)@\(free.day)#\(free.slot)")
                bookedAssessors.insert("\(assessor)@\(free.day)#\(free.slot)")
            } else {
                unscheduled.append("\(entry.record.id) (\(assessor) with \(manager)): no free slot in the fieldwork days")
            }
            allocations.append(CaseAllocation(caseID: entry.record.id, assessor: assessor, weight: weight(of: entry.record),
                                              caseManager: manager, caseTeam: entry.team, interview: free))
        }
        return AllocationPlan(team: team, allocations: allocations, loads: loads, unscheduled: unscheduled)
    }

    /// Whether a member may assess a case of the given service team.
    static func mayAssess(_ member: TeamMember, caseTeam: String) -> Bool {
        member.role != .localAssessor || member.homeService.map { $0.lowercased() != caseTeam.lowercased() } ?? true
    }
}

extension AllocationPlan {
    /// The plan with one case given to another team member. The interview keeps its slot unless the new assessor is
    /// already booked then; it is then moved to their first free slot among the plan's booked days, or left unscheduled.
    public func reassigning(_ caseID: String, to assessor: String) throws(AllocationError) -> AllocationPlan {
        guard let index = allocations.firstIndex(where: { $0.caseID == caseID }) else { throw AllocationError.noSuchCase(caseID) }
        guard let member = team.first(where: { $0.name == assessor }) else { throw AllocationError.notInTeam(assessor) }
        let current = allocations[index]
        guard Allocator.mayAssess(member, caseTeam: current.caseTeam) else {
            throw AllocationError.ownService(assessor: assessor, caseID: caseID)
        }
        let others = allocations.enumerated().filter { $0.offset != index }.map(\.element)
        let busy = Set(others.filter { $0.assessor == assessor }.compactMap(\.interview))
        let managerBusy = Set(others.filter { $0.caseManager == current.caseManager }.compactMap(\.interview))
        var slot = current.interview
        if let chosen = slot, busy.contains(chosen) {
            let days = Set(allocations.compactMap(\.interview).map(\.day)).sorted()
            let perDay = allocations.compactMap(\.interview).map(\.slot).max() ?? 1
            slot = days.flatMap { day in (1...perDay).map { InterviewSlot(day: day, slot: $0) } }
                .first { !busy.contains($0) && !managerBusy.contains($0) }
        }
        var updated = allocations
        updated[index] = CaseAllocation(caseID: caseID, assessor: assessor, weight: current.weight, caseManager: current.caseManager,
                                        caseTeam: current.caseTeam, interview: slot)
        var loads = self.loads
        loads[current.assessor, default: 0] -= current.weight
        loads[assessor, default: 0] += current.weight
        let unscheduled = updated.filter { $0.interview == nil }
            .map { "\($0.caseID) (\($0.assessor) with \($0.caseManager)): no free slot in the fieldwork days" }
        return AllocationPlan(team: team, allocations: updated, loads: loads, unscheduled: unscheduled)
    }
}
