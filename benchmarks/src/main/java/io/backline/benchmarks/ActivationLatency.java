package io.backline.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.backline.app.BacklineServer;
import io.backline.app.ServeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;

/**
 * Activation-to-traffic time in one process (backline serve): two origins answer "A" and "B";
 * each round clones the active version, points its backend at the other origin, activates, and
 * polls the edge until it answers from the new origin. Prints p50/p99/max of the time from the
 * activate call's answer to the first request served by the new version.
 *
 * <p>Usage: {@code java -cp … io.backline.benchmarks.ActivationLatency [rounds]}
 */
public final class ActivationLatency {
    private ActivationLatency() {}

    public static void main(String[] args) throws Exception {
        // The edge routes by Host; the JDK client sends a custom one only when allowed to.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        var a = origin("A");
        var b = origin("B");
        var dir = Files.createTempDirectory("activation");
        try (var server = BacklineServer.start(ServeConfig.ephemeral(dir))) {
            var http = HttpClient.newHttpClient();
            var api = server.apiUri();
            var token = server.adminToken();
            var sid = field(call(http, api, token, "POST", "/service", "name=activation"), "id");
            call(http, api, token, "POST", "/service/" + sid + "/version/1/domain", "name=act.test");
            call(http, api, token, "POST", "/service/" + sid + "/version/1/backend",
                    "name=origin&address=127.0.0.1&port=" + a.getAddress().getPort());
            call(http, api, token, "PUT", "/service/" + sid + "/version/1/activate", "");
            awaitBody(http, server.edgeUri(), "A", System.nanoTime() + 5_000_000_000L);
            var samples = new ArrayList<Double>();
            int active = 1;
            for (int i = 0; i < rounds; i++) {
                var target = i % 2 == 0 ? b : a;
                var expected = i % 2 == 0 ? "B" : "A";
                var clone = field(call(http, api, token, "PUT", "/service/" + sid + "/version/" + active + "/clone", ""), "number");
                call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/backend/origin",
                        "port=" + target.getAddress().getPort());
                call(http, api, token, "PUT", "/service/" + sid + "/version/" + clone + "/activate", "");
                long answered = System.nanoTime();
                awaitBody(http, server.edgeUri(), expected, answered + 5_000_000_000L);
                samples.add((System.nanoTime() - answered) / 1e6);
                active = Integer.parseInt(clone);
            }
            Collections.sort(samples);
            System.out.printf("activation to traffic over %d activations: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", rounds,
                    samples.get(samples.size() / 2), samples.get((int) Math.ceil(samples.size() * 0.99) - 1), samples.getLast());
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    private static HttpServer origin(String body) throws java.io.IOException {
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

    private static void awaitBody(HttpClient http, URI edge, String expected, long deadline) throws Exception {
        var request = HttpRequest.newBuilder(edge.resolve("/")).header("Host", "act.test").build();
        while (System.nanoTime() < deadline) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the edge did not serve '" + expected + "' within 5 s");
    }

    private static String call(HttpClient http, URI api, String token, String method, String path, String form) throws Exception {
        var request = HttpRequest.newBuilder(api.resolve(path)).header("Fastly-Key", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) throws Exception {
        return io.backline.wire.Json.mapper().readTree(json).get(name).asText();
    }
}
