import Foundation
import YJICore
import YJIReports
import YJIStore

/// The demo: three synthetic inspections (CCI mid-fieldwork, SQS published, FJI in moderation) and one user per role,
/// so a newcomer can sign in and assess a case with nothing else set up. Every name is plainly fictional.
public enum DemoData {
    /// A demo account as printed for the newcomer.
    public struct Account: Sendable {
        public let email: String
        public let password: String
        public let role: UserRole
        public let name: String
    }

    public static let accounts: [Account] = [
        Account(email: "admin@demo.yji.invalid", password: "demo-admin-password", role: .admin, name: "Demo Administrator"),
        Account(email: "lead@demo.yji.invalid", password: "demo-lead-password", role: .leadInspector, name: "Demo Lead Inspector"),
        Account(email: "inspector@demo.yji.invalid", password: "demo-inspector-password", role: .inspector, name: "Demo Inspector"),
        Account(email: "assessor@demo.yji.invalid", password: "demo-assessor-password", role: .localAssessor, name: "Demo Local Assessor"),
        Account(email: "viewer@demo.yji.invalid", password: "demo-viewer-password", role: .serviceViewer, name: "Demo Service Viewer"),
    ]

    /// The area whose published SQS the service viewer may read.
    public static let viewerArea = "Examplebury (synthetic)"

