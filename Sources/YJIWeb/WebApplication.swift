import Foundation
import Hummingbird
import Logging
import YJICore
import YJIStore

/// Builds yji's web application: the HTML pages, the JSON API under `/api/v1`, `/health` and `/metrics`.
public enum WebApplication {
    /// The router with every route and middleware; tests drive it through HummingbirdTesting.
    ///
    /// Everything under `/inspections/{inspection}` (pages) and `/api/v1/inspections/{inspection}` (API) is registered
    /// in a group whose `InspectionScopeMiddleware` loads the inspection and the caller's access once; each controller
    /// is given only the store areas it works with.
    public static func buildRouter(store: Store, configuration: WebConfiguration, pages: PageRenderer) -> Router<WebContext> {
        WebMetrics.start()
        let router = Router(context: WebContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SignInMiddleware(accounts: store.accounts, configuration: configuration))
        router.add(middleware: FormMiddleware(configuration: configuration))

        let inspection = inspectionGroup(of: router, store: store)
        let api = router.group("api/v1")
        let apiInspection = inspectionGroup(of: api, store: store)

        let services = WebServices(configuration: configuration, pages: pages, inspections: store.inspections, accounts: store.accounts)
        let assessment = AssessmentController(services: services, assessment: store.assessment, inspections: store.inspections,
                                              sampling: store.sampling)
        let evidence = EvidenceController(services: services, evidence: store.evidence)
        SystemController(services: services, health: store.ping).addRoutes(to: router)
        SignInController(services: services, accounts: store.accounts).addRoutes(to: router)
        InspectionsController(services: services, accounts: store.accounts, assessment: store.assessment, evidence: store.evidence,
                              inspections: store.inspections, lifecycle: store.lifecycle, plans: store.plans, sampling: store.sampling)
            .addRoutes(to: router, inspection: inspection)
        SamplingController(services: services, accounts: store.accounts, assessment: store.assessment, sampling: store.sampling)
            .addRoutes(to: router, inspection: inspection)
        assessment.addRoutes(to: router, inspection: inspection)
        ScoresController(services: services, scores: store.scores).addRoutes(to: router, inspection: inspection)
        UsersController(services: services, accounts: store.accounts, inspections: store.inspections).addRoutes(to: router)
        evidence.addRoutes(to: router, inspection: inspection)
        QuestionnaireController(services: services, evidence: store.evidence, evidencePage: evidence)
            .addRoutes(to: router, inspection: inspection)
        ReportController(services: services, reports: store.reports).addRoutes(to: router, inspection: inspection)
        PlanController(services: services, inspections: store.inspections, plans: store.plans).addRoutes(to: router, inspection: inspection)
        TimetableController(services: services, accounts: store.accounts, lifecycle: store.lifecycle).addRoutes(to: router, inspection: inspection)
        ProgrammeController(services: services, benchmark: store.benchmark).addRoutes(to: router)
        APIController(services: services, assessment: store.assessment, inspections: store.inspections, sampling: store.sampling,
                      scores: store.scores, assessmentPages: assessment)
            .addRoutes(to: api, inspection: apiInspection)
        return router
    }

    /// The group of routes under `inspections/{inspection}` of `parent` (the site, or the API's `api/v1`): every route
    /// added to it gets the inspection and the caller's access from `InspectionScopeMiddleware`, and is refused before it
    /// runs to a caller who may not see the inspection.
    static func inspectionGroup(of parent: some RouterMethods<WebContext>, store: Store) -> RouterGroup<WebContext> {
        parent.group("inspections/{inspection}")
            .add(middleware: InspectionScopeMiddleware(inspections: store.inspections, accounts: store.accounts))
    }

    /// The application, listening where the configuration says.
    public static func build(store: Store, configuration: WebConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
        let pages = try await PageRenderer.load()
        let router = buildRouter(store: store, configuration: configuration, pages: pages)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "yji"),
            logger: logger
        )
    }
}

/// What every controller needs: the configuration, the page renderer, and who the caller is with the inspections they
/// may see (read through the inspection and account areas only).
struct WebServices: Sendable {
    let configuration: WebConfiguration
    let pages: PageRenderer
    let inspections: InspectionRepository
    let accounts: AccountRepository

    /// The signed-in user, or a redirect to sign in.
    func user(_ context: WebContext) throws -> User {
        guard let user = context.session?.user else { throw WebError.signInRequired }
        return user
    }

    /// Inspections the user may see, newest first.
    func visibleInspections(_ user: User) async throws -> [(Inspection, InspectionAccess)] {
        let memberships = try await accounts.memberships(user: user.id)
        return try await inspections.inspections().reversed().compactMap { inspection in
            InspectionAccess.resolve(user: user, memberships: memberships, inspection: inspection).map { (inspection, $0) }
        }
    }

    /// Hashes a password with bcrypt at the configured cost.
    func hashPassword(_ password: String) -> String { Passwords.hash(password, cost: configuration.passwordCost) }
}
