package io.backline.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.Field;
import io.backline.model.Schema;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one codec of stored values: an object's fields as one JSON object keyed by field name. A
 * field added to a schema later reads as its stored absence (null, or an empty list), so adding a
 * field needs no migration.
 *
 * <pre>{@code
 * String body = StoredValues.write(backend.values());            // {"name":"origin","port":443,...}
 * Values same = StoredValues.read(BackendSchema.SCHEMA, body);
 * }</pre>
 *
 * Its mapper is its own, not the wire's: Fastly's naming and timestamp format must never change
 * what is already stored.
 */
public final class StoredValues {
    /** Tree reading and writing only; a stored body with anything after its object is corrupt. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private StoredValues() {}

    /** Every field of the values' schema, by name, with its value (null where unset). */
    public static ObjectNode encode(Values values) {
        var node = JsonNodeFactory.instance.objectNode();
        for (var field : values.schema().fields()) {
            var value = values.raw(field);
            switch (value) {
                case null -> node.putNull(field.name());
                case String text -> node.put(field.name(), text);
                case Integer number -> node.put(field.name(), number);
                case Boolean flag -> node.put(field.name(), flag);
                case List<?> list -> {
                    var array = node.putArray(field.name());
                    list.forEach(item -> array.add(String.valueOf(item)));
                }
                default -> throw new IllegalArgumentException(field.name() + ": a " + value.getClass().getSimpleName()
                        + " (expected: text, integer, boolean or a list of texts)");
            }
        }
        return node;
    }

    /** Reads the values of one object; a field the node lacks is unset. */
    public static Values decode(Schema schema, JsonNode node) {
        var raw = new @Nullable Object[schema.fields().size()];
        int i = 0;
        for (var field : schema.fields()) {
            raw[i++] = value(field, node.get(field.name()));
        }
        return Values.fromRaw(schema, raw);
    }

    /** {@link #encode} as compact JSON text, the form a store keeps. */
    public static String write(Values values) {
        return encode(values).toString();
    }

    /** {@link #decode} from JSON text; {@link IllegalArgumentException} when the text is not one JSON object. */
    public static Values read(Schema schema, String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(schema.kind() + " body: not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(schema.kind() + " body: " + node.getNodeType() + " (expected: a JSON object)");
        }
        return decode(schema, object);
    }

    private static @Nullable Object value(Field<?> field, @Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return field.kind() == Field.Kind.TEXT_LIST ? List.of() : null;
        }
        return switch (field.kind()) {
            case TEXT -> node.asText();
            case INTEGER -> node.asInt();
            case BOOLEAN -> node.asBoolean();
            case TEXT_LIST -> {
                var list = new ArrayList<String>();
                node.forEach(item -> list.add(item.asText()));
                yield List.copyOf(list);
            }
        };
    }
}
