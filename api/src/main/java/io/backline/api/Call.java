package io.backline.api;

import io.backline.model.Changes;
import io.backline.model.Input;
import io.backline.model.Schema;
import io.backline.model.ServiceId;
import io.backline.wire.RequestFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated API request as handlers see it: decoded path parameters, query parameters,
 * the body as sent, the schema its route reads it with, the caller, the raw query (a URL to purge
 * keeps its own), the request's headers by lower-case name (purges read {@code Surrogate-Key} and
 * {@code Fastly-Soft-Purge} from them), and the Accept header (for the one route that negotiates its
 * format, the metrics).
 */
record Call(
        String method,
        Map<String, String> params,
        Map<String, List<String>> query,
        Input body,
        @Nullable Schema schema,
        Principal principal,
        String baseUrl,
        String rawPath,
        @Nullable String rawQuery,
        Map<String, String> headers,
        @Nullable String accept) {

    /**
     * The body read by the route's schema: every value checked for its field's type and rule (a
     * 400 naming the field otherwise). Handlers call it after the path's checks, so an unknown
     * service or version is a 404 whatever the body holds.
     */
    Changes changes() {
        if (schema == null) {
            throw new IllegalStateException("this route reads no body; register it with its schema");
        }
        return schema.parse(body);
    }

    /** A request header by its lower-case name, or null. */
    @Nullable String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    String param(String name) {
        var value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    /** The service in the path, checked against the caller's service restriction. */
    ServiceId serviceId() {
        var id = new ServiceId(param("sid"));
        principal.requireService(id);
        return id;
    }

    /** The version number in the path: a positive integer, or a 400 that says so. */
    VersionNumber version() {
        return VersionNumber.parse("version", param("v"));
    }

    @Nullable String queryValue(String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    static Map<String, List<String>> parseQuery(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        var query = RequestFields.form(rawQuery.getBytes(StandardCharsets.UTF_8), "query");
        query.forEach((key, values) -> values.forEach(value -> PathCodec.refuseNul("query: " + key, value)));
        return query;
    }
}
