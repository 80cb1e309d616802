import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Health, metrics, the stylesheet and script, and the front door.
struct SystemController {
    let services: WebServices
    /// Whether the database answers, for `/health`.
    let health: @Sendable () async throws -> Void

    /// The static assets, read once from the module's resources.
    static let assets: [String: (type: String, body: String)] = {
        var assets: [String: (String, String)] = [:]
        for (name, type) in [("yji.css", "text/css; charset=utf-8"), ("yji.js", "text/javascript; charset=utf-8"),
                             ("questionnaire.js", "text/javascript; charset=utf-8")] {
            if let url = Bundle.module.url(forResource: "Public/\(name)", withExtension: nil),
               let text = try? String(contentsOf: url, encoding: .utf8) {
                assets[name] = (type, text)
            }
        }
        return assets
    }()

    func addRoutes(to router: Router<WebContext>) {
        router.get("/") { _, context in
            Response.redirect(to: context.session == nil ? "/sign-in" : "/inspections", type: .normal)
        }
        router.get("/health") { _, _ in
            do {
                try await health()
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok","database":"reachable"}"#)))
            } catch {
                return Response(status: .serviceUnavailable, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"unavailable","database":"unreachable"}"#)))
            }
        }
        // A route that does no work at all: the ceiling load tests measure yji's own routes against (Tests/load), and a
        // liveness probe that, unlike /health, does not touch the database.
        router.get("/ping") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(staticString: "pong\n")))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: WebMetrics.registry.emitToBuffer())))
        }
        router.get("/static/{file}") { _, context in
            guard let name = context.parameters.get("file"), let asset = Self.assets[name] else { throw WebError.notFound() }
            return Response(status: .ok, headers: [.contentType: asset.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: asset.body)))
        }
    }
}
