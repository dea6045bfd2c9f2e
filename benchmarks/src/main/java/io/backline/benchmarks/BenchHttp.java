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

/** What the activation benchmarks share: origins that answer their name, API calls, and polling an edge. */
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

    static String field(String json, String name) throws Exception {
        return Json.mapper().readTree(json).get(name).asText();
    }
}
