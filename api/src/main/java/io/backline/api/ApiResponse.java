package io.backline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, a JSON body and extra headers. */
record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, copy);
    }
}
