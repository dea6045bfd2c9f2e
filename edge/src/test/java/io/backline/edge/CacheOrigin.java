package io.backline.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real origin on 127.0.0.1 for the cache tests (the JDK's HTTP server on virtual threads): each
 * path answers what its {@link Answer} function says for the request, and every request is counted
 * per path and kept with its headers, so that a test can tell how many reached the origin.
 */
final class CacheOrigin implements AutoCloseable {
    /** A request as the origin saw it; header names lower case. */
    record Seen(String method, String path, Map<String, String> headers) {}

    /** An answer: status, headers in order, body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer ok(String body, String... headerPairs) {
            return of(200, body, headerPairs);
        }

        static Answer of(int status, String body, String... headerPairs) {
            var headers = new LinkedHashMap<String, String>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Seen, Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private volatile Function<Seen, Answer> fallback = request -> Answer.ok("body of " + request.path());

    CacheOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** What {@code path} (with its query) answers from now on. */
    CacheOrigin on(String path, Function<Seen, Answer> answer) {
        answers.put(path, answer);
        return this;
    }

    CacheOrigin on(String path, Answer answer) {
        return on(path, request -> answer);
    }

    /** What every other path answers. */
    CacheOrigin otherwise(Function<Seen, Answer> answer) {
        fallback = answer;
        return this;
    }

    int count(String path) {
        var count = counts.get(path);
        return count == null ? 0 : count.get();
    }

    int total() {
        return seen.size();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Drops what it recorded of the requests so far (for a test that measures the heap the edge holds). */
    void forget() {
        seen.clear();
        counts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            var uri = exchange.getRequestURI();
            var path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            var headers = new LinkedHashMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values)));
            var request = new Seen(exchange.getRequestMethod(), path, headers);
            seen.add(request);
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            var answer = answers.getOrDefault(path, fallback).apply(request);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            boolean bodiless = answer.status() == 304 || answer.status() == 204 || request.method().equals("HEAD");
            if (bodiless) {
                if (request.method().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Integer.toString(answer.body().length));
                }
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            }
        }
    }

    /** Stops answering: new connections are refused, open ones close. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
