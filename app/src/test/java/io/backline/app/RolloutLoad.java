package io.backline.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Steady load on edges from many client addresses, for the rollout tests: the loopback range is all
 * of 127/8 on Linux, so each request leaves from one of {@code clients} addresses (127.0.x.y), bound
 * on a plain socket, and goes to the edges in turn. The HTTP/1.1 is written by hand because the JDK
 * client can neither bind a source address nor set Host. Every answer is kept as a {@link Sample}.
 */
final class RolloutLoad implements AutoCloseable {
    private static final Pattern ROLLOUT = Pattern.compile("(candidate|baseline) version=(\\d+) percent=(\\d+)");

    /** One answer: who asked which edge, the status (-1 for no answer), the body and X-Backline-Rollout's parts. */
    record Sample(String client, int edgePort, int status, String body, @Nullable String side, int percent) {
        boolean candidate() {
            return "candidate".equals(side);
        }
    }

    private final List<Integer> edgePorts;
    private final String host;
    private final List<String> clients;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    RolloutLoad(List<Integer> edgePorts, String host, int clients) {
        this.edgePorts = List.copyOf(edgePorts);
        this.host = host;
        this.clients = addresses(clients);
    }

    /** {@code count} addresses from 127.0.0.2 on, 250 per third octet (an odd count, so every client meets every edge). */
    static List<String> addresses(int count) {
        var out = new ArrayList<String>();
        for (int i = 0; out.size() < count; i++) {
            out.add("127.0." + (i / 250) + "." + (2 + i % 250));
        }
        return out;
    }

    List<String> clients() {
        return clients;
    }

    /** Starts {@code workers} virtual threads, each sending one request after another. */
    RolloutLoad start(int workers) {
        running.set(true);
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    long n = next.getAndIncrement();
                    samples.add(send(clients.get((int) (n % clients.size())), edgePorts.get((int) (n % edgePorts.size())), host));
                }
            }));
        }
        return this;
    }

    /** Every answer so far. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    void clear() {
        samples.clear();
    }

    /** One GET / with Fastly-Debug from {@code client} to the edge on {@code port}. */
    static Sample send(String client, int port, String host) {
        try (var socket = new Socket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(client, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nFastly-Debug: 1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 ") || end < 0) {
                return new Sample(client, port, -1, answer, null, -1);
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            String side = null;
            int percent = -1;
            for (var line : answer.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-backline-rollout:")) {
                    var match = ROLLOUT.matcher(line);
                    if (match.find()) {
                        side = match.group(1);
                        percent = Integer.parseInt(match.group(3));
                    }
                }
            }
            return new Sample(client, port, status, answer.substring(end + 4), side, percent);
        } catch (IOException | RuntimeException e) {
            return new Sample(client, port, -1, String.valueOf(e), null, -1);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (var thread : threads) {
            thread.join();
        }
        threads.clear();
    }
}
