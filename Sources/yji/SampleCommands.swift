import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji sample`: draw the inspection's sample from its caseload, show it beside the caseload, or replace a case.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a stratified, reproducible sample from the inspection's caseload (or show or change it).",
        discussion: "Without --draw or --replace, prints the current sample. The same caseload, date and seed always give the same sample."
    )

    @Option(help: "Inspection id.") var inspection: Int
    @Flag(help: "Draw (or redraw, before any judgement) the sample.") var draw = false
    @Option(help: "Sample size (default: the programme's rule for the eligible caseload).") var size: Int?
    @Option(help: "Seed for the random draw.") var seed: UInt64 = 1
    @Option(help: "Date eligibility is worked out from, YYYY-MM-DD or DD/MM/YYYY (default: first day of fieldwork).") var asOf: String?
    @Option(help: "A sampled case to replace by the next case of its stratum.") var replace: String?
    @Option(help: "Why the case is replaced (required with --replace), e.g. \"transferred\".") var because: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if draw, replace != nil { throw ValidationError("use either --draw or --replace") }
        if replace != nil, (because ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--replace needs --because with the reason")
        }
        if let asOf, CalendarDate.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date") }
    }

    func run() async throws {
        try await store.withStore { store in
            let sample: Sample
            if draw {
                let inspection = try await store.inspections.inspection(self.inspection)
                let date = asOf.flatMap(CalendarDate.parse) ?? inspection.fieldworkStart ?? CalendarDate.today
                sample = try await store.sampling.drawSample(inspection: self.inspection, asOf: date, size: size, seed: seed, actor: self.store.actorName)
            } else if let replace, let because {
                sample = try await store.sampling.replaceSampledCase(inspection: self.inspection, caseID: replace, because: because,
                                                            actor: self.store.actorName)
            } else {
                guard let current = try await store.sampling.sample(inspection: self.inspection) else {
                    throw StoreError.invalid("inspection \(self.inspection) has no sample yet; draw one with --draw")
                }
                sample = current
            }
            let framework = try await store.inspections.framework(of: try await store.inspections.inspection(self.inspection))
            let caseload = try await store.sampling.caseload(inspection: self.inspection)
            let eligible = caseload.filter { framework.sampling?.eligibility.isEligible($0, asOf: sample.asOf) ?? true }
            print(SampleText.render(sample, comparison: SampleComparison.compare(eligible: eligible, sample: sample)))
        }
    }
}

/// A sample laid out for the terminal: the cases and why each is in, then notes, then sample beside caseload.
enum SampleText {
    static func render(_ sample: Sample, comparison: SampleComparison) -> String {
        var lines = ["Sample of \(sample.selected.count) from \(sample.eligibleCount) eligible cases (as of \(sample.asOf), seed \(sample.seed))", ""]
        for selected in sample.selected {
            let reason: String
            switch selected.reason {
            case .proportional: reason = "drawn in proportion"
            case .minimumInclusion(let characteristic): reason = "included so the sample has \(characteristic.rawValue)"
            case .replacement(let other, let why): reason = "replaces \(other) (\(why))"
            }
            lines.append("  " + selected.caseID.padding(toLength: 12, withPad: " ", startingAt: 0)
                         + "\(selected.stratum)".padding(toLength: 36, withPad: " ", startingAt: 0) + reason)
        }
        for (caseID, why) in sample.excluded.sorted(by: { $0.key < $1.key }) { lines.append("  excluded \(caseID): \(why)") }
        lines += sample.shortfalls.map { "Shortfall: \($0)" }
        lines += sample.warnings.map { "Warning: \($0)" }
        lines.append("")
        lines.append(comparison.text())
        return lines.joined(separator: "\n")
    }
}

/// `yji allocate`: share the sampled cases among the team and book case manager interviews.
struct AllocateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Allocate sampled cases to inspectors and local assessors and book interviews (or show or change it).",
        discussion: "--team takes NAME:ROLE or NAME:local-assessor:HOME-SERVICE, once per member; roles: lead-inspector, inspector, local-assessor."
    )

    @Option(help: "Inspection id.") var inspection: Int
    @Option(help: "A team member, NAME:ROLE[:HOME-SERVICE]; repeat for each.") var team: [String] = []
    @Option(help: "Interview slots per fieldwork day.") var slotsPerDay: Int = 4
    @Option(help: "A case to give to someone else.") var reassign: String?
    @Option(help: "Who takes the case (with --reassign).") var to: String?
    @Option(help: "Why (required with --reassign).") var because: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if reassign != nil, to == nil || (because ?? "").isEmpty { throw ValidationError("--reassign needs --to and --because") }
        if reassign != nil, !team.isEmpty { throw ValidationError("use either --team (a new allocation) or --reassign") }
        _ = try members()
    }

    func members() throws -> [TeamMember] {
        try team.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, !parts[0].isEmpty, let role = TeamRole(rawValue: parts[1]) else {
                throw ValidationError("--team '\(text)' should be NAME:ROLE with ROLE one of \(TeamRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if role == .localAssessor, parts.count < 3 || parts[2].isEmpty {
                throw ValidationError("--team '\(text)': a local assessor needs their home service, NAME:local-assessor:SERVICE")
            }
            return TeamMember(name: parts[0], role: role, homeService: parts.count > 2 ? parts[2] : nil)
        }
    }

    func run() async throws {
        let members = try members()
        let plan = try await store.withStore { store -> AllocationPlan in
            if let reassign, let to, let because {
                return try await store.sampling.reassign(inspection: inspection, caseID: reassign, to: to, because: because, actor: self.store.actorName)
            }
            if !members.isEmpty {
                return try await store.sampling.allocate(inspection: inspection, team: members, slotsPerDay: slotsPerDay, actor: self.store.actorName)
            }
            guard let plan = try await store.sampling.allocation(inspection: inspection) else {
                throw StoreError.invalid("inspection \(inspection) is not allocated yet; give the team with --team")
            }
            return plan
        }
        print(plan.text())
    }
}
