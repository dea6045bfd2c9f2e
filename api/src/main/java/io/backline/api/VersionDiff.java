package io.backline.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigObject;
import io.backline.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An object-level diff of two versions: per kind and name, which objects were added, removed or
 * changed, and for a change the fields that moved. A rename reads as a removal and an addition,
 * since names are the objects' identity in Fastly's API.
 */
final class VersionDiff {
    /** One field that differs. */
    record FieldChange(String field, @Nullable Object from, @Nullable Object to) {}

    /** One object that differs. */
    record Change(String kind, String name, String change, List<FieldChange> fields) {}

    private VersionDiff() {}

    static List<Change> between(ConfigService.VersionContents from, ConfigService.VersionContents to) {
        var changes = new ArrayList<Change>();
        for (var kind : from.objects().keySet()) {
            var before = byName(from.objects().get(kind));
            var after = byName(to.objects().getOrDefault(kind, List.of()));
            for (var entry : before.entrySet()) {
                var now = after.get(entry.getKey());
                if (now == null) {
                    changes.add(new Change(kind, entry.getKey(), "removed", List.of()));
                } else {
                    var fields = fields(entry.getValue(), now);
                    if (!fields.isEmpty()) {
                        changes.add(new Change(kind, entry.getKey(), "changed", fields));
                    }
                }
            }
            for (var name : after.keySet()) {
                if (!before.containsKey(name)) {
                    changes.add(new Change(kind, name, "added", List.of()));
                }
            }
        }
        return changes;
    }

    private static List<FieldChange> fields(ConfigObject before, ConfigObject after) {
        var result = new ArrayList<FieldChange>();
        for (var field : before.schema().fields()) {
            var a = before.values().raw(field);
            var b = after.values().raw(field);
            if (!Objects.equals(a, b)) {
                // The diff speaks the wire's types: a condition's priority is a string there.
                result.add(field.wireAsString()
                        ? new FieldChange(field.name(), wireText(a), wireText(b))
                        : new FieldChange(field.name(), a, b));
            }
        }
        return result;
    }

    /** A value as the wire writes a field answered as a string: {@code "100"}, and a flag as {@code "1"} or {@code "0"}. */
    private static @Nullable String wireText(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case Boolean flag -> flag ? "1" : "0";
            default -> value.toString();
        };
    }

    private static Map<String, ConfigObject> byName(List<ConfigObject> objects) {
        var map = new LinkedHashMap<String, ConfigObject>();
        objects.forEach(o -> map.put(o.name(), o));
        return map;
    }

    static ArrayNode json(List<Change> changes) {
        var array = Json.mapper().createArrayNode();
        for (var change : changes) {
            ObjectNode node = array.addObject();
            node.put("kind", change.kind());
            node.put("name", change.name());
            node.put("change", change.change());
            var fields = node.putArray("fields");
            for (var field : change.fields()) {
                var f = fields.addObject();
                f.put("field", field.field());
                f.set("from", Json.mapper().valueToTree(field.from()));
                f.set("to", Json.mapper().valueToTree(field.to()));
            }
        }
        return array;
    }

    static String text(VersionNumber from, VersionNumber to, List<Change> changes) {
        var out = new StringBuilder("--- version ").append(from).append("\n+++ version ").append(to).append('\n');
        for (var change : changes) {
            var mark = switch (change.change()) {
                case "added" -> "+";
                case "removed" -> "-";
                default -> "~";
            };
            out.append(mark).append(' ').append(change.kind()).append(" \"").append(change.name()).append("\"\n");
            for (var field : change.fields()) {
                out.append("    ").append(field.field()).append(": ").append(render(field.from())).append(" -> ")
                        .append(render(field.to())).append('\n');
            }
        }
        return out.toString();
    }

    private static String render(@Nullable Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> Json.mapper().valueToTree(text).toString();
            default -> String.valueOf(value);
        };
    }
}
