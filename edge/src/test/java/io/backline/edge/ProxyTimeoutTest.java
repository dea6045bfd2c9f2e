package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** connect_timeout, first_byte_timeout and between_bytes_timeout against real, misbehaving origins (semantics §4.1). */
class ProxyTimeoutTest {
    /** A fresh origin for each test (JUnit makes an instance per test and closes the field after it). */
    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");

    @Test
    void originThatNeverCompletesTheHandshakeIsA503ConnectionTimedOut() throws IOException {
        try (var blackhole = new Blackhole(); var edge = ProxyFixtures.start(snapshot(backend("origin", blackhole.port(),
                "connect_timeout", "300")))) {
            long start = System.nanoTime();
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.reason()).isEqualTo("Connection timed out");
            assertThat(response.header("X-Backline-Error")).isEqualTo("Connection timed out");
            assertThat(millis).isBetween(250L, 2_000L);
            assertThat(edge.stats().connectTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void refusedConnectionIsA503ConnectionRefused() {
        int closedPort;
        try (var gone = ProxyOrigin.start("gone")) {
            closedPort = gone.port();
        }
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", closedPort)))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("Connection refused");
        }
    }

    @Test
    void originSlowToAnswerIsA503FirstByteTimeout() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port(), "first_byte_timeout", "300")))) {
            long start = System.nanoTime();
            var response = ProxyClient.get(edge.port(), "example.com", "/sleep/3000");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.reason()).isEqualTo("first byte timeout");
            assertThat(response.text()).isEqualTo("first byte timeout\n");
            assertThat(millis).isBetween(250L, 2_000L);
            assertThat(edge.stats().firstByteTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void originSlowerThanUsualButWithinItsTimeoutIsServed() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port(), "first_byte_timeout", "2000")))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/sleep/300");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("origin");
        }
    }

    @Test
    void chunkedResponseThatStallsIsCutWithoutItsTerminatorByClosingTheConnection() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port(), "between_bytes_timeout", "300")));
                var client = new ProxyClient(edge.port())) {
            var response = client.request("GET", "example.com", "/stall/3000/chunked");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.complete()).as("a cut body must not end with the last chunk").isFalse();
            assertThat(response.text()).isEqualTo("part1");
            assertThat(edge.stats().betweenBytesTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void fixedLengthResponseThatStallsIsCutByClosingTheConnection() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port(), "between_bytes_timeout", "300")));
                var client = new ProxyClient(edge.port())) {
            long start = System.nanoTime();
            var response = client.request("GET", "example.com", "/stall/3000/fixed");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000L);
            assertThat(response.header("Content-Length")).isEqualTo("10");
            assertThat(response.complete()).isFalse();
            assertThat(response.text()).isEqualTo("part1");
            assertThat(edge.stats().betweenBytesTimeouts()).isEqualTo(1);
        }
    }

    /**
     * A port that accepts no connection: a listening socket with a backlog of one that never
     * accepts, its queue filled first, so the kernel drops further SYNs and a connect hangs.
     */
    static final class Blackhole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        Blackhole() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 16; i++) {
                var filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                    fillers.add(filler);
                } catch (SocketTimeoutException e) {
                    filler.close();
                    return; // the queue is full
                }
            }
            throw new IllegalStateException("the accept queue never filled");
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (var filler : fillers) {
                filler.close();
            }
            server.close();
        }
    }
}