    /// Fills an empty store with the demo; a store that already has users is left as it is (the demo is reused).
    /// Returns whether anything was created.
    @discardableResult
    public static func prepare(_ store: Store, passwordCost: UInt8 = 12) async throws -> Bool {
        guard try await store.accounts.users().isEmpty else { return false }
        let actor = "yji demo"
        let cci = try FrameworkCatalog.resolveWithSource("cci")
        let sqs = try FrameworkCatalog.resolveWithSource("sqs")
        let fji = try FrameworkCatalog.resolveWithSource("fji")

        // SQS, published: the service viewer's own service.
        let sqsInspection = try await store.inspections.createInspection(
            NewInspection(areaName: viewerArea, region: "South West", framework: sqs.framework,
                          fieldworkStart: "2026-06-08", fieldworkEnd: "2026-06-10", status: .factualAccuracy),
            frameworkYAML: sqs.yaml, actor: actor)
        let sqsData = SyntheticInspection(framework: sqs.framework, caseCount: 20, seed: 11, quality: 0.7)
        try await store.assessment.importCases(inspection: sqsInspection.id, csv: CaseFile.write(sqsData.cases), file: "demo-sqs-cases.csv", actor: actor)
        _ = try await store.assessment.importJudgements(inspection: sqsInspection.id, csv: JudgementFile.write(sqsData.judgements),
                                             file: "demo-sqs-judgements.csv", actor: actor)

        // FJI, in moderation: every case judged.
        let fjiInspection = try await store.inspections.createInspection(
            NewInspection(areaName: "Samplefield (synthetic)", region: "North West", framework: fji.framework,
                          fieldworkStart: "2026-09-14", fieldworkEnd: "2026-09-25", status: .moderation),
            frameworkYAML: fji.yaml, actor: actor)
        let fjiData = SyntheticInspection(framework: fji.framework, caseCount: 57, seed: 13, quality: 0.8)
        try await store.assessment.importCases(inspection: fjiInspection.id, csv: CaseFile.write(fjiData.cases), file: "demo-fji-cases.csv", actor: actor)
        _ = try await store.assessment.importJudgements(inspection: fjiInspection.id, csv: JudgementFile.write(fjiData.judgements),
                                             file: "demo-fji-judgements.csv", actor: actor)

        // Users, then teams.
        for account in accounts {
            _ = try await store.accounts.addUser(email: account.email, name: account.name, role: account.role,
                                        passwordHash: Passwords.hash(account.password, cost: passwordCost),
                                        areaName: account.role == .serviceViewer ? viewerArea : nil, actor: actor)
        }
        let lead = accounts[1], inspector = accounts[2], assessor = accounts[3]
        for inspection in [sqsInspection, fjiInspection] {
            _ = try await store.accounts.addMember(inspection: inspection.id, email: lead.email, role: .leadInspector, actor: actor)
            _ = try await store.accounts.addMember(inspection: inspection.id, email: inspector.email, role: .inspector, actor: actor)
        }

        // CCI, in fieldwork: caseload, a sample of 38, allocation, and about three-quarters of the cases assessed.
        let cciInspection = try await store.inspections.createInspection(
            NewInspection(areaName: "Demoshire (synthetic)", region: "East Midlands", framework: cci.framework,
                          fieldworkStart: "2026-11-16", fieldworkEnd: "2026-11-20", status: .fieldwork),
            frameworkYAML: cci.yaml, actor: actor)
        for (account, role) in [(lead, UserRole.leadInspector), (inspector, .inspector), (assessor, .localAssessor)] {
            _ = try await store.accounts.addMember(inspection: cciInspection.id, email: account.email, role: role, actor: actor)
        }
        let asOf = CalendarDate(year: 2026, month: 11, day: 2)!
        try await store.sampling.importCaseload(inspection: cciInspection.id, csv: CaseloadFile.write(SyntheticCaseload.make(count: 240, seed: 7, asOf: asOf)),
                                       file: "demo-caseload.csv", actor: actor)
        _ = try await store.sampling.drawSample(inspection: cciInspection.id, asOf: asOf, size: 38, seed: 7, actor: actor)
        let team = [TeamMember(name: lead.name, role: .leadInspector), TeamMember(name: inspector.name, role: .inspector),
                    TeamMember(name: assessor.name, role: .localAssessor)]
        let plan = try await store.sampling.allocate(inspection: cciInspection.id, team: team, slotsPerDay: 4, actor: actor)
        // The local assessor's cases and a few of the inspector's are left for the newcomer to assess.
        let inspectorCases = plan.allocations.filter { $0.assessor == inspector.name }.map(\.caseID)
        let open = Set(plan.allocations.filter { $0.assessor == assessor.name }.map(\.caseID) + inspectorCases.prefix(3))
        let cases = try await store.assessment.cases(inspection: cciInspection.id)
        let judged = cases.filter { !open.contains($0.id) }
        let cciData = SyntheticInspection(framework: cci.framework, cases: judged, seed: 7, quality: 0.55)
        _ = try await store.assessment.importJudgements(inspection: cciInspection.id, csv: JudgementFile.write(cciData.judgements),
                                             file: "demo-cci-judgements.csv", actor: actor)
        for record in judged {
            let assessorName = plan.allocations.first { $0.caseID == record.id }?.assessor ?? lead.name
            let email = accounts.first { $0.name == assessorName }?.email ?? lead.email
            _ = try await store.assessment.markAssessed(inspection: cciInspection.id, caseID: record.id, actor: email)
        }

        // Other evidence for the CCI: questionnaires, staff interviews, the area's figures, a finding and an example.
        for (id, count, seed) in [("children", 34, UInt64(21)), ("victims", 5, 22), ("staff", 12, 23)] {
            let questionnaire = try QuestionnaireCatalog.shipped(id)
            try await store.evidence.importQuestionnaireResponses(
                inspection: cciInspection.id, questionnaire: questionnaire,
                csv: QuestionnaireResponseFile.write(SyntheticQuestionnaire.responses(questionnaire, count: count, seed: seed), questionnaire: questionnaire),
                file: "demo-\(id).csv", actor: actor)
        }
        try await store.evidence.saveIndicators(ContextualIndicators(
            area: "Demoshire (synthetic)", period: "2025-26", reoffendingRate: 41.3, previousReoffendingRate: 39.8,
            englandWalesReoffendingRate: 37.5, cohort: "synthetic twelve-month", source: "synthetic demo figures",
            population: 212_400, shareAged10To17: 10.6, englandWalesShareAged10To17: 10.4, minorityEthnicShare: 18.2,
            englandWalesMinorityEthnicShare: 14.0), actor: actor)
        try await store.evidence.addFinding(inspection: cciInspection.id, StructuredFinding(
            area: .operationalManagement, keyFindings: ["Case managers said they felt supported by their managers (synthetic)."],
            documents: [EvidenceDocument(title: "Supervision policy (synthetic)", date: asOf, providedBy: "Demoshire YOT (synthetic)")]),
            actor: actor)
        try await store.evidence.addPracticeExample(inspection: cciInspection.id, PracticeExample(
            area: .criterion("2.2"), kind: .example,
            text: "Sam (not their real name, and a synthetic case) was helped back into college after a planned transfer between workers.",
            namesChanged: true), actor: actor)

        // The SQS area's published reoffending rate, which the letter sets against the England and Wales average: the
        // one percentage an SQS letter prints.
        try await store.evidence.saveIndicators(ContextualIndicators(
            area: viewerArea, period: "2024-25", reoffendingRate: 36.2, previousReoffendingRate: 38.0,
            englandWalesReoffendingRate: 37.5, cohort: "synthetic twelve-month", source: "synthetic demo figures"), actor: actor)
        // The FJI joint team's judgement of governance and partnerships (theme 5), which no case score informs.
        try await store.evidence.addFinding(inspection: fjiInspection.id, StructuredFinding(
            area: .theme("5"), judgement: "satisfactory",
            keyFindings: ["The management board met every quarter, but health and education were not always represented (synthetic).",
                          "Partners had committed the services the children needed, apart from speech and language therapy (synthetic)."],
            explanation: ["Board members knew the service's performance, but the board had not yet acted on a rise in reoffending (synthetic)."],
            documents: [EvidenceDocument(title: "Management board minutes (synthetic)", date: CalendarDate(year: 2026, month: 9, day: 1)!,
                                         providedBy: "Samplefield YOS (synthetic)")]),
            actor: actor)

        // Recommendations with the body primarily responsible, so every demo report shows that part filled in.
        try await store.reports.saveRecommendations(inspection: cciInspection.id, [
            ReportRecommendation(position: 1, text: "a timely, good quality assessment of risk of harm to others is completed at the start of every order",
                                 responsible: "YOT Manager"),
            ReportRecommendation(position: 2, text: "management oversight of risk of harm and vulnerability is effective and recorded",
                                 responsible: "YOT Manager"),
            ReportRecommendation(position: 3, text: "partners on the management board attend and hold the service to account",
                                 responsible: "Chair of the Management Board"),
        ], actor: actor)
        try await store.reports.saveRecommendations(inspection: sqsInspection.id, [
            ReportRecommendation(position: 1, text: "what the court was told in person is recorded on the case file", responsible: "Head of Service"),
            ReportRecommendation(position: 2, text: "plans to manage vulnerability are reviewed whenever circumstances change",
                                 responsible: "Head of Service"),
        ], actor: actor)

        // The SQS's timetable as it happened: provisional findings a fortnight after the visit, published in July
        // (which stores its scores for the programme's benchmark), and the service's improvement plan received.
        try await store.lifecycle.recordMilestone(inspection: sqsInspection.id, milestone: "provisional-findings",
                                        on: CalendarDate(year: 2026, month: 6, day: 23)!, actor: lead.email)
        // Published through the same gate as any inspection: every case assessed, the report checked, then frozen.
        _ = try await store.reports.markCompleteCasesAssessed(inspection: sqsInspection.id, actor: lead.email)
        try await store.reports.publish(inspection: sqsInspection.id, actor: lead.email,
                                            on: CalendarDate(year: 2026, month: 7, day: 8)!)
        try await store.lifecycle.recordMilestone(inspection: sqsInspection.id, milestone: "improvement-plan",
                                        on: CalendarDate(year: 2026, month: 8, day: 3)!, actor: lead.email)
        try await preparePlan(store, inspection: sqsInspection.id, publishedOn: CalendarDate(year: 2026, month: 7, day: 8)!)
        return true
    }

