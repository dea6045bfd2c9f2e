package io.backline.edge;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why a request reaches the backend it reaches: every condition route evaluated in order, the
 * starting point, the candidates with their health, the director that chose among them (null when
 * none did) with its trace, and the origin settings that then apply.
 */
public record Explanation(String serviceId, int version, String start, List<RouteOutcome> routes, List<Candidate> candidates,
        @Nullable String backend, @Nullable String error, @Nullable Origin origin, @Nullable String director,
        @Nullable String trace, @Nullable String path) {

    public Explanation {
        routes = List.copyOf(routes);
        candidates = List.copyOf(candidates);
    }

    /** One condition route and whether it matched; the last match wins. */
    public record RouteOutcome(String condition, int priority, String statement, String backend, boolean matched) {}

    /** A backend the selection could end on, with its health and weight. */
    public record Candidate(String name, boolean healthy, int weight, boolean hasHealthcheck) {}

    /** The connection the edge would make, and the names and timeouts it would use. */
    public record Origin(String address, int port, boolean useSsl, String hostHeader, @Nullable String sni,
            @Nullable String certificateHostname, boolean verifyCertificate, int connectTimeoutMs, int firstByteTimeoutMs,
            int betweenBytesTimeoutMs, int maxConn, @Nullable String shield) {}
}
