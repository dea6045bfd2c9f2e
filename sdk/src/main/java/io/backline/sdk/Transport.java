package io.backline.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * One call's way through: URL from escaped path segments → form body → attempt → on 429, 5xx or
 * no answer, maybe wait and try again → the answer, or the typed exception for it.
 *
 * <p>Retries: a 429 means the API refused the request before doing anything, so every call is
 * retried on it, after the rate-limit reset when that is near (otherwise it surfaces at once); a
 * 5xx or a lost answer leaves the outcome unknown, so only idempotent calls are retried on those.
 */
final class Transport {
    /** Longest wait for a rate-limit reset before giving the 429 to the caller instead. */
    static final Duration MAX_RESET_WAIT = Duration.ofSeconds(60);
    private static final String USER_AGENT = "backline-sdk-java/0.1";

    private final HttpClient http;
    private final String base;
    private final Security security;
    private final RequestOptions defaults;
    private final Clock clock;

    Transport(HttpClient http, URI serverUrl, Security security, RequestOptions defaults, Clock clock) {
        this.http = http;
        var text = serverUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.security = security;
        this.defaults = defaults;
        this.clock = clock;
    }

    /**
     * One call.
     *
     * @param path unescaped segments ({@code "service", id, "version", "3", "backend", name})
     * @param form the body's fields in order, or null for none
     */
    record Call(String method, List<String> path, Map<String, String> query, @Nullable Map<String, String> form, boolean idempotent) {
        static Call get(List<String> path) {
            return new Call("GET", path, Map.of(), null, true);
        }
    }

    HttpResponse<byte[]> send(Call call, @Nullable RequestOptions perRequest) {
        return send(call, URI.create(base + path(call.path()) + query(call.query())), Map.of(), perRequest);
    }

    /**
     * A call with headers of its own, to {@code rawTarget} when it is not null: a path and query sent
     * as given (a URL to purge keeps its own escapes), or to the call's path otherwise.
     */
    HttpResponse<byte[]> send(Call call, @Nullable String rawTarget, Map<String, String> headers, @Nullable RequestOptions perRequest) {
        var uri = URI.create(base + (rawTarget != null ? rawTarget : path(call.path()) + query(call.query())));
        return send(call, uri, headers, perRequest);
    }

    /**
     * A JSON:API call (the TLS API): {@code document} sent as {@code application/vnd.api+json} when
     * not null, and that type accepted, as go-fastly sends them.
     */
    HttpResponse<byte[]> sendDocument(Call call, @Nullable String document, @Nullable RequestOptions perRequest) {
        return send(call, URI.create(base + path(call.path()) + query(call.query())), Map.of("Accept", JSON_API), perRequest, document);
    }

    private static final String JSON_API = "application/vnd.api+json";

    private HttpResponse<byte[]> send(Call call, URI uri, Map<String, String> headers, @Nullable RequestOptions perRequest) {
        return send(call, uri, headers, perRequest, null);
    }

