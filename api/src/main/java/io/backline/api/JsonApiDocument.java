package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.Input;
import io.backline.model.InputValue;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of a JSON:API request document ({@code application/vnd.api+json}), as go-fastly
 * and the Fastly CLI send it to the TLS API: attributes by name, to-one relationships by id. Every
 * field is checked for its type; a wrong or missing one is a 400 naming its path
 * ({@code data.attributes.cert_blob}). The {@code type} member is not checked: go-fastly sends an
 * empty one when it creates an activation.
 */
final class JsonApiDocument {
    private final InputValue.ObjectValue data;

    private JsonApiDocument(InputValue.ObjectValue data) {
        this.data = data;
    }

    static JsonApiDocument of(Input body) {
        var values = body.get("data");
        if (values.isEmpty()) {
            throw ConfigException.invalid("data: missing (expected: a JSON:API document {\"data\":{\"type\":…,\"attributes\":{…}}} sent as"
                    + " application/vnd.api+json)");
        }
        if (!(values.getLast() instanceof InputValue.ObjectValue object)) {
            throw ConfigException.invalid("data: " + values.getLast().describe() + " (expected: a JSON:API resource object)");
        }
        return new JsonApiDocument(object);
    }

    /** A non-empty string attribute; absent, null, empty or another type is a 400. */
    String requiredAttribute(String name, int maxLength) {
        var text = attribute(name, true, maxLength);
        if (text == null) {
            throw new IllegalStateException("attribute(required) answered null");
        }
        return text;
    }

    /** A string attribute, or null when absent; a JSON null or another type is refused when required. */
    @Nullable String attribute(String name, boolean required, int maxLength) {
        var value = member(member(data, "attributes", "data"), name, "data.attributes");
        var path = "data.attributes." + name;
        if (value == null || value instanceof InputValue.Null) {
            if (required) {
                throw ConfigException.invalid(path + ": missing (expected: a string)");
            }
            return null;
        }
        if (!(value instanceof InputValue.Text text)) {
            throw ConfigException.invalid(path + ": " + value.describe() + " (expected: a string)");
        }
        if (text.text().length() > maxLength) {
            throw ConfigException.invalid(path + ": " + text.text().length() + " characters (expected: at most " + maxLength + ")");
        }
        if (required && text.text().isBlank()) {
            throw ConfigException.invalid(path + ": empty (expected: a non-empty string)");
        }
        return text.text();
    }

    /** A boolean attribute; absent or null answers {@code absent}. */
    boolean flag(String name, boolean absent) {
        var value = member(member(data, "attributes", "data"), name, "data.attributes");
        return switch (value) {
            case null -> absent;
            case InputValue.Null n -> absent;
            case InputValue.Bool b -> b.value();
            default -> throw ConfigException.invalid("data.attributes." + name + ": " + value.describe() + " (expected: true or false)");
        };
    }

    /** The id of a required to-one relationship; absent is a 400. */
    String requiredRelationship(String name) {
        var id = relationship(name, true);
        if (id == null) {
            throw new IllegalStateException("relationship(required) answered null");
        }
        return id;
    }

    /** The id of a to-one relationship ({@code relationships.NAME.data.id}), or null when absent. */
    @Nullable String relationship(String name, boolean required) {
        var path = "data.relationships." + name;
        var relationship = member(member(data, "relationships", "data"), name, "data.relationships");
        var target = member(relationship, "data", path);
        var id = member(target, "id", path + ".data");
        if (id == null || id instanceof InputValue.Null) {
            if (required) {
                throw ConfigException.invalid(path + ".data.id: missing (expected: the related resource's id)");
            }
            return null;
        }
        if (!(id instanceof InputValue.Text text) || text.text().isBlank() || text.text().length() > 255) {
            throw ConfigException.invalid(path + ".data.id: " + id.describe() + " (expected: the related resource's id, a string)");
        }
        return text.text();
    }

    /** A member of an object, or null when the object or the member is absent; a non-object is refused. */
    private static @Nullable InputValue member(@Nullable InputValue object, String name, String path) {
        return switch (object) {
            case null -> null;
            case InputValue.Null n -> null;
            case InputValue.ObjectValue o -> o.members().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue)
                    .reduce((first, second) -> second).orElse(null);
            default -> throw ConfigException.invalid(path + ": " + object.describe() + " (expected: an object)");
        };
    }

    /** The query's {@code page[number]} and {@code page[size]} (Fastly's defaults: 1 and 100). */
    record Page(int number, int size) {
        static Page of(Call call) {
            return new Page(positive(call, "page[number]", 1, Integer.MAX_VALUE), positive(call, "page[size]", 100, 1000));
        }

        private static int positive(Call call, String name, int absent, int max) {
            var text = call.queryValue(name);
            if (text == null || text.isEmpty()) {
                return absent;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw ConfigException.invalid(name + ": '" + text + "' (expected: a whole number from 1 to " + max + ")");
        }

        <T> List<T> of(List<T> all) {
            long from = (long) (number - 1) * size;
            return from >= all.size() ? List.of() : all.subList((int) from, (int) Math.min(all.size(), from + size));
        }
    }

    /** A {@code true}/{@code false} query filter, or null when absent. */
    static @Nullable Boolean booleanFilter(Call call, String name) {
        var text = call.queryValue(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(name + ": '" + text + "' (expected: true or false)");
        };
    }
}
