package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The API answered with an error status. Carries the status, Fastly's {@code msg} and
 * {@code detail}, the rate-limit figures of that answer and the call. The subclass says the
 * status class ({@link ClientErrorException}, {@link ServerErrorException}) and, for the statuses
 * a program reacts to, the status itself.
 *
 * <pre>{@code
 * try {
 *     client.backend().getBackend(request);
 * } catch (NotFoundException e) {
 *     // create it instead
 * } catch (ApiException e) {
 *     log.warn("{} -> {} {}: {}", e.request(), e.statusCode(), e.msg(), e.detail());
 * }
 * }</pre>
 */
public abstract class ApiException extends BacklineException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String msg;
    private final @Nullable String detail;
    private final transient RateLimit rateLimit;
    private final String body;

    ApiException(int statusCode, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(statusCode + " " + msg + (detail == null || detail.isEmpty() ? "" : ": " + detail) + " (" + request + ")", request, null);
        this.statusCode = statusCode;
        this.msg = msg;
        this.detail = detail;
        this.rateLimit = rateLimit;
        this.body = body;
    }

    static ApiException of(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        return switch (status) {
            case 400 -> new BadRequestException(status, msg, detail, rateLimit, request, body);
            case 401 -> new AuthenticationException(status, msg, detail, rateLimit, request, body);
            case 403 -> new PermissionException(status, msg, detail, rateLimit, request, body);
            case 404 -> new NotFoundException(status, msg, detail, rateLimit, request, body);
            case 409 -> new ConflictException(status, msg, detail, rateLimit, request, body);
            case 422 -> new UnprocessableException(status, msg, detail, rateLimit, request, body);
            case 429 -> new RateLimitException(status, msg, detail, rateLimit, request, body);
            default -> status >= 500 ? new ServerErrorException(status, msg, detail, rateLimit, request, body)
                    : new ClientErrorException(status, msg, detail, rateLimit, request, body);
        };
    }

    public int statusCode() {
        return statusCode;
    }

    /** Fastly's short message ({@code "Bad request"}, {@code "Record not found"}, …). */
    public String msg() {
        return msg;
    }

    /** What was wrong, naming the field and the rule when the API says so; null when it gave none. */
    public @Nullable String detail() {
        return detail;
    }

    public RateLimit rateLimit() {
        return rateLimit;
    }

    /** The answer's body as received. */
    public String body() {
        return body;
    }
}
