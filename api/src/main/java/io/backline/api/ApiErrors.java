package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.store.StoreException;
import io.backline.wire.Shapes;
import io.backline.wire.WireException;
import java.util.Map;

/** The one place that turns an exception into a status and Fastly's {@code {"msg","detail"}} body. */
final class ApiErrors {
    private ApiErrors() {}

    /**
     * An error of the JSON:API routes (the TLS API) as JSON:API errors, which go-fastly decodes by
     * the content type {@code application/vnd.api+json}:
     * {@code {"errors":[{"status":"400","title":msg,"detail":detail}]}}.
     */
    static ApiResponse asJsonApi(ApiResponse error) {
        var body = error.body();
        var document = io.backline.wire.Json.object();
        var item = document.putArray("errors").addObject();
        item.put("status", Integer.toString(error.status()));
        item.put("title", body == null ? "Error" : body.path("msg").asText("Error"));
        if (body != null && body.has("detail")) {
            item.put("detail", body.path("detail").asText());
        }
        var headers = new java.util.LinkedHashMap<>(error.headers());
        headers.put("content-type", TlsDocuments.MEDIA_TYPE);
        return new ApiResponse(error.status(), document, headers);
    }

    static ApiResponse toResponse(Throwable error, String requestId) {
        return switch (error) {
            case ConfigException e -> {
                var status = switch (e.code()) {
                    case INVALID, STATE -> 400;
                    case NOT_FOUND -> 404;
                    case DUPLICATE -> 409;
                    case VERSION_LOCKED -> 422;
                };
                var msg = switch (e.code()) {
                    case INVALID, STATE -> "Bad request";
                    case NOT_FOUND -> "Record not found";
                    case DUPLICATE -> "Duplicate record";
                    case VERSION_LOCKED -> "Version locked";
                };
                yield new ApiResponse(status, Shapes.error(msg, e.detail()), Map.of());
            }
            case ApiException e -> new ApiResponse(e.kind().status, Shapes.error(e.kind().msg, e.detail()), e.headers());
            case WireException e -> new ApiResponse(400, Shapes.error("Bad request", e.detail()), Map.of());
            // The database is down or busy: a client may retry, so say so instead of a bare 500. A write
            // whose commit broke may have happened; the detail says that the outcome is unknown.
            case StoreException e when e.reason() != StoreException.Reason.FAILED -> new ApiResponse(503,
                    Shapes.error("Service unavailable", e.reason() == StoreException.Reason.OUTCOME_UNKNOWN
                            ? "request " + requestId + ": the database connection broke during the commit; the write may or may not have"
                                    + " happened (read it back before retrying)"
                            : "request " + requestId + ": the database is unavailable; nothing was written (retry later)"),
                    Map.of("Retry-After", "1"));
            // The pipeline logs every 5xx with its request id and cause.
            default -> new ApiResponse(500, Shapes.error("Internal server error",
                    "request " + requestId + " failed on the server; its log has the cause"), Map.of());
        };
    }
}
