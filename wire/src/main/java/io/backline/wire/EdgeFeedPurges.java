package io.backline.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The purges in the edge feed ({@link EdgeFeed}), beside the configuration: an edge reports the
 * last purge sequence it applied ({@code purged}, absent when it has none yet), and the answer
 * carries the purges after it, the sequence to report next, and whether the edge must empty its
 * cache instead ({@code purge_reset}: it is new, or it was away longer than the API keeps purges).
 *
 * <pre>{@code
 * request:  edge_id=edge-1&serving=…&purged=41&wait_seconds=20
 * response: {…, "purged":43, "purge_reset":false,
 *            "purges":[{"seq":42,"service_id":"…","kind":"keys","keys":["a","b"],"soft":true},
 *                      {"seq":43,"service_id":"…","kind":"url","host":"www.example.com","path":"/a?b=1","soft":false}]}
 * }</pre>
 *
 * An edge or an API node from before purges ignores these fields: the edge then reports none, and
 * the API answers none.
 */
public final class EdgeFeedPurges {
    /** Surrogate keys one purge may name (Fastly's limit for a batch). */
    public static final int MAX_KEYS = 256;

    private EdgeFeedPurges() {}

    /**
     * One purge as it travels: {@code kind} is {@code all}, {@code keys} or {@code url}; {@code keys}
     * is set for a key purge, {@code host} and {@code path} for a URL purge.
     */
    public record Item(long seq, String serviceId, String kind, List<String> keys, @Nullable String host, @Nullable String path,
            boolean soft) {
        public Item {
            Objects.requireNonNull(serviceId, "serviceId");
            keys = List.copyOf(keys);
        }
    }

    /** What one answer tells an edge about purges. */
    public record Answer(long purged, boolean reset, List<Item> purges) {
        public Answer {
            purges = List.copyOf(purges);
        }
    }

    /** Adds the answer's fields to a feed answer. */
    public static void encode(Answer answer, ObjectNode into) {
        into.put("purged", answer.purged());
        into.put("purge_reset", answer.reset());
        ArrayNode array = into.putArray("purges");
        for (var item : answer.purges()) {
            var node = array.addObject();
            node.put("seq", item.seq());
            node.put("service_id", item.serviceId());
            node.put("kind", item.kind());
            if (!item.keys().isEmpty()) {
                var keys = node.putArray("keys");
                item.keys().forEach(keys::add);
            }
            if (item.host() != null) {
                node.put("host", item.host());
            }
            if (item.path() != null) {
                node.put("path", item.path());
            }
            node.put("soft", item.soft());
        }
    }

    /** Reads the answer's purge fields; null when the API node sent none (it predates purges). */
    public static @Nullable Answer decode(JsonNode answer) {
        var purged = answer.get("purged");
        if (purged == null || !purged.canConvertToLong()) {
            return null;
        }
        var items = new ArrayList<Item>();
        for (var node : answer.path("purges")) {
            var keys = new ArrayList<String>();
            node.path("keys").forEach(key -> keys.add(key.asText()));
            items.add(new Item(node.path("seq").asLong(), text(node, "service_id"), text(node, "kind"), keys,
                    node.hasNonNull("host") ? node.get("host").asText() : null, node.hasNonNull("path") ? node.get("path").asText() : null,
                    node.path("soft").asBoolean()));
        }
        return new Answer(purged.asLong(), answer.path("purge_reset").asBoolean(), items);
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("edge feed: purge " + field + " is missing");
        }
        return value.asText();
    }
}
