package io.backline.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backline.api.MetricsScrape;
import java.io.IOException;
import java.net.InetSocketAddress;
import io.backline.wire.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * An edge node's admin listener. {@code /metrics}: the process registry's scrape (the edge's
 * series, the feed's state, the JVM's), in Prometheus' text format or OpenMetrics as the scraper's
 * {@code Accept} asks; {@code /ready}: 200 once a configuration is served (from an API node or
 * from disk), else 503; {@code /logging-status?service=ID}: the service's logging endpoints'
 * delivery, the document {@code GET /service/{id}/logging-status} answers on {@code serve}. The
 * JDK's server suffices for a few answers to a scraper or an operator.
 */
final class EdgeAdminServer implements AutoCloseable {
    private final HttpServer http;

    private EdgeAdminServer(HttpServer http) {
        this.http = http;
    }

    static EdgeAdminServer start(HostPort address, EdgeNode node) throws IOException {
        var http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/metrics", exchange -> {
            var scrape = MetricsScrape.of(node.registry(), exchange.getRequestHeaders().getFirst("Accept"));
            send(exchange, 200, scrape.contentType(), scrape.body());
        });
        http.createContext("/ready", exchange -> {
            boolean ready = node.revision() > 0;
            send(exchange, ready ? 200 : 503, null, ready ? "ready\n" : "no configuration yet\n");
        });
        http.createContext("/logging-status", exchange -> {
            var query = exchange.getRequestURI().getRawQuery();
            var service = query == null || !query.startsWith("service=") ? "" : URLDecoder.decode(query.substring(8), StandardCharsets.UTF_8);
            if (service.isEmpty()) {
                send(exchange, 400, null, "service: missing (expected: /logging-status?service=ID)\n");
                return;
            }
            send(exchange, 200, "application/json", Json.mapper().writeValueAsString(LoggingStatus.report(service, node.logging())) + "\n");
        });
        http.start();
        return new EdgeAdminServer(http);
    }

    private static void send(HttpExchange exchange, int status, @Nullable String contentType, String text) throws IOException {
        send(exchange, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, @Nullable String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
