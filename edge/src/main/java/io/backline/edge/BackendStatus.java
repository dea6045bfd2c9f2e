package io.backline.edge;

import io.backline.edge.health.HealthRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One backend of an active version as the edge sees it now: whether it may take traffic, what its
 * health probes last said, and how many connections it holds against {@code max_conn}. What
 * {@code GET /service/{id}/backend-health} answers.
 *
 * @param healthcheck the health check probing it, null when it has none (then it is always healthy)
 * @param probe the probe window and last result, null without a health check
 * @param connections open connections to its origin (pools are shared by backends of equal connection fields)
 */
public record BackendStatus(String backend, String address, int port, boolean healthy, @Nullable String healthcheck,
        HealthRegistry.@Nullable BackendHealth probe, Connections connections) {

    /**
     * Connections against the limit.
     *
     * @param open idle and busy together, what {@code max_conn} bounds
     * @param busy serving a request now
     * @param idle pooled, waiting for one
     */
    public record Connections(int open, int busy, int idle, int maxConn) {}

    /** Every backend of the snapshot, in creation order. */
    public static List<BackendStatus> of(ServiceSnapshot service, HealthRegistry health, EdgeServer edge) {
        var probes = new HashMap<String, HealthRegistry.BackendHealth>();
        for (var report : health.status(service.serviceId())) {
            probes.put(report.backend(), report);
        }
        var statuses = new ArrayList<BackendStatus>(service.backends().size());
        for (var backend : service.backends()) {
            var check = service.healthcheckOf(backend);
            var probe = check.isPresent() ? probes.get(backend.name()) : null;
            var use = edge.originUse(backend.key());
            statuses.add(new BackendStatus(backend.name(), backend.address(), backend.port(), health.healthy(backend),
                    check.map(HealthcheckSettings::name).orElse(null), probe,
                    new Connections(use.open(), use.busy(), use.idle(), backend.maxConn())));
        }
        return List.copyOf(statuses);
    }
}
