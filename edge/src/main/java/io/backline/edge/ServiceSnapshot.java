package io.backline.edge;

import io.backline.edge.logging.LoggingEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The active version of one service, compiled: its backends in creation order, the default
 * (the first backend without a condition) or the auto-load-balanced pool, the condition routes in
 * evaluation order, the health checks by name, the directors, with the director that stands for
 * each member backend (the first-created director holding it), and the settings' default host
 * ({@code ""} for none: the Host sent when a backend has no {@code override_host}), and the
 * logging endpoints its requests are delivered to ({@link io.backline.edge.logging.LoggingDelivery}),
 * and the settings' cache rules ({@link CacheSettings}). Immutable; shared by every request.
 */
public record ServiceSnapshot(String serviceId, int version, List<BackendSettings> backends,
        @Nullable BackendSettings defaultBackend, List<BackendSettings> pool, List<Route> routes,
        Map<String, HealthcheckSettings> healthchecks, List<String> domains, List<DirectorSettings> directors,
        Map<String, DirectorSettings> directorOfMember, String defaultHost, List<LoggingEndpoint> logging, CacheSettings cache) {

    public ServiceSnapshot {
        backends = List.copyOf(backends);
        pool = List.copyOf(pool);
        routes = List.copyOf(routes);
        healthchecks = Map.copyOf(healthchecks);
        domains = List.copyOf(domains);
        directors = List.copyOf(directors);
        directorOfMember = Map.copyOf(directorOfMember);
        logging = List.copyOf(logging);
    }

    /** A version with Fastly's default cache settings. */
    public ServiceSnapshot(String serviceId, int version, List<BackendSettings> backends, @Nullable BackendSettings defaultBackend,
            List<BackendSettings> pool, List<Route> routes, Map<String, HealthcheckSettings> healthchecks, List<String> domains,
            List<DirectorSettings> directors, Map<String, DirectorSettings> directorOfMember, String defaultHost,
            List<LoggingEndpoint> logging) {
        this(serviceId, version, backends, defaultBackend, pool, routes, healthchecks, domains, directors, directorOfMember, defaultHost,
                logging, CacheSettings.DEFAULT);
    }

    /** A version without logging endpoints. */
    public ServiceSnapshot(String serviceId, int version, List<BackendSettings> backends, @Nullable BackendSettings defaultBackend,
            List<BackendSettings> pool, List<Route> routes, Map<String, HealthcheckSettings> healthchecks, List<String> domains,
            List<DirectorSettings> directors, Map<String, DirectorSettings> directorOfMember, String defaultHost) {
        this(serviceId, version, backends, defaultBackend, pool, routes, healthchecks, domains, directors, directorOfMember, defaultHost,
                List.of());
    }

    /** The director a selection of {@code backend} goes to instead, or null when it is in none. */
    public @Nullable DirectorSettings directorOf(BackendSettings backend) {
        return directorOfMember.isEmpty() ? null : directorOfMember.get(backend.name());
    }

    public Optional<BackendSettings> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<HealthcheckSettings> healthcheckOf(BackendSettings backend) {
        return backend.healthcheck() == null ? Optional.empty() : Optional.ofNullable(healthchecks.get(backend.healthcheck()));
    }
}
