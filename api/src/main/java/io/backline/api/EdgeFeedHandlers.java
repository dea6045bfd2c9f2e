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
import io.backline.store.EdgeReport;
import io.backline.store.PurgeRecord;
import io.backline.store.StoreTx;
import io.backline.wire.EdgeFeed;
import io.backline.wire.EdgeFeedCertificates;
import io.backline.wire.EdgeFeedPurges;
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
 * {@code GET /service/{sid}/edges}, which lists what every edge reported serving, the staged
 * version on its staging listener included, and the last purge sequence it applied. The feed's
 * long poll answers at once when the edge is behind the purge log ({@link EdgeFeedPurges}).
 */
final class EdgeFeedHandlers {
    static final int MAX_WAIT_SECONDS = 55;
    /** An edge that keeps serving the same versions is written down at most this often. */
    private static final long HEARTBEAT_SECONDS = 10;
    /** Purges one answer carries at most; an edge further behind gets the rest in its next calls, at once. */
    static final int MAX_PURGES_PER_ANSWER = 1_000;
    /** What an edge reports before it has applied any purge. */
    private static final long NO_PURGE = -1;
    private static final Schema.Builder B = Schema.builder("edge report", "Edge report");
    private static final Field<String> EDGE_ID = B.add(Field.text("edge_id").required().maxLength(128)
            .pattern("[A-Za-z0-9._:-]{1,128}", "1 to 128 letters, digits, '.', '_', ':' or '-'"));
    private static final Field<String> SERVING = B.add(Field.text("serving"));
    /** What the edge serves on its staging listener: {@code id:version:revision} triples; absent from edges before staging. */
    private static final Field<String> STAGED = B.add(Field.text("staged"));
    /** The last purge sequence the edge applied; absent from a new edge and from edges before purges. */
    private static final Field<String> PURGED = B.add(Field.text("purged"));
    private static final Field<Integer> WAIT_SECONDS = B.add(Field.integer("wait_seconds", 0, 0, MAX_WAIT_SECONDS));
    /** The edge's POP (shielding); absent from edges before it, which are then no POP's members. */
    private static final Field<String> POP = B.add(Field.optionalText("pop")
            .pattern("[A-Za-z0-9_-]{1,32}", "1 to 32 letters, digits, '_' or '-'"));
    /** Where edges of other POPs reach it; absent when it has no such address (it listens on a wildcard and advertises none). */
    private static final Field<String> ADDRESS = B.add(Field.optionalText("address").maxLength(300)
            .pattern("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}", "HOST:PORT, an IPv6 address in brackets"));
    /** The {@code pops_digest} of the last answer the edge took in: a different one now is answered at once. */
    private static final Field<String> POPS_DIGEST = B.add(Field.optionalText("pops_digest").maxLength(64));
    /**
     * The {@code certificates_digest} of the last answer the edge took in (TLS, {@link EdgeFeedCertificates}):
     * a different one now is answered at once, with the certificates; absent from edges before TLS.
     */
    private static final Field<String> CERTIFICATES_DIGEST = B.add(Field.optionalText("certificates_digest").maxLength(64));
    /** What an edge reports in {@code POST /_backline/edge/sync}. */
    static final Schema REPORT = B.build();

    private final ConfigStore store;
    private final RevisionWatch watch;
    private final Clock clock;
    private final Kinds kinds;
    private final PopDirectory pops;
    private final TlsService tls;
    /** What this node last wrote down per edge, so an unchanged report costs no write. */
    private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();

    private record Recorded(Map<String, Integer> serving, Map<String, StagedRef> staged, long purged, long atSecond) {}

    /** A staged version as edges know it: its number and its objects' revision (staging does not lock). */
    record StagedRef(int version, long objectsRevision) {}

