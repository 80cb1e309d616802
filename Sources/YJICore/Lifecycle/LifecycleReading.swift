import Yams

/// Where the `lifecycle` section and each milestone were defined, so validation can point at the line.
struct LifecycleLines {
    var section: Int?
    var dueSoonDays: Int?
    var milestones: [String: Int] = [:]
}

extension FrameworkReader {
    /// `lifecycle: {due_soon_days, milestones: [{id, name, after, days | from_days + to_days, status, provenance, source}]}`.
    /// `due_soon_days` is a notice setting, not a rule that decides anything, so it carries no provenance.
    ///
    /// Problems that need the written keys (a window given as both `days` and `from_days`, negative days, a window
    /// that runs backwards) are reported here; those that need every milestone (anchors, cycles) by the validator.
    mutating func readLifecycle(_ node: Node) -> LifecycleRules? {
        let subject = "lifecycle"
        lines.lifecycle.section = line(node)
        guard let map = mapping(node, subject: subject, allowed: ["due_soon_days", "milestones"], namedByID: false) else {
            return nil
        }
        var dueSoonDays = LifecycleRules.defaultDueSoonDays
        if let dueSoonNode = map["due_soon_days"] {
            lines.lifecycle.dueSoonDays = line(dueSoonNode)
            if let value = dueSoonNode.int {
                if value < 0 { problems.add(line: line(dueSoonNode), subject, "due_soon_days must be 0 or more") }
                dueSoonDays = value
            } else {
                problems.add(line: line(dueSoonNode), subject, "'due_soon_days' must be a whole number")
            }
        }
        let nodes = items(map, "milestones", subject: subject, at: node, required: true)
        if nodes.isEmpty, case .sequence? = map["milestones"] {
            problems.add(line: line(map["milestones"]), subject, "a lifecycle needs at least one milestone")
        }
        return LifecycleRules(dueSoonDays: dueSoonDays, milestones: nodes.compactMap { readMilestone($0) })
    }

    private mutating func readMilestone(_ node: Node) -> MilestoneRule? {
        guard let map = mapping(node, subject: "milestone", allowed: [
            "id", "name", "after", "days", "from_days", "to_days", "status", "provenance", "source",
        ]), let id = requiredID(map, kind: "milestone", at: node) else { return nil }
        if let first = lines.lifecycle.milestones[id] {
            problems.add(line: line(node), id, "duplicate milestone id (first defined on line \(first))")
        } else {
            lines.lifecycle.milestones[id] = line(node) ?? 0
        }
        let name = optionalString(map, "name", subject: id)
        let provenance = readProvenance(map, subject: id, at: node)
        guard let after = requiredString(map, "after", subject: id, at: node) else { return nil }
        var reachedBy: InspectionStatus?
        if let statusName = optionalString(map, "status", subject: id) {
            reachedBy = InspectionStatus(rawValue: statusName)
            if reachedBy == nil {
                problems.add(line: line(map["status"]), id, "unknown status '\(statusName)' (known: "
                             + InspectionStatus.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
        }

        let hasDays = map["days"] != nil, hasWindow = map["from_days"] != nil || map["to_days"] != nil
        switch (hasDays, hasWindow) {
        case (true, true):
            problems.add(line: line(node), id, "give either days or from_days and to_days, not both")
            return nil
        case (false, false):
            problems.add(line: line(node), id, "missing 'days' (or a window: 'from_days' and 'to_days')")
            return nil
        case (true, false):
            guard let days = requiredInt(map, "days", subject: id, at: node) else { return nil }
            if days < 0 { problems.add(line: line(map["days"]), id, "days must be 0 or more") }
            guard let provenance else { return nil }
            return MilestoneRule(id: id, name: name, after: MilestoneAnchor(after), days: days, reachedBy: reachedBy,
                                 provenance: provenance)
        case (false, true):
            let from = requiredInt(map, "from_days", subject: id, at: node)
            let to = requiredInt(map, "to_days", subject: id, at: node)
            guard let from, let to else { return nil }
            if from < 0 { problems.add(line: line(map["from_days"]), id, "from_days must be 0 or more") }
            if to < 0 { problems.add(line: line(map["to_days"]), id, "to_days must be 0 or more") }
            if from > to {
                problems.add(line: line(map["to_days"]), id,
                             "the window runs backwards: from_days \(from) is more than to_days \(to)")
            }
            guard let provenance else { return nil }
            return MilestoneRule(id: id, name: name, after: MilestoneAnchor(after), fromDays: from, toDays: to,
                                 reachedBy: reachedBy, provenance: provenance)
        }
    }
}

extension FrameworkValidator {
    /// Every anchor names fieldwork or a milestone, no milestone takes a fieldwork name, and no chain of anchors
    /// comes back to where it started (such milestones would never have a date).
    func checkLifecycle(_ problems: inout ProblemCollector) {
        let rules = framework.lifecycle
        let lineOf = { (id: String) in lines.lifecycle.milestones[id] ?? lines.lifecycle.section }
        // A milestone refused for another problem still exists in the file: counting from it is not a second mistake.
        let ids = Set(rules.milestones.map(\.id)).union(lines.lifecycle.milestones.keys)
        let reserved = [MilestoneAnchor.fieldworkStartName, MilestoneAnchor.fieldworkEndName]
        for rule in rules.milestones {
            if reserved.contains(rule.id) {
                problems.add(line: lineOf(rule.id), rule.id, "a milestone cannot be called \(rule.id): that name is the fieldwork date")
            }
            if case .milestone(let anchor) = rule.after, !ids.contains(anchor) {
                let known = (reserved + rules.milestones.map(\.id).filter { $0 != rule.id }).joined(separator: ", ")
                problems.add(line: lineOf(rule.id), rule.id, "counts from unknown '\(anchor)' (known: \(known))")
            }
        }
        var marker: [InspectionStatus: String] = [:]
        for rule in rules.milestones {
            guard let status = rule.reachedBy else { continue }
            if let first = marker[status] {
                problems.add(line: lineOf(rule.id), rule.id, "status \(status.rawValue) already marks milestone \(first) as done")
            } else {
                marker[status] = rule.id
            }
        }
        checkMilestoneCycles(rules, lineOf: lineOf, &problems)
    }

    /// Each milestone has one anchor, so following anchors from any milestone either reaches fieldwork or loops.
    private func checkMilestoneCycles(_ rules: LifecycleRules, lineOf: (String) -> Int?, _ problems: inout ProblemCollector) {
        var next: [String: String] = [:]
        for rule in rules.milestones {
            if case .milestone(let anchor) = rule.after, next[rule.id] == nil { next[rule.id] = anchor }
        }
        for cycle in DependencyCycles.cycles(order: rules.milestones.map(\.id), next: next) {
            let closing = cycle[cycle.count - 1]
            problems.add(line: lineOf(closing), closing, "milestones count from each other in a cycle: \(cycle.joined(separator: " -> "))")
        }
    }
}
