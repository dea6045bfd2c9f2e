package io.backline.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one flat JSON object (an access-log line) into a map, keeping nulls and the numbers' types. */
final class JsonLine {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonLine() {}

    static Map<String, Object> parse(String line) {
        try (var parser = JSON.createParser(line)) {
            var fields = new LinkedHashMap<String, Object>();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object: " + line);
            }
            for (var token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                var name = parser.currentName();
                var value = parser.nextToken();
                fields.put(name, switch (value) {
                    case VALUE_NULL -> null;
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT -> parser.getLongValue();
                    case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                    case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
                    default -> throw new IllegalArgumentException("not flat: " + line);
                });
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one value: " + line);
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