    EdgeFeedHandlers(ConfigStore store, RevisionWatch watch, Clock clock, Kinds kinds, PopDirectory pops, TlsService tls) {
        this.tls = tls;
        this.kinds = kinds;
        this.pops = pops;
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
        var stagedText = report.get(STAGED);
        var staged = staged(stagedText == null ? "" : stagedText);
        int waitSeconds = report.require(WAIT_SECONDS);
        long purged = purged(report.get(PURGED));
        record(edgeId, serving, staged, purged);
        var pop = report.get(POP);
        if (pop != null) {
            pops.heard(edgeId, pop, report.get(ADDRESS));
        }
        var popsSeen = report.get(POPS_DIGEST);
        var certificatesSeen = report.get(CERTIFICATES_DIGEST);

        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        long purgeAtStart = Long.MIN_VALUE;
        while (true) {
            long revision = watch.revision();
            long watchedPurge = watch.purged();
            var active = new LinkedHashMap<String, Integer>();
            var stagedNow = new LinkedHashMap<String, StagedRef>();
            // The store, not the watch, says whether purges are due: the watch may lag another node's purge by a poll.
            long lastPurge = store.read(tx -> {
                tx.activeVersions().forEach(v -> active.put(v.serviceId().value(), v.number()));
                tx.stagedVersions().forEach(ref -> stagedNow.put(ref.version().serviceId().value(),
                        new StagedRef(ref.version().number(), ref.objectsRevision())));
                return tx.lastPurge();
            });
            var changes = new Changes(differing(active, serving), gone(serving, active), differing(stagedNow, staged),
                    gone(staged, stagedNow));
            long left = (deadline - System.nanoTime()) / 1_000_000;
            var popsNow = pops.view();
            boolean popsDiffer = popsSeen != null && !popsSeen.equals(popsNow.digest());
            // Read each round: a TLS write bumps the revision, which ends the wait below.
            var certificates = tls.served();
            boolean certificatesDiffer = certificatesSeen != null && !certificatesSeen.equals(EdgeFeedCertificates.digest(certificates));
            if (purgeAtStart == Long.MIN_VALUE) {
                purgeAtStart = lastPurge;
            }
            // An edge that reports its last purge hears of every later one at once. One that reports none
            // (before its first answer that said one, or an edge of a release before purges) is not
            // answered at once for that alone, which would turn its long poll into a busy loop: it hears
            // of a purge made while it waits, and its answers carry the reset until it reports one.
            boolean purgesDue = purged != NO_PURGE ? purged != lastPurge : lastPurge != purgeAtStart;
            if (!changes.none() || purgesDue || popsDiffer || certificatesDiffer || left <= 0) {
                var node = withPops(answer(revision, changes, active, stagedNow), popsNow);
                EdgeFeedCertificates.encode(node, certificates, certificatesSeen);
                EdgeFeedPurges.encode(purges(purged), node);
                return ApiResponse.ok(node);
            }
            watch.await(revision, watchedPurge, left);
            if (Thread.currentThread().isInterrupted()) {
                // The node is stopping: answer "nothing new" without touching the store, and the
                // edge moves to another node on its next call.
                var node = withPops(answer(revision, Changes.NONE, active, stagedNow), popsNow);
                EdgeFeedCertificates.encode(node, certificates, certificatesSeen);
                EdgeFeedPurges.encode(new EdgeFeedPurges.Answer(purged, false, List.of()), node);
                return ApiResponse.ok(node);
            }
        }
    }

