package io.backline.sdk.models.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A typed view over one JSON object of an answer. Getters read leniently, as Fastly's own clients
 * must: a number may arrive as a string ({@code "priority": "10"}), a missing or null field is null.
 */
public abstract class JsonResponse {
    private static final Set<String> SECRETS = Set.of("ssl_client_key");

    private final JsonNode json;

    protected JsonResponse(JsonNode json) {
        this.json = json;
    }

    /** The object as received, for fields this type does not name. */
    public JsonNode json() {
        return json;
    }

    protected @Nullable String text(String field) {
        var node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    protected @Nullable Integer integer(String field) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asInt();
        }
        try {
            return Integer.valueOf(node.asText().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    protected @Nullable Boolean bool(String field) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        var text = node.asText();
        return text.equals("1") || text.equalsIgnoreCase("true");
    }

    protected @Nullable List<String> textList(String field) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        var out = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(item -> out.add(item.isTextual() ? item.asText() : item.toString()));
        } else {
            out.add(node.asText());
        }
        return List.copyOf(out);
    }

    protected @Nullable Instant instant(String field) {
        var text = text(field);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    protected <T> List<T> objects(String field, Function<JsonNode, T> type) {
        var node = json.get(field);
        if (node == null || !node.isArray()) {
            return List.of();
        }
        var out = new ArrayList<T>();
        node.forEach(item -> out.add(type.apply(item)));
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((JsonResponse) other).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /** The JSON, with private keys left out. */
    @Override
    public String toString() {
        var shown = json.deepCopy();
        if (shown.isObject()) {
            for (var secret : SECRETS) {
                if (shown.hasNonNull(secret)) {
                    ((ObjectNode) shown).put(secret, "…");
                }
            }
        }
        return getClass().getSimpleName() + shown;
    }
}
