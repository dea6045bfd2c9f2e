package io.backline.edge.select;

import io.backline.condition.RequestView;
import io.backline.edge.BackendSettings;
import io.backline.edge.ServiceSnapshot;
import io.backline.edge.health.HealthView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks the backend for a request exactly as Fastly's generated VCL does (semantics §1): start
 * from the default backend, or the auto-load-balanced pool when there is one; run the condition
 * routes in order, each match overriding the selection (the last match wins); a backend that is a
 * director's member stands for its director, which picks among its members
 * ({@link DirectorBalancer}); then skip sick backends. Stateless and allocation-light: one small wrapper per request, plus the trace string
 * only when {@code explain} is set.
 */
public final class BackendSelector {
    private BackendSelector() {}

    public static Selection select(ServiceSnapshot service, RequestView request, HealthView health, boolean explain) {
        var current = new Current(request, health, service);
        current.backend = service.pool().isEmpty() ? service.defaultBackend() : null;
        current.pool = !service.pool().isEmpty();
        StringBuilder trace = explain ? new StringBuilder() : null;
        if (trace != null) {
            trace.append(current.pool ? "start=pool(" + service.pool().size() + ")" : current.backend == null ? "start=none"
                    : "start=default:" + current.backend.name());
        }
        var poolMembers = service.pool();
        current.poolMembers = poolMembers;
        for (var route : service.routes()) {
            if (route.condition().matches(current)) {
                current.backend = route.backend();
                current.pool = false;
                if (trace != null) {
                    trace.append("; condition=").append(route.conditionName()).append("(prio ").append(route.priority())
                            .append(")->").append(route.backend().name());
                }
            }
        }
        if (current.pool) {
            return pick(poolMembers, health, trace);
        }
        var backend = current.backend;
        if (backend == null) {
            return new Selection(List.of(), Selection.NO_BACKEND, finish(trace, "no default backend"), false);
        }
        var director = service.directorOf(backend);
        if (director != null) {
            return DirectorBalancer.pick(director, request, health, trace);
        }
        if (!health.healthy(backend)) {
            return new Selection(List.of(), Selection.BACKEND_UNHEALTHY, finish(trace, backend.name() + " is sick"), false);
        }
        return new Selection(List.of(backend), null, trace == null ? null : finish(trace, "backend=" + backend.name()), false);
    }

    /**
     * Weighted random order over the healthy members: the autodirector is Varnish's random
     * director, retried in order, so it shares the random director's draw (pool members all have a
     * weight above zero, SnapshotCompiler leaves the others out).
     */
    private static Selection pick(List<BackendSettings> members, HealthView health, @Nullable StringBuilder trace) {
        var ordered = DirectorBalancer.weightedRandom(members, health);
        if (ordered.isEmpty()) {
            return new Selection(List.of(), Selection.ALL_UNHEALTHY, finish(trace, "pool: no healthy member"), true);
        }
        return new Selection(ordered, null, finish(trace, "pool pick " + ordered.getFirst().name() + " ("
                + (ordered.size()) + " healthy of " + members.size() + ")"), true);
    }

    private static @Nullable String finish(@Nullable StringBuilder trace, String outcome) {
        return trace == null ? null : trace.append("; ").append(outcome).toString();
    }

    /** The request as conditions see it, with {@code req.backend.healthy} meaning the selection so far. */
    private static final class Current implements RequestView {
        private final RequestView request;
        private final HealthView health;
        private final ServiceSnapshot service;
        @Nullable BackendSettings backend;
        boolean pool;
        List<BackendSettings> poolMembers = List.of();

        Current(RequestView request, HealthView health, ServiceSnapshot service) {
            this.request = request;
            this.health = health;
            this.service = service;
        }

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String url() {
            return request.url();
        }

        @Override
        public String path() {
            return request.path();
        }

        @Override
        public String query() {
            return request.query();
        }

        @Override
        public String proto() {
            return request.proto();
        }

        @Override
        public boolean isSsl() {
            return request.isSsl();
        }

        @Override
        public @Nullable String header(String name) {
            return request.header(name);
        }

        @Override
        public String clientIp() {
            return request.clientIp();
        }

        @Override
        public int restarts() {
            return request.restarts();
        }

        @Override
        public boolean backendHealthy() {
            if (pool) {
                for (var member : poolMembers) {
                    if (health.healthy(member)) {
                        return true;
                    }
                }
                return false;
            }
            if (backend == null) {
                return false;
            }
            var director = service.directorOf(backend);
            return director != null ? director.healthy(health) : health.healthy(backend);
        }

        @Override
        public boolean backendHealthy(String name) {
            // Conditions name backends of their own service; an unknown name reads as sick.
            for (var candidate : service.backends()) {
                if (candidate.name().equals(name)) {
                    return health.healthy(candidate);
                }
            }
            return false;
        }

        @Override
        public boolean randomBool(double numerator, double denominator) {
            return request.randomBool(numerator, denominator);
        }
    }
}
