import Foundation
import Metrics
import Prometheus

/// The process's metrics, exported at `/metrics` in Prometheus text format.
///
/// The metrics system is global to a process and can be set up once, so every application built in the
/// process (tests build many) shares this registry.
enum WebMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Judgements saved through the web application or API.
    static let saves = Counter(label: "yji_judgement_saves_total")
    /// Saves refused because someone else changed the judgement first.
    static let conflicts = Counter(label: "yji_judgement_conflicts_total")
    /// Sign-ins refused by throttling.
    static let throttled = Counter(label: "yji_sign_in_throttled_total")

    /// Makes sure the registry is set up before the first request is measured.
    static func start() { _ = registry }
}