    /**
     * The purges after {@code purged}, read in one transaction with the last sequence: a reset (empty
     * the cache, go on from the last sequence) for an edge that has applied none yet, that is ahead of
     * this database (it was replaced), or whose next purge was pruned.
     */
    private EdgeFeedPurges.Answer purges(long purged) {
        return store.read(tx -> {
            long last = tx.lastPurge();
            if (purged == last) {
                return new EdgeFeedPurges.Answer(last, false, List.of());
            }
            var after = purged < 0 || purged > last ? List.<PurgeRecord>of() : tx.purgesAfter(purged, MAX_PURGES_PER_ANSWER);
            if (after.isEmpty() || after.getFirst().seq() != purged + 1) {
                return new EdgeFeedPurges.Answer(last, true, List.of());
            }
            var items = after.stream().map(p -> new EdgeFeedPurges.Item(p.seq(), p.serviceId(), p.kind().wire(), p.keys(), p.host(),
                    p.path(), p.soft())).toList();
            return new EdgeFeedPurges.Answer(after.getLast().seq(), false, items);
        });
    }

    private static long purged(@org.jspecify.annotations.Nullable String text) {
        if (text == null || text.isBlank()) {
            return NO_PURGE;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid("purged: '" + text + "' (expected: the last purge sequence applied, 0 or more)");
        }
    }

    /** What one answer carries: active services changed and removed, staged ones changed and removed. */
    private record Changes(List<String> changed, List<String> removed, List<String> stagedChanged, List<String> stagedRemoved) {
        static final Changes NONE = new Changes(List.of(), List.of(), List.of(), List.of());

        boolean none() {
            return changed.isEmpty() && removed.isEmpty() && stagedChanged.isEmpty() && stagedRemoved.isEmpty();
        }
    }

