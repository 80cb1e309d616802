// Each area of the store is a small value over the one `Store`, so a caller holds only the area it works with
// (a web controller, a command) and its interface says what that area can do. Connections, transactions, the audit
// row every change writes, outages and migrations stay with `Store`.

extension Store {
    /// Inspections, their areas and audit trail.
    public var inspections: InspectionRepository { InspectionRepository(store: self) }
    /// Cases and judgements.
    public var assessment: AssessmentRepository { AssessmentRepository(store: self) }
    /// Scorecards and rating decisions.
    public var scores: ScoreRepository { ScoreRepository(store: self) }
    /// Caseload, sample and allocation.
    public var sampling: SamplingRepository { SamplingRepository(store: self) }
    /// Evidence beyond case files.
    public var evidence: EvidenceRepository { EvidenceRepository(store: self) }
    /// Report texts and publication.
    public var reports: ReportRepository { ReportRepository(store: self) }
    /// Status and milestones.
    public var lifecycle: LifecycleRepository { LifecycleRepository(store: self) }
    /// Improvement plans.
    public var plans: PlanRepository { PlanRepository(store: self) }
    /// Users, teams and sessions.
    public var accounts: AccountRepository { AccountRepository(store: self) }
    /// Benchmark entries.
    public var benchmark: BenchmarkRepository { BenchmarkRepository(store: self) }
    /// Archives.
    public var archives: ArchiveRepository { ArchiveRepository(store: self) }
}
