package io.backline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.wire.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a handler answers: a status, a JSON body and extra headers. */
record ApiResponse(int status, @Nullable JsonNode body, byte @Nullable [] rendered, Map<String, String> headers) {

    ApiResponse(int status, JsonNode body, Map<String, String> headers) {
        this(status, body, null, headers);
    }

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }

    /** A 200 whose JSON is already rendered (from {@link CachedObjectReads}). */
    static ApiResponse okRendered(byte[] json) {
        return new ApiResponse(200, null, json, Map.of());
    }

    /** A 200 with a registry's scrape, in the format it was asked in. */
    static ApiResponse metrics(MetricsScrape scrape) {
        return new ApiResponse(200, null, scrape.body(), Map.of("content-type", scrape.contentType()));
    }

    byte[] bytes() {
        return rendered != null ? rendered : Json.bytes(Objects.requireNonNull(body));
    }

    ApiResponse withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, rendered, copy);
    }
}
