package io.backline.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.backline.wire.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the activation benchmarks share: origins that answer their name, API calls, the service
 * they switch between origins, polling an edge, and the summary of their samples.
 */
final class BenchHttp {
    private BenchHttp() {}

    /** An origin on a free loopback port answering {@code body} to every request. */
    static HttpServer origin(String body) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var bytes = body.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Polls as fast as the edge answers (each poll is one request), so the figure is not a poll interval. */
    static void awaitBody(HttpClient http, URI edge, String host, String expected, long deadline) throws Exception {
        var request = HttpRequest.newBuilder(edge.resolve("/")).header("Host", host).build();
        while (System.nanoTime() < deadline) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException(edge + " did not serve '" + expected + "' in time");
    }

    /** One form-encoded API call that must answer 200; returns the body. */
    static String call(HttpClient http, URI api, String token, String method, String path, String form) throws Exception {
        var request = HttpRequest.newBuilder(api.resolve(path)).header("Fastly-Key", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A service on {@code domain} whose one backend, {@code origin}, is on this port; version 1 active. Answers its id. */
    static String serviceOnOrigin(HttpClient http, URI api, String token, String name, String domain, int port) throws Exception {
        var sid = field(call(http, api, token, "POST", "/service", "name=" + name), "id");
        call(http, api, token, "POST", "/service/" + sid + "/version/1/domain", "name=" + domain);
        call(http, api, token, "POST", "/service/" + sid + "/version/1/backend", "name=origin&address=127.0.0.1&port=" + port);
        call(http, api, token, "PUT", "/service/" + sid + "/version/1/activate", "");
        return sid;
    }

    /** Clones the active version, points its {@code origin} at this port and activates the clone; answers its number. */
    static int switchOrigin(HttpClient http, URI api, String token, String sid, int active, int port) throws Exception {
        var clone = field(call(http, api, token, "PUT", "/service/" + sid + "/version/" + active + "/clone", ""), "number");
        call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/backend/origin", "port=" + port);
        call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/activate", "");
        return Integer.parseInt(clone);
    }

    /** {@code p50 …, p99 …, max … ms} of the samples (milliseconds), with this many decimals. */
    static String percentiles(List<Double> samples, int decimals) {
        var sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        var number = "%." + decimals + "f";
        return String.format("p50 " + number + " ms, p99 " + number + " ms, max " + number + " ms", sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.getLast());
    }

    static String field(String json, String name) throws Exception {
        return Json.mapper().readTree(json).get(name).asText();
    }
}
