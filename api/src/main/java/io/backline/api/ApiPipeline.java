package io.backline.api;

import io.backline.model.Input;
import io.backline.wire.RequestFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's request pipeline, independent of the HTTP server that carries it. The order
 * of the steps is {@link #handle}: route, authenticate, authorise (a read-only token's write is
 * refused before it costs budget), rate-limit, read the body within its limit, run the handler,
 * map any error to Fastly's envelope. Every answer carries its request id in
 * {@value #REQUEST_ID_HEADER}; a 5xx is logged with it, so an operator finds the cause of what a
 * client reports.
 */
public final class ApiPipeline {
    private static final System.Logger ACCESS = System.getLogger("io.backline.api.access");
    private static final System.Logger ERRORS = System.getLogger("io.backline.api.errors");

    /** The response header with the request id, as Fastly's API names it. */
    static final String REQUEST_ID_HEADER = "fastly-request-id";

    /** The parts of an HTTP request the pipeline reads; header names are lower case. */
    public record Request(String method, String rawPath, @Nullable String rawQuery, Map<String, String> headers,
            long contentLength, InputStream body) {}

    /** What goes back on the wire. */
    public record Response(int status, Map<String, String> headers, byte[] body) {}

    private final Router router;
    private final TokenService tokens;
    private final RateLimiter rateLimiter;
    private final int maxBodyBytes;
    private final AtomicLong requestIds = new AtomicLong();
    private final String idPrefix = Long.toString(
            ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);

    private final ApiMetrics metrics;

    ApiPipeline(Router router, TokenService tokens, RateLimiter rateLimiter, int maxBodyBytes, ApiMetrics metrics) {
        this.router = router;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /**
     * A new request id: this pipeline's random prefix, then a counter. Unique across the API nodes
     * behind one load balancer and across restarts (a counter alone would repeat on each), and
     * short enough to read out over the phone.
     */
    String nextRequestId() {
        return idPrefix + "-" + Long.toString(requestIds.incrementAndGet(), 36);
    }

    public Response handle(Request request) {
        long start = System.nanoTime();
        var requestId = nextRequestId();
        var headers = new LinkedHashMap<String, String>();
        ApiResponse response;
        Throwable failure = null;
        var method = request.method().equals("HEAD") ? "GET" : request.method();
        Router.Match match = null;
        try {
            match = router.match(method, request.rawPath());
            response = run(request, method, match, headers);
        } catch (RuntimeException | Error e) {
            failure = e;
            response = ApiErrors.toResponse(e, requestId);
            if (request.rawPath().startsWith("/tls/")) {
                response = ApiErrors.asJsonApi(response);
            }
        }
        headers.putAll(response.headers());
        headers.putIfAbsent("content-type", "application/json");
        headers.put("cache-control", "no-store");
        headers.put(REQUEST_ID_HEADER, requestId);
        if (response.status() >= 500) {
            // The token is never logged: the request id, the method, the path and the cause.
            ERRORS.log(Level.ERROR, "request " + requestId + ": " + request.method() + " " + request.rawPath() + " answered "
                    + response.status(), failure);
        }
        if (ACCESS.isLoggable(Level.DEBUG)) {
            // The token is never logged: only the method, the path and the outcome.
            ACCESS.log(Level.DEBUG, request.method() + " " + request.rawPath() + " " + response.status());
        }
        var bytes = response.bytes();
        metrics.record(method, match == null ? ApiMetrics.UNMATCHED : match.route().pattern(), response.status(), System.nanoTime() - start);
        return new Response(response.status(), headers, bytes);
    }

    private ApiResponse run(Request request, String method, Router.Match match, Map<String, String> headers) {
        var query = Call.parseQuery(request.rawQuery());
        var principal = switch (match.route().access()) {
            case PUBLIC -> new Principal("", TokenScopes.GLOBAL_READ, Visibility.ALL);
            case READ -> authorizeRead(authenticate(request));
            case WRITE -> authorizeWrite(authenticate(request), headers);
            case SELF -> authenticate(request);
            case PURGE_SELECT -> authorizePurge(authenticate(request), TokenScopes::purgesSelected, "purge_select");
            case PURGE_ALL -> authorizePurge(authenticate(request), TokenScopes::purgesAll, "purge_all");
        };
        var body = method.equals("GET") || method.equals("DELETE") ? Input.empty() : readBody(request);
        var host = request.headers().getOrDefault("host", "127.0.0.1");
        var call = new Call(method, match.params(), query, body, match.route().body(), principal, "http://" + host, request.rawPath(),
                request.rawQuery(), request.headers(), request.headers().get("accept"));
        return match.route().handler().handle(call);
    }

    private Principal authenticate(Request request) {
        var key = request.headers().get("fastly-key");
        if (key == null || key.isBlank()) {
            throw new ApiException(ApiException.Kind.UNAUTHORIZED, "no Fastly-Key header (expected: an API token in Fastly-Key)");
        }
        return tokens.verify(key.strip()).orElseThrow(() -> new ApiException(ApiException.Kind.UNAUTHORIZED,
                "the Fastly-Key token is unknown or revoked (expected: a token from `backline token create`)"));
    }

    private static Principal authorizeRead(Principal principal) {
        if (!principal.scopes().reads()) {
            throw new ApiException(ApiException.Kind.SCOPE, "this token has scope " + principal.scopes().wire()
                    + " (expected: a token with scope global or global:read to read configuration)");
        }
        return principal;
    }

    /** Purges are not charged to the write budget: Fastly does not count them against its rate limit either. */
    private static Principal authorizePurge(Principal principal, java.util.function.Predicate<TokenScopes> allowed, String scope) {
        if (!allowed.test(principal.scopes())) {
            throw new ApiException(ApiException.Kind.SCOPE, "this token has scope " + principal.scopes().wire()
                    + " (expected: a token with scope " + scope + " or global for this purge)");
        }
        return principal;
    }

    private Principal authorizeWrite(Principal principal, Map<String, String> headers) {
        // Refused before it is charged: a write that cannot happen must not spend the budget.
        if (!principal.scopes().writes()) {
            if (principal.scopes().reads()) {
                throw new ApiException(ApiException.Kind.READ_ONLY, "this token has scope " + principal.scopes().wire()
                        + " (expected: a token with scope global for writes)");
            }
            throw new ApiException(ApiException.Kind.SCOPE, "this token has scope " + principal.scopes().wire()
                    + " (expected: a token with scope global for writes)");
        }
        if (rateLimiter.enabled()) {
            var charge = rateLimiter.charge(principal.tokenId());
            headers.put("fastly-ratelimit-remaining", Integer.toString(charge.remaining()));
            headers.put("fastly-ratelimit-reset", Long.toString(charge.resetEpochSecond()));
            if (!charge.allowed()) {
                throw new ApiException(ApiException.Kind.RATE_LIMITED,
                        "this token has used its write budget for this hour (resets at epoch second " + charge.resetEpochSecond() + ")");
            }
        }
        return principal;
    }

    /** Every route, in the order they are tried (for tests that walk the API). */
    List<Router.Route> routes() {
        return router.routes();
    }

    private Input readBody(Request request) {
        if (request.contentLength() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body;
        try {
            body = request.body().readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read request body", e);
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        return RequestFields.parse(request.headers().getOrDefault("content-type", ""), body);
    }

    private ApiException tooLarge() {
        return new ApiException(ApiException.Kind.TOO_LARGE, "body: larger than " + maxBodyBytes + " bytes (expected: at most "
                + maxBodyBytes + " bytes)");
    }
}
