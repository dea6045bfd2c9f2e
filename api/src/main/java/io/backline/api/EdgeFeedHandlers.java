package io.backline.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.Field;
import io.backline.model.Kinds;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import io.backline.model.ServiceId;
import io.backline.model.Values;
import io.backline.store.ConfigStore;
import io.backline.wire.EdgeFeed;
import io.backline.wire.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge nodes' side of the API: {@code POST /_backline/edge/sync} (see {@link EdgeFeed}) and
 * {@code GET /service/{sid}/edges}, which lists what every edge reported serving.
 */
final class EdgeFeedHandlers {
    static final int MAX_WAIT_SECONDS = 55;
    /** An edge that keeps serving the same versions is written down at most this often. */
    private static final long HEARTBEAT_SECONDS = 10;
    private static final Schema.Builder B = Schema.builder("edge report", "Edge report");
    private static final Field<String> EDGE_ID = B.add(Field.text("edge_id").required().maxLength(128)
            .pattern("[A-Za-z0-9._:-]{1,128}", "1 to 128 letters, digits, '.', '_', ':' or '-'"));
    private static final Field<String> SERVING = B.add(Field.text("serving"));
    private static final Field<Integer> WAIT_SECONDS = B.add(Field.integer("wait_seconds", 0, 0, MAX_WAIT_SECONDS));
    /** What an edge reports in {@code POST /_backline/edge/sync}. */
    static final Schema REPORT = B.build();

    private final ConfigStore store;
    private final RevisionWatch watch;
    private final Clock clock;
    private final Kinds kinds;
    /** What this node last wrote down per edge, so an unchanged report costs no write. */
    private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();

    private record Recorded(Map<String, Integer> serving, long atSecond) {}

    EdgeFeedHandlers(ConfigStore store, RevisionWatch watch, Clock clock, Kinds kinds) {
        this.kinds = kinds;
        this.store = store;
        this.watch = watch;
        this.clock = clock;
    }

    void register(Router router) {
        router.addRead("POST", "_backline/edge/sync", REPORT, this::sync)
                .add("GET", "service/{sid}/edges", this::edges);
    }

    private ApiResponse sync(Call call) {
        if (!(call.principal().visibility() instanceof Visibility.All)) {
            throw ConfigException.notFound("the edge feed needs a token for every service (this one is restricted to some)");
        }
        var report = REPORT.apply(REPORT.defaults(ServiceType.VCL), call.changes(), ServiceType.VCL);
        REPORT.requirePresent(report);
        var edgeId = report.require(EDGE_ID);
        var serving = serving(report.require(SERVING));
        int waitSeconds = report.require(WAIT_SECONDS);
        record(edgeId, serving);

        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            long revision = watch.revision();
            var active = new LinkedHashMap<String, Integer>();
            store.read(tx -> {
                tx.activeVersions().forEach(v -> active.put(v.serviceId().value(), v.number()));
                return null;
            });
            var changed = new ArrayList<String>();
            active.forEach((id, version) -> {
                if (!version.equals(serving.get(id))) {
                    changed.add(id);
                }
            });
            var removed = serving.keySet().stream().filter(id -> !active.containsKey(id)).sorted().toList();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!changed.isEmpty() || !removed.isEmpty() || left <= 0) {
                return ApiResponse.ok(answer(revision, changed, active, removed));
            }
            watch.await(revision, left);
            if (Thread.currentThread().isInterrupted()) {
                // The node is stopping: answer "nothing new" without touching the store, and the
                // edge moves to another node on its next call.
                return ApiResponse.ok(answer(revision, List.of(), active, List.of()));
            }
        }
    }

    private ObjectNode answer(long revision, List<String> changed, Map<String, Integer> active,
            List<String> removed) {
        var node = Json.object();
        node.put("revision", revision);
        ArrayNode services = node.putArray("changed");
        if (!changed.isEmpty()) {
            store.read(tx -> {
            for (var id : changed) {
                var serviceId = new ServiceId(id);
                int version = Objects.requireNonNull(active.get(id)); // changed lists keys of active
                var objects = new LinkedHashMap<String, List<Values>>();
                for (var schema : kinds.fedToEdges()) {
                    objects.put(schema.kind(), tx.objects(serviceId, version, schema).stream().map(ConfigObject::values).toList());
                }
                services.add(EdgeFeed.encode(new EdgeFeed.Service(id, version, objects)));
            }
            return null;
            });
        }
        var gone = node.putArray("removed");
        removed.forEach(gone::add);
        return node;
    }

    private void record(String edgeId, Map<String, Integer> serving) {
        long now = clock.instant().getEpochSecond();
        var last = recorded.get(edgeId);
        if (last != null && last.serving().equals(serving) && now - last.atSecond() < HEARTBEAT_SECONDS) {
            return;
        }
        store.write(tx -> {
            tx.recordEdge(edgeId, serving, clock.instant());
            return null;
        });
        recorded.put(edgeId, new Recorded(Map.copyOf(serving), now));
    }

    private ApiResponse edges(Call call) {
        var id = call.serviceId();
        var reports = store.read(tx -> {
            if (tx.service(id).isEmpty()) {
                throw ConfigException.notFound("Record not found: service " + id.value());
            }
            return tx.edges(id);
        });
        var array = Json.mapper().createArrayNode();
        for (var report : reports) {
            var item = array.addObject();
            item.put("edge_id", report.edgeId());
            item.put("service_id", report.serviceId());
            item.put("version", report.version());
            item.put("acknowledged_at", Json.time(report.acknowledgedAt()));
            item.put("last_seen", Json.time(report.lastSeen()));
        }
        return ApiResponse.ok(array);
    }

    /** {@code id:version} pairs separated by commas; empty means nothing yet. */
    static Map<String, Integer> serving(String text) {
        var map = new LinkedHashMap<String, Integer>();
        if (text.isBlank()) {
            return map;
        }
        for (var pair : text.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw ConfigException.invalid("serving: '" + pair + "' (expected: SERVICE_ID:VERSION pairs separated by commas)");
            }
            var id = pair.substring(0, colon).strip();
            int version;
            try {
                version = Integer.parseInt(pair.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw ConfigException.invalid("serving: '" + pair + "' has no version number (expected: SERVICE_ID:VERSION)");
            }
            if (version < 1) {
                throw ConfigException.invalid("serving: '" + pair + "' (expected: a version number of 1 or more)");
            }
            map.put(id, version);
        }
        return map;
    }
}
