package io.backline.edge.metrics;

import io.backline.edge.cache.CacheCounters;
import io.backline.edge.cache.HttpCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one service ({@code service=""} for requests no service took: unknown domains and
 * refusals): its versions' request counters, its synthetic answers by reason, and its backends.
 * Looked up by plain strings and ints on the request path, so recording allocates nothing.
 */
final class ServiceMeters {
    /** More distinct reason texts than this are labelled without being remembered (the set of labels stays fixed anyway). */
    private static final int MAX_REMEMBERED_TEXTS = 128;

    private final MeterRegistry registry;
    final String serviceId;
    final ConcurrentHashMap<String, BackendMeters> backends = new ConcurrentHashMap<>();
    /** Copy on write: a service serves one or two versions (active, staged), so a scan beats boxing the key. */
    private volatile VersionMeters[] versions = new VersionMeters[0];
    private final ConcurrentHashMap<String, Counter> syntheticByText = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> syntheticByLabel = new ConcurrentHashMap<>();
    /** The cache's series of this service, registered once the edge has a cache ({@link #bindCache}). */
    private final List<Meter> cacheMeters = new ArrayList<>(); // guarded by this

    ServiceMeters(MeterRegistry registry, String serviceId) {
        this.registry = registry;
        this.serviceId = serviceId;
    }

    /** The request counters of one version: one counter per status class. */
    static final class VersionMeters {
        final int version;
        final Counter[] requests = new Counter[StatusClass.LABELS.length];

        VersionMeters(MeterRegistry registry, String serviceId, int version) {
            this.version = version;
            var label = serviceId.isEmpty() ? "" : Integer.toString(version);
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Counter.builder("backline.edge.service.requests").tag("service", serviceId).tag("version", label)
                        .tag("status_class", StatusClass.LABELS[i])
                        .description("Requests the edge finished, by service, version and the class of the status sent.")
                        .register(registry);
            }
        }
    }

    VersionMeters version(int version) {
        for (var meters : versions) {
            if (meters.version == version) {
                return meters;
            }
        }
        synchronized (this) {
            var current = versions;
            for (var meters : current) {
                if (meters.version == version) {
                    return meters;
                }
            }
            var made = new VersionMeters(registry, serviceId, version);
            var next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = made;
            versions = next;
            return made;
        }
    }

    /** Drops the series of versions {@code keep} does not name. */
    synchronized void retainVersions(Set<Integer> keep) {
        var current = versions;
        var kept = Arrays.stream(current).filter(meters -> keep.contains(meters.version)).toArray(VersionMeters[]::new);
        for (var meters : current) {
            if (!keep.contains(meters.version)) {
                for (Meter counter : meters.requests) {
                    registry.remove(counter);
                }
            }
        }
        versions = kept;
    }

    BackendMeters backend(String name) {
        var meters = backends.get(name);
        return meters != null ? meters : backends.computeIfAbsent(name, key -> new BackendMeters(registry, serviceId, key));
    }

    Counter synthetic(String text) {
        var counter = syntheticByText.get(text);
        if (counter != null) {
            return counter;
        }
        var label = SyntheticReasons.label(text);
        counter = syntheticByLabel.computeIfAbsent(label, reason -> Counter.builder("backline.edge.service.synthetic.responses")
                .tag("service", serviceId).tag("reason", reason)
                .description("Answers the edge made itself, by service and reason (X-Backline-Error's text).").register(registry));
        if (syntheticByText.size() < MAX_REMEMBERED_TEXTS) {
            syntheticByText.put(text, counter);
        }
        return counter;
    }

    /**
     * Registers the cache's series of this service: responses by result, collapsed waits, purges by
     * kind. They read the cache's adders when scraped, so counting costs the request path nothing here.
     */
    synchronized void bindCache(HttpCache cache) {
        if (!cacheMeters.isEmpty() || serviceId.isEmpty()) {
            return;
        }
        var counters = cache.counters(serviceId);
        for (var result : CacheCounters.Result.values()) {
            cacheMeters.add(FunctionCounter.builder("backline.edge.cache.responses", counters, c -> c.responses(result))
                    .tag("service", serviceId).tag("result", result.label())
                    .description("Responses by what the cache did: hit, miss, pass (not cacheable) or stale (served stale).")
                    .register(registry));
        }
        cacheMeters.add(FunctionCounter.builder("backline.edge.cache.collapsed", counters, CacheCounters::collapsedTotal)
                .tag("service", serviceId).description("Requests that waited for another request's fetch of the same object.")
                .register(registry));
        cacheMeters.add(Gauge.builder("backline.edge.cache.service.bytes", counters, CacheCounters::bytes)
                .tag("service", serviceId).description("Bytes this service's cached objects hold now.").register(registry));
        cacheMeters.add(Gauge.builder("backline.edge.cache.service.objects", counters, CacheCounters::objects)
                .tag("service", serviceId).description("This service's objects in the cache now (variants count apart).")
                .register(registry));
        cacheMeters.add(FunctionCounter.builder("backline.edge.cache.service.evictions", counters, CacheCounters::evictions)
                .tag("service", serviceId).description("This service's objects evicted to keep the cache within its capacity.")
                .register(registry));
        for (int i = 0; i < CacheCounters.PURGE_LABELS.length; i++) {
            int index = i;
            cacheMeters.add(FunctionCounter.builder("backline.edge.cache.purges", counters, c -> c.purges(index))
                    .tag("service", serviceId).tag("kind", CacheCounters.PURGE_LABELS[i][0]).tag("soft", CacheCounters.PURGE_LABELS[i][1])
                    .description("Purges applied to this edge's cache, by kind and whether soft.").register(registry));
        }
    }

    /** Removes every series of this service. */
    synchronized void remove() {
        cacheMeters.forEach(registry::remove);
        cacheMeters.clear();
        retainVersions(Set.of());
        backends.values().forEach(BackendMeters::remove);
        backends.clear();
        syntheticByLabel.values().forEach(registry::remove);
        syntheticByLabel.clear();
        syntheticByText.clear();
    }
}
