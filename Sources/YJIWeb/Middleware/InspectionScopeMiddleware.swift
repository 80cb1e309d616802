import Hummingbird
import YJICore
import YJIStore

/// The inspection a request under `/inspections/{inspection}` addresses, with the caller and their access to it.
typealias InspectionScope = (inspection: Inspection, access: InspectionAccess, user: User)

/// Loads the inspection a route of `/inspections/{inspection}/...` (page or API) addresses and the caller's access to
/// it, once, into the request context; every route of the group gets it from there, so no handler looks either up and
/// a route added to the group later cannot skip the check. A caller who is not signed in is sent to sign in; one who
/// may not see the inspection, or names one that does not exist, gets "not found", which reveals nothing.
///
/// It also keeps a published inspection as published: a change (any method but GET and HEAD) is refused with 409
/// before the handler runs, except where publication starts the work or the work sits outside the published record.
/// The store's triggers refuse the same writes again underneath.
struct InspectionScopeMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let inspections: InspectionRepository
    let accounts: AccountRepository

    /// Paths under `/inspections/{id}/` that may still be written once the inspection is published: the service's
    /// improvement plan, milestones recorded after publication (the plan's receipt), the team, and reopening.
    static let openAfterPublication = ["plan", "report/reopen", "timetable/milestones", "team"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let user = context.session?.user else { throw WebError.signInRequired }
        guard let id = context.parameters.get("inspection", as: Int.self) else { throw WebError.notFound() }
        let inspection: Inspection
        do { inspection = try await inspections.inspection(id) } catch StoreError.notFound { throw WebError.notFound() }
        let memberships = try await accounts.memberships(user: user.id)
        guard let grant = InspectionAccess.resolve(user: user, memberships: memberships, inspection: inspection) else {
            throw WebError.notFound()
        }
        // A service viewer's role writes nothing here whatever the status, so the route's own 403 says so.
        if inspection.status == .published, grant.role != .serviceViewer, request.method != .get, request.method != .head,
           !Self.isOpenAfterPublication(request.uri.path) {
            throw WebError.published(StoreError.publishedInspection.description)
        }
        var context = context
        context.loadedInspection = (inspection, grant, user)
        return try await next(request, context)
    }

    /// Whether a path (`/inspections/{id}/...` or `/api/v1/inspections/{id}/...`) stays writable after publication.
    static func isOpenAfterPublication(_ path: String) -> Bool {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.starts(with: ["api", "v1"]) { parts.removeFirst(2) }
        guard parts.count >= 3, parts[0] == "inspections" else { return false }
        let rest = parts[2...].joined(separator: "/")
        return openAfterPublication.contains { rest == $0 || rest.hasPrefix($0 + "/") }
    }
}

extension WebContext {
    /// The inspection this request addresses, with the caller's access and account, as `InspectionScopeMiddleware`
    /// loaded them. Only routes of the inspection group have one; any other route asking is a mistake in yji, answered
    /// as a server error rather than a page without its access check.
    func inspection() throws -> InspectionScope {
        guard let loadedInspection else {
            throw WebError(.internalServerError, code: "internal", "Something went wrong on our side; the change was not made.")
        }
        return loadedInspection
    }
}
