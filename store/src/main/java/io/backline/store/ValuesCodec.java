package io.backline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.Field;
import io.backline.model.Schema;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Stores an object's field values as one JSON document keyed by field name. New fields added to a
 * schema read as their stored absence (null), so adding a field needs no migration.
 */
final class ValuesCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ValuesCodec() {}

    static String encode(Values values) {
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
                default -> throw new StoreException("cannot store " + value.getClass() + " in " + field);
            }
        }
        return node.toString();
    }

    static Values decode(Schema schema, String body) {
        ObjectNode node;
        try {
            node = (ObjectNode) MAPPER.readTree(body);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("corrupt object body for " + schema.kind(), e);
        }
        var raw = new @Nullable Object[schema.fields().size()];
        int i = 0;
        for (var field : schema.fields()) {
            raw[i++] = read(field, node.get(field.name()));
        }
        return Values.fromRaw(schema, raw);
    }

    private static @Nullable Object read(Field<?> field, @Nullable JsonNode node) {
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
