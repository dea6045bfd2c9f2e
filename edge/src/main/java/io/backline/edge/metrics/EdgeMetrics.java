package io.backline.edge.metrics;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeServer;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.EdgeStats;
import io.backline.edge.ExchangeObserver;
import io.backline.edge.ExchangeRecord;
import io.backline.edge.cache.HttpCache;
import io.backline.edge.health.HealthRegistry;
import io.backline.edge.health.HealthView;
import io.backline.edge.log.AccessLog;
import io.backline.edge.logging.LoggingDelivery;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The edge's series in a Micrometer registry: per service and version, per backend, pools, health
 * and probes (docs/metrics.md lists them).
 *
 * <pre>{@code
 * var metrics = new EdgeMetrics(registry, health);
 * metrics.listenTo(health);
 * var edge = EdgeServer.start(config, snapshot::get, health, metrics);
 * metrics.bind(edge);
 * // at each activation, beside health.update(next):
 * metrics.follow(next);
 * }</pre>
 *
 * <p>The request path ({@link #exchangeEnded}) finds a service's and a backend's meters by plain
 * string lookups in concurrent maps and increments meters made once: no tags, no strings, no
 * allocation per request. Meters are keyed by service and backend name (not by version or
 * connection settings), so a backend that keeps its name keeps its counts across activations.
 * {@link #follow} (at each activation, off the event loops) follows the configuration: it points the
 * pool and health gauges at the backends served now, and removes the series of versions and
 * backends that neither the current nor the previous configuration serves (a grace of one
 * activation, so requests still in flight on the old one are counted first).
 */
public final class EdgeMetrics implements ExchangeObserver {
    private final MeterRegistry registry;
    private final HealthView health;
    private final ConcurrentHashMap<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final ServiceMeters unrouted;
    private volatile @Nullable EdgeServer server;
    private volatile @Nullable HttpCache cache;
    private final Object syncLock = new Object();
    private @Nullable EdgeSnapshot synced; // guarded by syncLock
    private Map<String, Set<String>> previousBackends = Map.of(); // guarded by syncLock
    private Map<String, Set<Integer>> previousVersions = Map.of(); // guarded by syncLock

    /** @param health what the {@code backline_edge_backend_healthy} gauges ask */
    public EdgeMetrics(MeterRegistry registry, HealthView health) {
        this.registry = registry;
        this.health = health;
        this.unrouted = new ServiceMeters(registry, "");
    }

    /** Adds the edge server's own counters (requests, refusals, timeouts of every attempt); the pool gauges read it. */
    public void bind(EdgeServer edge) {
        this.server = edge;
        var stats = edge.stats();
        counter("backline.edge.requests", "Requests received from clients.", stats, EdgeStats::requests);
        counter("backline.edge.synthetic.responses", "Responses the edge made itself (errors, unknown domains, refusals).", stats,
                EdgeStats::syntheticResponses);
        counter("backline.edge.origin.connections", "Origin connections opened.", stats, EdgeStats::originConnections);
        counter("backline.edge.connect.timeouts", "Origin connects that hit connect_timeout.", stats, EdgeStats::connectTimeouts);
        counter("backline.edge.first.byte.timeouts", "Responses that hit first_byte_timeout.", stats, EdgeStats::firstByteTimeouts);
        counter("backline.edge.between.bytes.timeouts", "Responses cut short by between_bytes_timeout.", stats,
                EdgeStats::betweenBytesTimeouts);
        counter("backline.edge.max.conn.rejections", "Times a backend at max_conn was skipped or answered 503.", stats,
                EdgeStats::maxConnRejections);
        counter("backline.edge.refused.requests", "Requests refused before routing (malformed, too large, too slow).", stats,
                EdgeStats::refusedRequests);
        edge.accessLog().ifPresent(log -> {
            FunctionCounter.builder("backline.edge.access.log.lines", log, AccessLog::written).tag("result", "written")
                    .description("Access log lines, written or lost (queue full: dropped; the target refused the write: failed).")
                    .register(registry);
            FunctionCounter.builder("backline.edge.access.log.lines", log, l -> l.dropped() - l.failed()).tag("result", "dropped")
                    .register(registry);
            FunctionCounter.builder("backline.edge.access.log.lines", log, AccessLog::failed).tag("result", "failed").register(registry);
        });
        edge.cache().ifPresent(this::bindCache);
        ToDoubleFunction<EdgeStats>[] kinds = timeoutKinds();
        for (int i = 0; i < kinds.length; i++) {
            FunctionCounter.builder("backline.edge.timeouts", stats, kinds[i]).tag("kind", BackendMeters.TIMEOUT_KINDS[i])
                    .description("Timeouts of every origin attempt, failovers included, by kind.").register(registry);
        }
    }

    /** The cache's own series, and its per-service counters for every service seen so far (later ones on first sight). */
    private void bindCache(HttpCache store) {
        Gauge.builder("backline.edge.cache.bytes", store, HttpCache::bytes).description("Bytes the cached objects hold now.")
                .register(registry);
        Gauge.builder("backline.edge.cache.objects", store, HttpCache::objects).description("Objects in the cache now (variants count apart).")
                .register(registry);
        Gauge.builder("backline.edge.cache.capacity.bytes", store, HttpCache::capacityBytes)
                .description("The bytes the cache may hold (--cache-size).").register(registry);
        FunctionCounter.builder("backline.edge.cache.evictions", store, HttpCache::evictions)
                .description("Objects evicted to keep the cache within its capacity.").register(registry);
        cache = store;
        services.values().forEach(meters -> meters.bindCache(store));
    }

    /** Lines of the logging endpoints by kind and result (sent, dropped: queue full, failed: the send failed). */
    public void bind(LoggingDelivery delivery) {
        for (var kind : List.of("logging/syslog", "logging/https")) {
            for (var result : LoggingDelivery.RESULTS) {
                FunctionCounter.builder("backline.edge.logging.lines", delivery, d -> d.total(kind, result)).tag("kind", kind)
                        .tag("result", result).description("Lines of the logging endpoints, by kind and what became of them.")
                        .register(registry);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ToDoubleFunction<EdgeStats>[] timeoutKinds() {
        return new ToDoubleFunction[] {(ToDoubleFunction<EdgeStats>) EdgeStats::connectTimeouts,
            (ToDoubleFunction<EdgeStats>) EdgeStats::firstByteTimeouts, (ToDoubleFunction<EdgeStats>) EdgeStats::betweenBytesTimeouts};
    }

    private void counter(String name, String description, EdgeStats stats, ToDoubleFunction<EdgeStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).register(registry);
    }

    /** Listens to a health registry's probes for the probe latency histograms. */
    public void listenTo(HealthRegistry registry) {
        registry.onProbe(this::probed);
    }

    /** One health probe: its latency goes to each backend that shares the prober. */
    public void probed(HealthRegistry.Probe probe) {
        var service = service(probe.serviceId());
        for (var name : probe.backends()) {
            service.backend(name).probed(probe.latencyMs());
        }
    }

    @Override
    public void exchangeEnded(ExchangeRecord exchange) {
        var serviceId = exchange.serviceId();
        var service = serviceId == null ? unrouted : service(serviceId);
        int statusClass = StatusClass.index(exchange.status());
        service.version(exchange.version()).requests[statusClass].increment();
        var synthetic = exchange.synthetic();
        if (synthetic != null) {
            service.synthetic(synthetic).increment();
        }
        var backend = exchange.backend();
        if (backend != null && serviceId != null) {
            service.backend(backend).record(exchange, statusClass);
        }
    }

    private ServiceMeters service(String serviceId) {
        var meters = services.get(serviceId);
        if (meters != null) {
            return meters;
        }
        var made = services.computeIfAbsent(serviceId, id -> new ServiceMeters(registry, id));
        var store = cache;
        if (store != null) {
            made.bindCache(store);
        }
        return made;
    }

    /**
     * Follows a configuration as it goes live: gauges for every backend it serves (the active
     * version's settings of a name, else the staged one's), and no series for versions and backends
     * neither it nor the previous configuration serves. Call it with every snapshot the edge is
     * given; a snapshot seen last time changes nothing.
     */
    public void follow(EdgeSnapshot snapshot) {
        synchronized (syncLock) {
            if (snapshot == synced) {
                return;
            }
            synced = snapshot;
            var backends = new LinkedHashMap<String, Map<String, BackendSettings>>();
            var versions = new HashMap<String, Set<Integer>>();
            for (var served : snapshot.served()) { // active versions first: their settings win
                var byName = backends.computeIfAbsent(served.serviceId(), id -> new LinkedHashMap<>());
                served.backends().forEach(backend -> byName.putIfAbsent(backend.name(), backend));
                versions.computeIfAbsent(served.serviceId(), id -> new HashSet<>()).add(served.version());
            }
            backends.forEach((serviceId, byName) -> {
                var service = service(serviceId);
                byName.forEach((name, settings) -> service.backend(name).track(settings, () -> server, health));
            });
            var liveBackends = new HashMap<String, Set<String>>();
            backends.forEach((serviceId, byName) -> liveBackends.put(serviceId, Set.copyOf(byName.keySet())));
            for (var service : services.values()) {
                var id = service.serviceId;
                var now = liveBackends.getOrDefault(id, Set.of());
                var before = previousBackends.getOrDefault(id, Set.of());
                for (var entry : service.backends.entrySet()) {
                    var name = entry.getKey();
                    if (!now.contains(name)) {
                        entry.getValue().track(null, () -> server, health); // its pool is retired: no gauges
                        if (!before.contains(name) && service.backends.remove(name, entry.getValue())) {
                            entry.getValue().remove();
                        }
                    }
                }
                var keep = new HashSet<Integer>(versions.getOrDefault(id, Set.of()));
                keep.addAll(previousVersions.getOrDefault(id, Set.of()));
                if (keep.isEmpty() && service.backends.isEmpty()) {
                    if (services.remove(id, service)) {
                        service.remove();
                    }
                } else {
                    service.retainVersions(keep);
                }
            }
            previousBackends = liveBackends;
            previousVersions = versions;
        }
    }
}
