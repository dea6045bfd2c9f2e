package io.backline.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Steady load on an edge from many client addresses: each request comes from a socket bound to one
 * of {@code clients} loopback addresses (127.1.x.y; Linux routes all of 127/8 to lo), chosen at
 * random, asks with {@code Fastly-Debug: 1} and records what came back. Java's HttpClient cannot
 * bind a source address, so HTTP/1.1 is written by hand: one request per connection.
 */
final class LoopbackLoad implements AutoCloseable {
    /** One answer. {@code rollout} is the X-Backline-Rollout header, null without one; status 0 for a broken exchange. */
    record Sample(String client, int status, String body, @Nullable String rollout, long atNanos) {
        /** The percent the X-Backline-Rollout header names, or -1. */
        int percent() {
            if (rollout == null) {
                return -1;
            }
            return Integer.parseInt(rollout.substring(rollout.indexOf("percent=") + "percent=".length()).strip());
        }

        boolean candidate() {
            return rollout != null && rollout.startsWith("candidate");
        }
    }

    private final int port;
    private final String host;
    private final List<String> clients;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private LoopbackLoad(int port, String host, int clients) {
        this.port = port;
        this.host = host;
        this.clients = addresses(clients);
    }

    static List<String> addresses(int count) {
        var result = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            result.add("127.1." + (i / 250) + "." + (i % 250 + 1));
        }
        return result;
    }

    /** Starts {@code threads} senders, each sending one request after the other. */
    static LoopbackLoad start(int port, String host, int clients, int threads) {
        var load = new LoopbackLoad(port, host, clients);
        for (int i = 0; i < threads; i++) {
            load.threads.add(Thread.ofVirtual().start(load::run));
        }
        return load;
    }

    private void run() {
        while (running.get()) {
            var client = clients.get(ThreadLocalRandom.current().nextInt(clients.size()));
            samples.add(send(client, port, host));
        }
    }

    static Sample send(String client, int port, String host) {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(client, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            var request = "GET / HTTP/1.1\r\nHost: " + host + "\r\nFastly-Debug: 1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return parse(client, socket.getInputStream());
        } catch (IOException e) {
            return new Sample(client, 0, e.toString(), null, System.nanoTime());
        }
    }

    private static Sample parse(String client, InputStream in) throws IOException {
        var all = new ByteArrayOutputStream();
        in.transferTo(all); // Connection: close, so the answer ends with the connection
        var text = all.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return new Sample(client, 0, text, null, System.nanoTime());
        }
        var lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String rollout = null;
        for (var line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-backline-rollout:")) {
                rollout = line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return new Sample(client, status, text.substring(headEnd + 4), rollout, System.nanoTime());
    }

    /** Everything answered so far. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (var thread : threads) {
            thread.join();
        }
    }
}
