package io.backline.app;

import io.backline.wire.EdgeFeed;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an edge node serves: the feed revision it came with and each active service's version and
 * objects, by service id.
 */
record Served(long revision, Map<String, EdgeFeed.Service> services) {
    static final Served NONE = new Served(0, Map.of());

    Served {
        services = Map.copyOf(services);
    }

    /** Keyed by service id. */
    static Served of(long revision, Iterable<EdgeFeed.Service> services) {
        var byId = new TreeMap<String, EdgeFeed.Service>();
        services.forEach(service -> byId.put(service.serviceId(), service));
        return new Served(revision, byId);
    }

    /** The same services at another revision (an answer that changed nothing). */
    Served at(long next) {
        return new Served(next, services);
    }

    /** These services with {@code changed} replacing their namesakes and {@code removed} gone. */
    Served with(long next, Iterable<EdgeFeed.Service> changed, Iterable<String> removed) {
        var byId = new TreeMap<>(services);
        changed.forEach(service -> byId.put(service.serviceId(), service));
        removed.forEach(byId::remove);
        return new Served(next, byId);
    }

    /** Each service and its version, as the feed request says what this edge serves: {@code id:3,id2:7}. */
    String serving() {
        return services.values().stream().map(s -> s.serviceId() + ":" + s.version()).sorted().collect(Collectors.joining(","));
    }

    Map<String, Integer> versions() {
        return services.values().stream().collect(Collectors.toMap(EdgeFeed.Service::serviceId, EdgeFeed.Service::version,
                (a, b) -> a, TreeMap::new));
    }
}
