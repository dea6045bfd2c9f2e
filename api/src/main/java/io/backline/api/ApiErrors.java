package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.store.StoreException;
import io.backline.wire.Shapes;
import io.backline.wire.WireException;
import java.util.Map;

/** The one place that turns an exception into a status and Fastly's {@code {"msg","detail"}} body. */
final class ApiErrors {
    private ApiErrors() {}

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
