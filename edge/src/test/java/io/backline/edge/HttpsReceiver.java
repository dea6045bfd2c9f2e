package io.backline.edge;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS log receiver on 127.0.0.1 (the JDK's server), recording each request; it answers
 * {@code status}, or never answers at all ({@link #silent}) until closed.
 */
final class HttpsReceiver implements AutoCloseable {
    /** One request as received: header names in lower case. */
    record Received(String method, String path, Map<String, String> headers, String body, byte[] raw) {
        List<String> lines() {
            return List.of(body.split("\n", -1));
        }
    }

    private final HttpsServer server;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private HttpsReceiver(SSLContext context, int status, boolean silent) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var headers = new TreeMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            var raw = exchange.getRequestBody().readAllBytes();
            var body = new String(raw, StandardCharsets.UTF_8);
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body, raw));
            if (silent) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static HttpsReceiver start(SSLContext context, int status) throws IOException {
        return new HttpsReceiver(context, status, false);
    }

    /** Reads each request and never answers it. */
    static HttpsReceiver silent(SSLContext context) throws IOException {
        return new HttpsReceiver(context, 200, true);
    }

    URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
