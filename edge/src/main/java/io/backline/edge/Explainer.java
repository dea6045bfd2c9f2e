package io.backline.edge;

import io.backline.edge.health.HealthView;
import io.backline.edge.select.BackendSelector;
import io.backline.edge.select.ShieldSelector;
import java.util.ArrayList;

/**
 * Dry-runs backend selection for a described request against any version (drafts included):
 * the same {@link BackendSelector} and {@link ShieldSelector}, plus a record of each step for a person to read.
 */
public final class Explainer {
    private Explainer() {}

    public static Explanation explain(ServiceSnapshot service, DescribedRequest request, HealthView health) {
        return explain(service, request, health, EdgeConfig.defaults().pop(), Pops.EMPTY);
    }

    /**
     * As {@link #explain(ServiceSnapshot, DescribedRequest, HealthView)}, for an edge of POP
     * {@code ownPop} that knows {@code pops}: the explanation's {@code path} says whether the
     * request goes through a shield edge (which one) or to the origin, and why.
     */
    public static Explanation explain(ServiceSnapshot service, DescribedRequest request, HealthView health, String ownPop, Pops pops) {
        var routes = new ArrayList<Explanation.RouteOutcome>();
        for (var route : service.routes()) {
            // Conditions that read req.backend.healthy see the selection so far; the selector
            // below evaluates them exactly so; this list shows each statement on its own.
            routes.add(new Explanation.RouteOutcome(route.conditionName(), route.priority(), route.condition().statement(),
                    route.backend().name(), route.condition().matches(request)));
        }
        var selection = BackendSelector.select(service, request, health, true);
        var first = service.defaultBackend();
        var firstDirector = first == null ? null : service.directorOf(first);
        var start = !service.pool().isEmpty() ? "auto_loadbalance pool of " + service.pool().size()
                : first == null ? "none"
                : firstDirector != null ? "director " + firstDirector.name() + " (its member " + first.name() + " is the default backend)"
                : "default backend " + first.name();
        var candidates = new ArrayList<Explanation.Candidate>();
        var directorName = selection.director();
        var director = directorName == null ? null
                : service.directors().stream().filter(d -> d.name().equals(directorName)).findFirst().orElse(null);
        var pool = director != null ? director.members() : selection.pooled() ? service.pool() : selection.candidates();
        for (var backend : pool) {
            candidates.add(new Explanation.Candidate(backend.name(), health.healthy(backend), backend.weight(), backend.healthcheck() != null));
        }
        if (selection.failed()) {
            return new Explanation(service.serviceId(), service.version(), start, routes, candidates, null, selection.failure(), null,
                    directorName, selection.reason(), null);
        }
        var chosen = selection.candidates().getFirst();
        var host = chosen.overrideHost() != null ? chosen.overrideHost() : !service.defaultHost().isEmpty() ? service.defaultHost()
                : request.header("host") != null ? request.header("host") : chosen.address();
        var origin = new Explanation.Origin(chosen.address(), chosen.port(), chosen.useSsl(), host,
                chosen.useSsl() ? chosen.sniHostname() : null, chosen.useSsl() ? chosen.verificationHostname() : null,
                chosen.useSsl() && chosen.sslCheckCert(), chosen.connectTimeoutMs(), chosen.firstByteTimeoutMs(),
                chosen.betweenBytesTimeoutMs(), chosen.maxConn(), chosen.shield());
        var requestHost = request.header("host");
        var route = ShieldSelector.route(service, chosen, ownPop, pops, requestHost == null ? "" : requestHost, request.url(),
                request.header("fastly-ff"));
        return new Explanation(service.serviceId(), service.version(), start, routes, candidates, chosen.name(), null, origin,
                directorName, selection.reason(), route.describe());
    }

    /** Compiles one version on its own, for explaining drafts that are not in the live snapshot. */
    public static ServiceSnapshot compile(ActiveVersion version) {
        return SnapshotCompiler.compile(version);
    }
}
