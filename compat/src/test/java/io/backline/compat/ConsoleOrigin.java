package io.backline.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

/**
 * A real origin on a free loopback port: {@code /health} answers 200 until {@link #fail()}, then 500;
 * every other path answers 200 with the origin's name, so a test sees which backend served it, with
 * {@code Cache-Control: private} (each request reaches it) except under {@link #CACHED}; it counts the requests for each path.
 */
final class ConsoleOrigin implements AutoCloseable {
    private final HttpServer server;
    /** Paths under it are cacheable (no cache headers: the service's default TTL) and tagged {@code page} and their name. */
    static final String CACHED = "/cached/";
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();

    private ConsoleOrigin(HttpServer server) {
        this.server = server;
    }

    static ConsoleOrigin start(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ConsoleOrigin origin = new ConsoleOrigin(server);
            server.createContext("/", exchange -> {
                boolean health = exchange.getRequestURI().getPath().equals("/health");
                origin.requests.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                boolean cached = exchange.getRequestURI().getPath().startsWith(CACHED);
                if (cached) {
                    exchange.getResponseHeaders().add("Surrogate-Key", "page " + exchange.getRequestURI().getPath().substring(CACHED.length()));
                } else {
                    exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
                }
                int status = health && !origin.healthy.get() ? 500 : 200;
                byte[] body = (health ? (status == 200 ? "ok" : "failing") : name).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
                if (!exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return origin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Requests the origin answered for {@code path}. */
    int requests(String path) {
        var count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** From now on the health page answers 500. */
    void fail() {
        healthy.set(false);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
