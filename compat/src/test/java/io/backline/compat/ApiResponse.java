package io.backline.compat;

import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** One answer of the Backline API, kept raw so that failures can show the whole exchange. */
record ApiResponse(String method, String path, int status, HttpHeaders headers, String body) {

    /** The body parsed as JSON. */
    JsonNode json() {
        try {
            return BacklineApi.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + describe(), e);
        }
    }

    String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    /** A readable account of the exchange, for assertion messages. */
    String describe() {
        return method + " " + path + " -> " + status + " " + headers.map() + "\n" + body;
    }

    @Override
    public String toString() {
        return describe();
    }
}
