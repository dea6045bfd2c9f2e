package io.backline.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's own errors (auth, limits, routing), each with its status and Fastly's
 * {@code msg}. Domain errors stay {@link io.backline.model.ConfigException}; {@link ApiErrors}
 * maps both.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        UNAUTHORIZED(401, "Provided credentials are missing or invalid"),
        READ_ONLY(403, "Read only tokens are not allowed to access this endpoint."),
        /** A token whose scopes do not cover the route (a purge-only token reading configuration, a purge without a purge scope). */
        SCOPE(403, "Forbidden"),
        NOT_FOUND(404, "Record not found"),
        NO_ROUTE(404, "Not found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"),
        /** A write the current state forbids (a TLS private key still used by a certificate). */
        CONFLICT(409, "Conflict"),
        TOO_LARGE(413, "Request entity too large"),
        RATE_LIMITED(429, "Too many requests"),
        BAD_REQUEST(400, "Bad request");

        final int status;
        final String msg;

        Kind(int status, String msg) {
            this.status = status;
            this.msg = msg;
        }
    }

    private final Kind kind;
    private final @Nullable String detail;
    private final Map<String, String> headers;

    ApiException(Kind kind, @Nullable String detail) {
        this(kind, detail, Map.of());
    }

    ApiException(Kind kind, @Nullable String detail, Map<String, String> headers) {
        super(kind.msg + (detail == null ? "" : ": " + detail), null, false, false);
        this.kind = kind;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    Kind kind() {
        return kind;
    }

    @Nullable String detail() {
        return detail;
    }

    Map<String, String> headers() {
        return headers;
    }
}