    private static <V> List<String> differing(Map<String, V> now, Map<String, V> reported) {
        var ids = new ArrayList<String>();
        now.forEach((id, value) -> {
            if (!value.equals(reported.get(id))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static List<String> gone(Map<String, ?> reported, Map<String, ?> now) {
        return reported.keySet().stream().filter(id -> !now.containsKey(id)).sorted().toList();
    }

    private ObjectNode answer(long revision, Changes changes, Map<String, Integer> active,
            Map<String, StagedRef> staged) {
        var node = Json.object();
        node.put("revision", revision);
        ArrayNode services = node.putArray("changed");
        ArrayNode stagedServices = node.putArray("staged_changed");
        if (!changes.changed().isEmpty() || !changes.stagedChanged().isEmpty()) {
            store.read(tx -> {
                for (var id : changes.changed()) {
                    // changed lists keys of active
                    services.add(EdgeFeed.encode(feedService(tx, id, Objects.requireNonNull(active.get(id)))));
                }
                for (var id : changes.stagedChanged()) {
                    var ref = Objects.requireNonNull(staged.get(id)); // stagedChanged lists keys of staged
                    stagedServices.add(EdgeFeed.encode(new EdgeFeed.Staged(feedService(tx, id, ref.version()), ref.objectsRevision())));
                }
                return null;
            });
        }
        var gone = node.putArray("removed");
        changes.removed().forEach(gone::add);
        var stagedGone = node.putArray("staged_removed");
        changes.stagedRemoved().forEach(stagedGone::add);
        return node;
    }

    /**
     * Every answer carries the POPs and their edges' addresses ({@code "pops":{"s":["10.0.0.7:8000"]}})
     * and their digest, which the edge sends back as {@code pops_digest} (shielding, docs/shielding.md).
     */
    private static ObjectNode withPops(ObjectNode answer, PopDirectory.View view) {
        EdgeFeed.encodePops(answer, view.members(), view.digest());
        return answer;
    }

    private EdgeFeed.Service feedService(StoreTx tx, String id, int version) {
        var serviceId = new ServiceId(id);
        var objects = new LinkedHashMap<String, List<Values>>();
        for (var schema : kinds.fedToEdges()) {
            objects.put(schema.kind(), tx.objects(serviceId, version, schema).stream().map(ConfigObject::values).toList());
        }
        return new EdgeFeed.Service(id, version, objects);
    }

    private void record(String edgeId, Map<String, Integer> serving, Map<String, StagedRef> staged, long purged) {
        long now = clock.instant().getEpochSecond();
        var last = recorded.get(edgeId);
        if (last != null && last.serving().equals(serving) && last.staged().equals(staged) && last.purged() == purged
                && now - last.atSecond() < HEARTBEAT_SECONDS) {
            return;
        }
        var stagedVersions = new LinkedHashMap<String, Integer>();
        staged.forEach((id, ref) -> stagedVersions.put(id, ref.version()));
        store.write(tx -> {
            tx.recordEdge(edgeId, serving, clock.instant());
            tx.recordStagedEdge(edgeId, stagedVersions, clock.instant());
            if (purged != NO_PURGE) {
                tx.recordEdgePurged(edgeId, purged, clock.instant());
            }
            return null;
        });
        recorded.put(edgeId, new Recorded(Map.copyOf(serving), Map.copyOf(staged), purged, now));
    }

    /**
     * One item per edge that reported this service: the active version it serves ({@code version},
     * null when it serves only a staged one) and the staged version on its staging listener
     * ({@code staged_version}, null when none), each acknowledged when first reported.
     */
    private ApiResponse edges(Call call) {
        var id = call.serviceId();
        var reports = new java.util.TreeMap<String, EdgeReport[]>();
        var purgedBy = new java.util.HashMap<String, Long>();
        store.read(tx -> {
            if (tx.service(id).isEmpty()) {
                throw ConfigException.notFound("Record not found: service " + id.value());
            }
            tx.edges(id).forEach(r -> reports.computeIfAbsent(r.edgeId(), k -> new EdgeReport[2])[0] = r);
            tx.stagedEdges(id).forEach(r -> reports.computeIfAbsent(r.edgeId(), k -> new EdgeReport[2])[1] = r);
            reports.keySet().forEach(edgeId -> tx.edgePurged(edgeId).ifPresent(seq -> purgedBy.put(edgeId, seq)));
            return null;
        });
        var array = Json.mapper().createArrayNode();
        reports.forEach((edgeId, pair) -> {
            var item = array.addObject();
            item.put("edge_id", edgeId);
            item.put("service_id", id.value());
            var active = pair[0];
            var staged = pair[1];
            if (active == null) {
                item.putNull("version");
                item.putNull("acknowledged_at");
            } else {
                item.put("version", active.version());
                item.put("acknowledged_at", Json.time(active.acknowledgedAt()));
            }
            if (staged == null) {
                item.putNull("staged_version");
                item.putNull("staged_acknowledged_at");
            } else {
                item.put("staged_version", staged.version());
                item.put("staged_acknowledged_at", Json.time(staged.acknowledgedAt()));
            }
            var seen = active == null ? staged.lastSeen()
                    : staged == null || active.lastSeen().isAfter(staged.lastSeen()) ? active.lastSeen() : staged.lastSeen();
            item.put("last_seen", Json.time(seen));
            // The last purge sequence the edge applied (null before its first report of one).
            var purged = purgedBy.get(edgeId);
            if (purged == null) {
                item.putNull("purged");
            } else {
                item.put("purged", purged);
            }
        });
        return ApiResponse.ok(array);
    }

    /** {@code id:version:revision} triples separated by commas; empty means nothing staged. */
    static Map<String, StagedRef> staged(String text) {
        var map = new LinkedHashMap<String, StagedRef>();
        if (text.isBlank()) {
            return map;
        }
        for (var triple : text.split(",")) {
            var parts = triple.strip().split(":");
            try {
                if (parts.length != 3 || parts[0].isEmpty()) {
                    throw new NumberFormatException();
                }
                int version = Integer.parseInt(parts[1]);
                long revision = Long.parseLong(parts[2]);
                if (version < 1 || revision < 0) {
                    throw new NumberFormatException();
                }
                map.put(parts[0], new StagedRef(version, revision));
            } catch (NumberFormatException e) {
                throw ConfigException.invalid("staged: '" + triple + "' (expected: SERVICE_ID:VERSION:REVISION triples separated by commas)");
            }
        }
        return map;
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
