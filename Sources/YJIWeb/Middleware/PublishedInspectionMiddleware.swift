import Hummingbird
import YJICore
import YJIStore

/// Refuses, with 409 and a page (or JSON error) saying why, every request that would change a published inspection,
/// before any handler runs: one rule for every page and API route, so a route added later cannot forget it. The store's
/// triggers refuse the same writes again underneath.
///
/// What stays open after publication is what publication starts or what sits outside the published record: the
/// service's improvement plan, milestones recorded after publication (the plan's receipt), the team, and reopening.
struct PublishedInspectionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let store: Store

    /// Paths under `/inspections/{id}/` that may still be written once the inspection is published.
    static let openAfterPublication = ["plan", "report/reopen", "timetable/milestones", "team"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head, let user = context.session?.user,
              let (inspectionID, rest) = Self.inspectionPath(request.uri.path),
              !Self.openAfterPublication.contains(where: { rest == $0 || rest.hasPrefix($0 + "/") }) else {
            return try await next(request, context)
        }
        guard let inspection = try? await store.inspection(inspectionID),
              let access = InspectionAccess.resolve(user: user, memberships: try await store.memberships(user: user.id), inspection: inspection)
        else {
            // Not theirs to see: the route answers as it always does (a 404 reveals nothing).
            return try await next(request, context)
        }
        // A service viewer's role writes nothing here whatever the status, so the route's own 403 says so.
        guard inspection.status == .published, access.role != .serviceViewer else {
            var context = context
            context.resolvedInspection = (inspection, access)
            return try await next(request, context)
        }
        throw WebError.published(StoreError.publishedInspection.description)
    }

    /// The inspection id and the rest of the path, for `/inspections/{id}/...` and `/api/v1/inspections/{id}/...`.
    static func inspectionPath(_ path: String) -> (Int, String)? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.starts(with: ["api", "v1"]) { parts.removeFirst(2) }
        guard parts.count >= 3, parts[0] == "inspections", let id = Int(parts[1]) else { return nil }
        return (id, parts[2...].joined(separator: "/"))
    }
}
