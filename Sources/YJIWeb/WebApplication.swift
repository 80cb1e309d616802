import Foundation
import Hummingbird
import Logging
import YJICore
import YJIStore

/// Builds yji's web application: the HTML pages, the JSON API under `/api/v1`, `/health` and `/metrics`.
public enum WebApplication {
    /// The router with every route and middleware; tests drive it through HummingbirdTesting.
    public static func buildRouter(store: Store, configuration: WebConfiguration, pages: PageRenderer) -> Router<WebContext> {
        WebMetrics.start()
        let router = Router(context: WebContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SignInMiddleware(store: store, configuration: configuration))
        router.add(middleware: FormMiddleware(configuration: configuration))
        router.add(middleware: PublishedInspectionMiddleware(store: store))

        let services = WebServices(store: store, configuration: configuration, pages: pages)
        SystemController(services: services).addRoutes(to: router)
        SignInController(services: services).addRoutes(to: router)
        InspectionsController(services: services).addRoutes(to: router)
        SamplingController(services: services).addRoutes(to: router)
        AssessmentController(services: services).addRoutes(to: router)
        ScoresController(services: services).addRoutes(to: router)
        UsersController(services: services).addRoutes(to: router)
        EvidenceController(services: services).addRoutes(to: router)
        QuestionnaireController(services: services).addRoutes(to: router)
        ReportController(services: services).addRoutes(to: router)
        PlanController(services: services).addRoutes(to: router)
        TimetableController(services: services).addRoutes(to: router)
        ProgrammeController(services: services).addRoutes(to: router)
        APIController(services: services).addRoutes(to: router.group("api/v1"))
        return router
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

/// What every controller needs: the store, the configuration and the page renderer.
struct WebServices: Sendable {
    let store: Store
    let configuration: WebConfiguration
    let pages: PageRenderer

    /// The signed-in user, or a redirect to sign in.
    func user(_ context: WebContext) throws -> User {
        guard let user = context.session?.user else { throw WebError.signInRequired }
        return user
    }

    /// The inspection with the caller's access to it; an inspection they may not see is "not found".
    func inspection(_ context: WebContext) async throws -> (Inspection, InspectionAccess, User) {
        let user = try user(context)
        guard let id = context.parameters.get("inspection", as: Int.self) else { throw WebError.notFound() }
        if let resolved = context.resolvedInspection, resolved.inspection.id == id { return (resolved.inspection, resolved.access, user) }
        let inspection: Inspection
        do { inspection = try await store.inspection(id) } catch StoreError.notFound { throw WebError.notFound() }
        let memberships = try await store.memberships(user: user.id)
        guard let access = InspectionAccess.resolve(user: user, memberships: memberships, inspection: inspection) else {
            throw WebError.notFound()
        }
        return (inspection, access, user)
    }

    /// Inspections the user may see, newest first.
    func visibleInspections(_ user: User) async throws -> [(Inspection, InspectionAccess)] {
        let memberships = try await store.memberships(user: user.id)
        return try await store.inspections().reversed().compactMap { inspection in
            InspectionAccess.resolve(user: user, memberships: memberships, inspection: inspection).map { (inspection, $0) }
        }
    }

    /// Hashes a password with bcrypt at the configured cost.
    func hashPassword(_ password: String) -> String { Passwords.hash(password, cost: configuration.passwordCost) }
}
