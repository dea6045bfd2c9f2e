package io.backline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.model.ConfigObject;
import java.util.List;
import java.util.Map;

/**
 * What the control plane can ask of an edge running in the same process: a dry run of backend
 * selection for a described request, and the live health of a service's backends. The API knows
 * no edge code; whoever runs both supplies this port.
 */
public interface EdgeInsight {

    /** A described request: method, URL, header lines, client address and TLS. */
    record DescribedRequest(String method, String url, List<String> headerLines, String clientIp, boolean isSsl) {}

    /** Which backend the request would reach in this version's objects (keyed by kind), and why. */
    JsonNode explain(String serviceId, int version, Map<String, List<ConfigObject>> objects, DescribedRequest request);

    /** Each backend's live health in the active version of a service. */
    JsonNode backendHealth(String serviceId);

    /**
     * Each logging endpoint's delivery in a service ({@code GET /service/{id}/logging-status}):
     * {@code {"service_id":…,"endpoints":[{"kind","name","sent","dropped","failed","skipped","queued",
     * "last_error","last_success_at"}]}}.
     */
    /**
     * Applies a committed purge to the edge of this process before the API answers; edges elsewhere
     * receive it through the feed. Without an edge in the process there is nothing to do.
     */
    default void purged(io.backline.store.PurgeRecord purge) {}

    default JsonNode loggingStatus(String serviceId) {
        throw io.backline.model.ConfigException.notFound("No edge runs in this process (logging-status needs backline serve)");
    }
}
