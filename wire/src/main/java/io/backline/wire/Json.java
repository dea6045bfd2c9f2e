package io.backline.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON mapper and Fastly's timestamp format: UTC, second precision, {@code Z}
 * ({@code 2026-05-06T18:11:06Z}). Never epoch numbers: the Fastly CLI fails to decode those.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            // "{...} junk" is not a JSON object; refuse it rather than read the first value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Records rendered as JSON (explain, health) speak Fastly's snake_case.
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Instants inside those records take the same format as every timestamp of the API.
            .registerModule(new SimpleModule("backline-time")
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        @Override
                        public void serialize(Instant value, JsonGenerator generator,
                                SerializerProvider provider) throws IOException {
                            generator.writeString(time(value));
                        }
                    }));

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static @Nullable String time(@Nullable Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