    private HttpResponse<byte[]> send(Call call, URI uri, Map<String, String> headers, @Nullable RequestOptions perRequest,
            @Nullable String document) {
        var options = perRequest == null ? defaults : perRequest;
        var description = call.method() + " " + uri;
        var builder = HttpRequest.newBuilder(uri)
                .timeout(options.timeout())
                .header("Fastly-Key", security.token())
                .setHeader("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        headers.forEach(builder::setHeader);
        if (document != null) {
            builder.header("Content-Type", JSON_API).method(call.method(), HttpRequest.BodyPublishers.ofString(document));
        } else if (call.form() != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(form(call.form())));
        } else {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        var request = builder.build();
        for (int attempt = 0; ; attempt++) {
            boolean mayRetry = attempt < options.maxRetries();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (mayRetry && call.idempotent()) {
                    pause(backoff(options, attempt), description);
                    continue;
                }
                throw new ApiConnectionException("no answer: " + e, description, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionException("interrupted", description, e);
            }
            int status = response.statusCode();
            if (status < 400) {
                return response;
            }
            if (mayRetry && status == 429) {
                var wait = untilReset(response, options, attempt);
                if (wait != null) {
                    pause(wait, description);
                    continue;
                }
            } else if (mayRetry && status >= 500 && call.idempotent()) {
                pause(backoff(options, attempt), description);
                continue;
            }
            throw error(response, description);
        }
    }

    /** The number a version reference stands for: itself, or the highest / the active one of the service. */
    int version(String serviceId, VersionRef ref, @Nullable RequestOptions options) {
        if (ref.isNumber()) {
            return ref.number();
        }
        var path = List.of("service", serviceId, "version");
        var versions = json(send(Call.get(path), options));
        int chosen = 0;
        for (var version : versions) {
            int number = version.path("number").asInt();
            if (ref == VersionRef.ACTIVE ? version.path("active").asBoolean() : number > chosen) {
                chosen = number;
            }
        }
        if (chosen == 0) {
            throw new NotFoundException(404, "Record not found", "service " + serviceId + " has no " + ref + " version",
                    RateLimit.NONE, "GET " + base + path(path), "");
        }
        return chosen;
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return SdkJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the answer to " + response.request().method() + " " + response.uri()
                    + " is not JSON: " + abbreviated(new String(response.body(), StandardCharsets.UTF_8)), e);
        }
    }

    private @Nullable Duration untilReset(HttpResponse<byte[]> response, RequestOptions options, int attempt) {
        var retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                var wait = Duration.ofSeconds(Long.parseLong(retryAfter.get().strip()));
                return wait.compareTo(MAX_RESET_WAIT) <= 0 ? wait : null;
            } catch (NumberFormatException e) {
                // an HTTP date: fall through to the rate-limit reset
            }
        }
        var reset = RateLimit.of(response.headers()).reset();
        if (reset == null) {
            return backoff(options, attempt);
        }
        var wait = Duration.between(clock.instant(), reset);
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RESET_WAIT) <= 0 ? wait : null;
    }

    /** Exponential with "equal jitter": half the step fixed, half random, so clients spread out. */
    private static Duration backoff(RequestOptions options, int attempt) {
        long initial = options.initialBackoff().toMillis();
        long step = Math.min(options.maxBackoff().toMillis(), initial << Math.min(attempt, 20));
        long half = step / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    private static void pause(Duration wait, String description) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while waiting to retry", description, e);
        }
    }

    private static ApiException error(HttpResponse<byte[]> response, String description) {
        var body = new String(response.body(), StandardCharsets.UTF_8);
        String msg = "HTTP " + response.statusCode();
        String detail = null;
        try {
            var node = SdkJson.mapper().readTree(body);
            if (node != null && node.isObject() && node.path("errors").isArray() && !node.path("errors").isEmpty()) {
                // A JSON:API error (the TLS API): {"errors":[{"title","detail"}]}.
                var first = node.path("errors").get(0);
                msg = first.path("title").asText(msg);
                var d = first.get("detail");
                detail = d == null || d.isNull() ? null : d.asText();
            } else if (node != null && node.isObject()) {
                msg = node.path("msg").asText(msg);
                var d = node.get("detail");
                detail = d == null || d.isNull() ? null : d.asText();
            }
        } catch (IOException e) {
            detail = body.isBlank() ? null : abbreviated(body); // not Fastly's envelope (a proxy in between, say)
        }
        return ApiException.of(response.statusCode(), msg, detail, RateLimit.of(response.headers()), description, body);
    }

    /** Each segment escaped as RFC 3986 wants (a backend named {@code a/b} travels as {@code a%2Fb}). */
    static String path(List<String> segments) {
        var out = new StringBuilder();
        for (var segment : segments) {
            out.append('/');
            escape(segment, out);
        }
        return out.toString();
    }

    private static String query(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        var out = new StringBuilder();
        query.forEach((key, value) -> {
            out.append(out.isEmpty() ? '?' : '&');
            escape(key, out);
            out.append('=');
            escape(value, out);
        });
        return out.toString();
    }

    private static String form(Map<String, String> fields) {
        var out = new StringBuilder();
        fields.forEach((key, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            escape(key, out);
            out.append('=');
            escape(value, out);
        });
        return out.toString();
    }

    private static void escape(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