    /// The SQS's improvement plan as the service keeps it: one action done, one in progress with an update, and one
    /// past its due date. Dates count from the day the demo is prepared, so the overdue one is overdue whenever it is run.
    static func preparePlan(_ store: Store, inspection: Int, publishedOn: CalendarDate, today: CalendarDate = .today) async throws {
        let service = accounts[4].email
        func past(_ day: CalendarDate) -> CalendarDate { min(max(day, publishedOn), today) }
        let recorded = try await store.plans.addPlanAction(inspection: inspection, try ActionDetails(
            recommendation: 1, description: "Synthetic action: remind court officers to note on the case file what was said in court",
            owner: "Court team manager (synthetic)", due: publishedOn.adding(days: 60), status: .done), actor: service)
        _ = try await store.plans.addProgressUpdate(inspection: inspection, action: recorded.id, try ProgressDetails(
            date: past(publishedOn.adding(days: 40)),
            note: "Reminder given at the synthetic team meeting; a check of ten synthetic files found the note in each.",
            evidence: "Synthetic team meeting notes", today: today), actor: service, today: today)
        let prompt = try await store.plans.addPlanAction(inspection: inspection, try ActionDetails(
            recommendation: 2, description: "Synthetic action: prompt a review of the vulnerability plan when a child's circumstances change",
            owner: "Synthetic systems lead", due: today.adding(days: 45), status: .inProgress), actor: service)
        _ = try await store.plans.addProgressUpdate(inspection: inspection, action: prompt.id, try ProgressDetails(
            date: past(today.adding(days: -10)), note: "Prompt drafted and tried with two synthetic teams.",
            evidence: "https://example.invalid/synthetic/review-prompt", today: today), actor: service, today: today)
        _ = try await store.plans.addPlanAction(inspection: inspection, try ActionDetails(
            recommendation: 2, description: "Synthetic action: refresh every case manager's training on reviewing vulnerability plans",
            owner: "Synthetic learning and development team", due: today.adding(days: -14), status: .notStarted), actor: service)
    }
}
