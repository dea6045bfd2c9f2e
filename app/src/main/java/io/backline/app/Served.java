package io.backline.app;

import io.backline.wire.EdgeFeed;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an edge node serves: the feed revision it came with, each active service's version and
 * objects, and each staged service's (its staging listener), by service id.
 */
record Served(long revision, Map<String, EdgeFeed.Service> services, Map<String, EdgeFeed.Staged> staged) {
    static final Served NONE = new Served(0, Map.of(), Map.of());

    Served {
        services = Map.copyOf(services);
        staged = Map.copyOf(staged);
    }

    /** Keyed by service id. */
    static Served of(long revision, Iterable<EdgeFeed.Service> services, Iterable<EdgeFeed.Staged> staged) {
        var byId = new TreeMap<String, EdgeFeed.Service>();
        services.forEach(service -> byId.put(service.serviceId(), service));
        var stagedById = new TreeMap<String, EdgeFeed.Staged>();
        staged.forEach(service -> stagedById.put(service.serviceId(), service));
        return new Served(revision, byId, stagedById);
    }

    /** The same services at another revision (an answer that changed nothing). */
    Served at(long next) {
        return new Served(next, services, staged);
    }

    /** One feed answer applied: changed services replace their namesakes and removed ones go, active and staged alike. */
    Served with(long next, Iterable<EdgeFeed.Service> changed, Iterable<String> removed, Iterable<EdgeFeed.Staged> stagedChanged,
            Iterable<String> stagedRemoved) {
        var byId = new TreeMap<>(services);
        changed.forEach(service -> byId.put(service.serviceId(), service));
        removed.forEach(byId::remove);
        var stagedById = new TreeMap<>(staged);
        stagedChanged.forEach(service -> stagedById.put(service.serviceId(), service));
        stagedRemoved.forEach(stagedById::remove);
        return new Served(next, byId, stagedById);
    }

    /** Each service and its version, as the feed request says what this edge serves: {@code id:3,id2:7}. */
    String serving() {
        return services.values().stream().map(s -> s.serviceId() + ":" + s.version()).sorted().collect(Collectors.joining(","));
    }

    /** Each staged service, its version and objects' revision, as the feed request says it: {@code id:4:12}. */
    String stagedServing() {
        return staged.values().stream().map(s -> s.serviceId() + ":" + s.version() + ":" + s.objectsRevision()).sorted()
                .collect(Collectors.joining(","));
    }

    Map<String, Integer> versions() {
        return services.values().stream().collect(Collectors.toMap(EdgeFeed.Service::serviceId, EdgeFeed.Service::version,
                (a, b) -> a, TreeMap::new));
    }

    /** Each staged service and its version. */
    Map<String, Integer> stagedVersions() {
        return staged.values().stream().collect(Collectors.toMap(EdgeFeed.Staged::serviceId, EdgeFeed.Staged::version,
                (a, b) -> a, TreeMap::new));
    }
}
