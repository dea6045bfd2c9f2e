package io.backline.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A real origin on a free loopback port that answers its name to every request. */
final class NamedOrigin {
    private NamedOrigin() {}

    static HttpServer start(String name) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var bytes = name.getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Cache-Control", "private"); // counted per request: the edge's cache (on by default) must pass it
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    static String port(HttpServer server) {
        return Integer.toString(server.getAddress().getPort());
    }
}
