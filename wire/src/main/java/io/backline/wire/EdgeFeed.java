package io.backline.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.codec.StoredValues;
import io.backline.model.Schema;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The feed between API nodes and edge nodes ({@code POST /_backline/edge/sync}). An edge says
 * what it serves; the API answers with every service whose active version differs (all of them
 * on the first call, so the first answer is the full configuration) and the services it should
 * drop, waiting up to {@code wait_seconds} for a change when there is none. The next call is the
 * acknowledgement of the last answer.
 *
 * <pre>{@code
 * request:  edge_id=edge-1&serving=SU1Z0isxPaozGVKXdv0eY:3&staged=SU1Z0isxPaozGVKXdv0eY:5:12&wait_seconds=25
 * response: {"revision":118,"changed":[{"service_id":"…","version":4,"backend":[{…}],"condition":[],
 *            "healthcheck":[],"domain":[{…}]}],"removed":[],
 *            "staged_changed":[{"service_id":"…","version":5,"objects_revision":13,"backend":[…],…}],"staged_removed":[]}
 * }</pre>
 *
 * <p>Shielding adds {@code pop}, {@code address} and {@code pops_digest} to the request and
 * {@code pops} and {@code pops_digest} to every answer ({@link #encodePops}).
 *
 * <p>Staged rollouts (docs/rollout.md): an active service with a running rollout carries its split,
 * {@code "rollout":{"id":…,"step_index":1,"percent":25,"candidate":{…a service…}}} ({@link Split}),
 * and the edge reports the splits it serves in {@code rollouts=SERVICE_ID=ROLLOUT_ID:STEP:PERCENT:VERSION,…}
 * ({@link #splitKeys}): a new step or the end of a rollout differs from that report, so the API
 * answers with the service again (with its new split, or without one). An edge that sends no
 * {@code rollouts} field (before rollouts) is compared by version alone and gets no splits. The
 * edge's counts travel the other way in their own short POST ({@link EdgeFeedRollouts}), since this
 * long poll may wait 20 s.
 *
 * <p>Staged versions (Fastly's staging environment) travel beside the active ones: the edge serves
 * them on its staging listener. Staging does not lock a version, so a staged version is known by its
 * number and its objects' revision ({@code id:version:revision}), and an edit of it is a change. An
 * edge or an API node from before staging ignores the fields it does not know.
 *
 * Objects travel in their stored form ({@link StoredValues}): every field by name with the value the
 * API validated, so an edge rebuilds exactly what the store holds.
 */
public final class EdgeFeed {
    private EdgeFeed() {}

    /**
     * One active service: its version and its objects by kind, in the order the kinds are declared
     * ({@code Kinds.fedToEdges()}), which is the order they travel in; and its running rollout's
     * split, null when none runs.
     */
    public record Service(String serviceId, int version, Map<String, List<Values>> objects, @Nullable Split split) {
        public Service {
            objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
        }

        /** A service without a rollout. */
        public Service(String serviceId, int version, Map<String, List<Values>> objects) {
            this(serviceId, version, objects, null);
        }

        public List<Values> objects(Schema schema) {
            return objects.getOrDefault(schema.kind(), List.of());
        }

        /** The same service with {@code next} as its split (null for none). */
        public Service withSplit(@Nullable Split next) {
            return new Service(serviceId, version, objects, next);
        }
    }

    /**
     * A running rollout as the edges serve it (docs/rollout.md): the share of requests, {@code percent},
     * that goes to the candidate version, whose objects travel with it, while the rest go to the
     * service's active version. The rollout's id and step say which split it is: the edge reports them
     * back ({@link #splitKey}), so a new step, or the end, is a change the feed answers with.
     *
     * <pre>{@code
     * "rollout":{"id":"…","step_index":1,"percent":25,"candidate":{"service_id":"…","version":5,"backend":[…],…}}
     * }</pre>
     */
    public record Split(String rolloutId, int stepIndex, int percent, Service candidate) {
        public Split {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent: " + percent + " (expected: 0 to 100)");
            }
            if (candidate.split() != null) {
                throw new IllegalArgumentException("candidate: a candidate version carries no split of its own");
            }
        }

        /** What the edge reports of it in {@code rollouts}: {@code ROLLOUT_ID:STEP_INDEX:PERCENT:CANDIDATE_VERSION}. */
        public String key() {
            return rolloutId + ":" + stepIndex + ":" + percent + ":" + candidate.version();
        }
    }

    /** The {@code rollouts} of an edge that serves no split: a word, since an empty field reads as absent. */
    public static final String NO_SPLITS = "none";

    /**
     * The {@code rollouts} field of a sync request: {@code SERVICE_ID=KEY} for each served service with
     * a split ({@link Split#key()}), separated by commas; {@link #NO_SPLITS} for none. An API node
     * compares it with the running rollouts, as it compares {@code serving} with the active versions.
     */
    public static String splitKeys(Iterable<Service> services) {
        var keys = new ArrayList<String>();
        services.forEach(service -> {
            var split = service.split();
            if (split != null) {
                keys.add(service.serviceId() + "=" + split.key());
            }
        });
        Collections.sort(keys);
        return keys.isEmpty() ? NO_SPLITS : String.join(",", keys);
    }

    /** A staged service: its version and objects, and the revision of those objects when read. */
    public record Staged(Service service, long objectsRevision) {
        public String serviceId() {
            return service.serviceId();
        }

        public int version() {
            return service.version();
        }
    }

    public static ObjectNode encode(Staged staged) {
        var node = encode(staged.service());
        node.put("objects_revision", staged.objectsRevision());
        return node;
    }

    public static Staged decodeStaged(JsonNode node, List<Schema> kinds) {
        return new Staged(decodeService(node, kinds), node.path("objects_revision").asLong());
    }

    public static ObjectNode encode(Service service) {
        var node = Json.object();
        node.put("service_id", service.serviceId());
        node.put("version", service.version());
        service.objects().forEach((kind, objects) -> {
            var array = node.putArray(kind);
            objects.forEach(values -> array.add(StoredValues.encode(values)));
        });
        var split = service.split();
        if (split != null) {
            var rollout = node.putObject("rollout");
            rollout.put("id", split.rolloutId());
            rollout.put("step_index", split.stepIndex());
            rollout.put("percent", split.percent());
            rollout.set("candidate", encode(split.candidate()));
        }
        return node;
    }

    /** Reads one service, with the objects of the given kinds (those an edge receives); others are ignored. */
    public static Service decodeService(JsonNode node, List<Schema> kinds) {
        var objects = new LinkedHashMap<String, List<Values>>();
        for (var schema : kinds) {
            var list = new ArrayList<Values>();
            var array = node.get(schema.kind());
            if (array != null) {
                array.forEach(item -> list.add(StoredValues.decode(schema, item)));
            }
            objects.put(schema.kind(), List.copyOf(list));
        }
        var rollout = node.get("rollout");
        Split split = null;
        if (rollout != null && rollout.isObject()) {
            split = new Split(text(rollout, "id"), rollout.path("step_index").asInt(), rollout.path("percent").asInt(),
                    decodeService(rollout.path("candidate"), kinds).withSplit(null));
        }
        return new Service(text(node, "service_id"), node.path("version").asInt(), objects, split);
    }

    /**
     * Adds the POPs to a sync answer (shielding): {@code "pops":{"a":["127.0.0.1:8000"],"s":[…]}},
     * each POP with its live edges' addresses, and {@code "pops_digest"}, which the edge sends back
     * so that the API answers at once when the POPs change. An edge before shielding ignores both.
     */
    public static void encodePops(ObjectNode answer, Map<String, List<String>> pops, String digest) {
        var node = answer.putObject("pops");
        pops.forEach((pop, addresses) -> {
            var array = node.putArray(pop);
            addresses.forEach(array::add);
        });
        answer.put("pops_digest", digest);
    }

    /** The POPs of a sync answer; empty from an API node before shielding. */
    public static Map<String, List<String>> decodePops(JsonNode answer) {
        var pops = new LinkedHashMap<String, List<String>>();
        answer.path("pops").properties().forEach(entry -> {
            var addresses = new ArrayList<String>();
            entry.getValue().forEach(address -> addresses.add(address.asText()));
            pops.put(entry.getKey(), List.copyOf(addresses));
        });
        return pops;
    }

    /** The digest of a sync answer's POPs, null from an API node before shielding. */
    public static @org.jspecify.annotations.Nullable String popsDigest(JsonNode answer) {
        var digest = answer.get("pops_digest");
        return digest == null || !digest.isTextual() ? null : digest.asText();
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("edge feed: " + field + " is missing");
        }
        return value.asText();
    }
}
