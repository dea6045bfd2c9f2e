package io.backline.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests go-fastly sends, byte for byte where it matters, for a suite that replays the
 * Terraform provider without Go: {@code Fastly-Key} and go-fastly's {@code User-Agent}; form bodies
 * as go-querystring encodes an input struct (keys sorted, Go's {@code url.QueryEscape}, a set
 * pointer sent even when it points at "" or 0); health-check {@code headers} rewritten as go-fastly's
 * {@code parseHealthCheckHeaders} does (one field holding {@code ["Name:value",…]}, the space after
 * the colon dropped, quotes and colons unescaped); and success meaning a status from 200 to 207
 * ({@code checkResp}). Written for the test, not taken from go-fastly: its logic is read from
 * {@code fastly/client.go} and re-expressed here.
 */
final class GoFastlyWire {
    static final String USER_AGENT = "FastlyGo/14.0.0 (+github.com/fastly/go-fastly; go1.25.0)";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String token;
    private final List<String> sent = new ArrayList<>();

    GoFastlyWire(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Every request sent so far, as {@code METHOD path} (and {@code ?query}), for the test's report. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    /** {@code c.Get(path)}. */
    ApiResponse get(String path) {
        return send("GET", path, null);
    }

    /** {@code c.Put(path)}: no body, as clone, activate and the environment routes go. */
    ApiResponse put(String path) {
        return send("PUT", path, null);
    }

    /** {@code c.Delete(path)}. */
    ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code c.PostForm(path, input)} with the input's url-tagged fields that are set. */
    ApiResponse postForm(String path, Map<String, String> fields) {
        return send("POST", path, encode(fields));
    }

    /** {@code c.PutForm(path, input)}. */
    ApiResponse putForm(String path, Map<String, String> fields) {
        return send("PUT", path, encode(fields));
    }

    /** A health-check create or update: the form, then {@code headers} rewritten as go-fastly rewrites it. */
    ApiResponse postHealthCheck(String path, Map<String, String> fields, List<String> headers) {
        return send("POST", path, withHealthCheckHeaders(encode(fields), headers));
    }

    /**
     * go-querystring's encoding of a struct: {@code url.Values.Encode()}, which sorts by key and
     * escapes with {@code url.QueryEscape}.
     */
    static String encode(Map<String, String> fields) {
        var parts = new ArrayList<String>();
        new TreeMap<>(fields).forEach((key, value) -> parts.add(queryEscape(key) + "=" + queryEscape(value)));
        return String.join("&", parts);
    }

    /**
     * What {@code parseHealthCheckHeaders} makes of {@code headers=…} fields: go-querystring encodes a
     * {@code *[]string} as one {@code headers=} pair per element; go-fastly takes each value, turns
     * {@code %3A+} (": ") into ":", quotes it with {@code %q} and appends
     * {@code headers=%5B"a","b"%5D} at the end.
     */
    static String withHealthCheckHeaders(String body, List<String> headers) {
        if (headers.isEmpty()) {
            return body;
        }
        var quoted = new ArrayList<String>();
        for (var header : headers) {
            quoted.add("\"" + queryEscape(header).replace("%3A+", ":") + "\"");
        }
        return (body.isEmpty() ? "" : body + "&") + "headers=%5B" + String.join(",", quoted) + "%5D";
    }

    /** Go's {@code url.QueryEscape}: everything but letters, digits and {@code -_.~} escaped, space as '+'. */
    static String queryEscape(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** go-fastly's {@code checkResp}: 200 to 207 is success. */
    static boolean succeeded(ApiResponse response) {
        return response.status() >= 200 && response.status() <= 207;
    }

    private ApiResponse send(String method, String path, String form) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Fastly-Key", token)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        if (form == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        }
        sent.add(method + " " + path);
        try {
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(method, path + (form == null ? "" : " [" + form + "]"), response.statusCode(), response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + ": interrupted", e);
        }
    }
}
