package io.backline.compat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * Plain HTTP access to the Backline API, used to check what the server holds after a client has run and to
 * set up state quickly. Requests are form-encoded, as the Fastly clients send them.
 *
 * <pre>{@code
 * BacklineApi api = new BacklineApi(server.baseUri(), server.adminToken());
 * JsonNode backend = api.get("/service/" + sid + "/version/1/backend/" + BacklineApi.segment("a/b")).json();
 * }</pre>
 */
final class BacklineApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final URI baseUri;
    private final @Nullable String token;

    BacklineApi(URI baseUri, @Nullable String token) {
        this.baseUri = baseUri;
        this.token = token;
    }

    /** The same server with another token; {@code null} sends no {@code Fastly-Key}. */
    BacklineApi withToken(@Nullable String otherToken) {
        return new BacklineApi(baseUri, otherToken);
    }

    /** Percent-encodes one path segment the way Go's {@code url.PathEscape} does for names. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds an ordered form from alternating keys and values. */
    static Map<String, String> form(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("form: odd number of arguments (expected: key, value pairs)");
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    ApiResponse get(String path) {
        return send("GET", path, null);
    }

    ApiResponse post(String path, Map<String, String> form) {
        return send("POST", path, form);
    }

    /** A POST of a form body written by hand, e.g. with repeated keys ({@code a=1&a=2}). */
    ApiResponse postRaw(String path, String formBody) {
        return sendBody("POST", path, formBody);
    }

    ApiResponse put(String path, Map<String, String> form) {
        return send("PUT", path, form);
    }

    ApiResponse put(String path) {
        return send("PUT", path, null);
    }

    ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    /** GET that must answer 200; returns the JSON body. */
    JsonNode getOk(String path) {
        return ok(get(path));
    }

    /** Creates a service and returns its id. */
    String createService(String name) {
        return ok(post("/service", form("name", name, "type", "vcl"))).path("id").asText();
    }

    /** Creates a backend on a version, failing unless the server answers 200. */
    JsonNode createBackend(String serviceId, int version, String name, String address) {
        return ok(post("/service/" + serviceId + "/version/" + version + "/backend",
                form("name", name, "address", address)));
    }

    /** Creates a REQUEST condition that backends can name in {@code request_condition}. */
    JsonNode createCondition(String serviceId, int version, String name) {
        return ok(post("/service/" + serviceId + "/version/" + version + "/condition",
                form("name", name, "statement", "req.url ~ \"^/" + name + "\"", "type", "REQUEST", "priority", "10")));
    }

    /** Creates a health check that backends can name in {@code healthcheck}. */
    JsonNode createHealthcheck(String serviceId, int version, String name) {
        return ok(post("/service/" + serviceId + "/version/" + version + "/healthcheck",
                form("name", name, "host", "health.example.com", "path", "/health")));
    }

    /** Creates a domain on a version, failing unless the server answers 200. */
    JsonNode createDomain(String serviceId, int version, String name) {
        return ok(post("/service/" + serviceId + "/version/" + version + "/domain", form("name", name)));
    }

    /**
     * One per-version object as stored, or the failed exchange: {@code kind} is the path segment
     * ({@code backend}, {@code condition}, {@code healthcheck}, {@code domain}).
     */
    ApiResponse object(String serviceId, int version, String kind, String name) {
        return get("/service/" + serviceId + "/version/" + version + "/" + kind + "/" + segment(name));
    }

    /** The names of a version's objects of one kind, in the order the API lists them. */
    List<String> names(String serviceId, int version, String kind) {
        List<String> names = new ArrayList<>();
        getOk("/service/" + serviceId + "/version/" + version + "/" + kind)
                .forEach(object -> names.add(object.path("name").asText()));
        return names;
    }

    /** The backend as stored, or the failed exchange. */
    ApiResponse backend(String serviceId, int version, String name) {
        return get("/service/" + serviceId + "/version/" + version + "/backend/" + segment(name));
    }

    JsonNode version(String serviceId, int version) {
        return getOk("/service/" + serviceId + "/version/" + version);
    }

    JsonNode activate(String serviceId, int version) {
        return ok(put("/service/" + serviceId + "/version/" + version + "/activate"));
    }

    static JsonNode ok(ApiResponse response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200 but got " + response.status() + ":\n" + response.describe());
        }
        return response.json();
    }

    private ApiResponse send(String method, String path, @Nullable Map<String, String> form) {
        if (form == null) {
            return sendBody(method, path, null);
        }
        StringJoiner body = new StringJoiner("&");
        form.forEach((key, value) -> body.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return sendBody(method, path, body.toString());
    }

    private ApiResponse sendBody(String method, String path, @Nullable String formBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(TIMEOUT);
        if (token != null) {
            request.header("Fastly-Key", token);
        }
        if (formBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(formBody));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(method, path, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }
}
