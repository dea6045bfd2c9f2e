package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.key;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client half of the edge's fault matrix (docs/reliability.md, "Fault matrix"): raw sockets that
 * trickle headers, send oversize or ambiguous requests, leave mid-response, sit idle by the
 * hundred, or pipeline. Requests the edge refuses must reach the origin as nothing at all: the
 * origin here counts every byte it receives.
 */
class FaultMatrixClientTest {
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ScriptedOrigin origin = ScriptedOrigin.start(ScriptedOrigin::echo);

    @AfterEach
    void stop() throws Exception {
        for (var resource : closing.reversed()) {
            resource.close();
        }
        origin.close();
    }

    // ---- slow and oversize requests

    @Test
    void slowlorisHeadersAreClosedWithinTheHeaderTimeout() {
        var edge = edge(ProxyFixtures.config().requestHeaderTimeout(Duration.ofMillis(500)).build(), origin.port());
        try (var client = new ProxyClient(edge.port())) {
            client.setTimeout(3_000);
            long start = System.nanoTime();
            client.send("GET / HTTP/1.1\r\nHost: example.com\r\n");
            for (int i = 0; i < 12; i++) {
                sleep(100);
                if (!client.trySend("X-Slow-" + i + ": 1\r\n")) { // a header line every 100 ms: busy, but never finished
                    break;
                }
            }
            assertThat(client.closedByPeer()).isTrue();
            assertThat(millisSince(start)).isBetween(400L, 2_500L);
        }
        assertThat(origin.bytesReceived()).isZero();
    }

    @Test
    void slowlorisOnAKeepAliveConnectionIsClosedWithinTheHeaderTimeoutToo() {
        var edge = edge(ProxyFixtures.config().requestHeaderTimeout(Duration.ofMillis(500)).build(), origin.port());
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/first").status()).isEqualTo(200);
            client.setTimeout(3_000);
            long start = System.nanoTime();
            for (int i = 0; i < 15; i++) {
                if (!client.trySend("GET /second HTTP/1.1\r\n".substring(i, i + 1))) { // one byte every 100 ms
                    break;
                }
                sleep(100);
            }
            assertThat(client.closedByPeer()).isTrue();
            assertThat(millisSince(start)).isLessThan(2_500L);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/first");
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() {
        var edge = edge(ProxyFixtures.config().clientIdleTimeout(Duration.ofMillis(500)).build(), origin.port());
        try (var client = new ProxyClient(edge.port())) {
            client.setTimeout(3_000);
            long start = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(millisSince(start)).isBetween(400L, 2_000L);
        }
        assertThat(origin.connections()).isZero();
    }

    @Test
    void stalledRequestBodyIs408ThenClosedAndTheOriginConnectionIsClosed() {
        var atHead = ScriptedOrigin.startAtHead(ScriptedOrigin.Exchange::hold);
        closing.add(atHead);
        var snapshot = snapshot(backend("origin", atHead.port(), "first_byte_timeout", "10000"));
        var edge = EdgeServer.start(ProxyFixtures.config().clientIdleTimeout(Duration.ofMillis(500)).build(), () -> snapshot,
                HealthView.ALL_HEALTHY);
        closing.add(edge);
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 100\r\n\r\nonly part");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("X-Backline-Error")).isEqualTo("client timeout");
            client.setTimeout(3_000);
            assertThat(client.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> atHead.open() == 0 && edge.originUse(key(snapshot, "origin")).open() == 0);
    }

    @Test
    void clientResettingMidUploadLeavesNoOriginConnectionBehind() throws IOException {
        var atHead = ScriptedOrigin.startAtHead(ScriptedOrigin.Exchange::hold);
        closing.add(atHead);
        var snapshot = snapshot(backend("origin", atHead.port()));
        var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY);
        closing.add(edge);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2_000);
            var upload = "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(100_000);
            socket.getOutputStream().write(upload.getBytes(StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(2)).until(() -> atHead.requests().size() == 1);
            socket.setSoLinger(true, 0); // the close is a reset
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> atHead.open() == 0 && edge.originUse(key(snapshot, "origin")).open() == 0);
    }

    @Test
    void clientThatStopsReadingA10MegabyteResponseIsDisconnectedAndTheOriginConnectionClosed() throws IOException {
        try (var big = ProxyOrigin.start("big")) {
            var snapshot = snapshot(backend("origin", big.port()));
            var edge = EdgeServer.start(ProxyFixtures.config().clientIdleTimeout(Duration.ofMillis(500)).build(), () -> snapshot,
                    HealthView.ALL_HEALTHY);
            closing.add(edge);
            var backendKey = key(snapshot, "origin");
            try (var socket = new Socket()) {
                socket.setReceiveBufferSize(16 * 1024);
                socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2_000);
                var request = "GET /bigfixed/10240 HTTP/1.1\r\nHost: example.com\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                await().atMost(Duration.ofSeconds(2)).until(() -> edge.originUse(backendKey).busy() == 1);
                // never reads: the edge pauses the origin, then gives up on this client
                await().atMost(Duration.ofSeconds(4)).until(() -> edge.originUse(backendKey).busy() == 0);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> edge.originUse(backendKey).open() == big.open());
            assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET / HTTP/1.1 extra\r\nHost: example.com\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: example.com\r\n\r\n", "GET / HTTP/0.9\r\nHost: example.com\r\n\r\n",
        "GET /a\tb HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET /a\u007fb HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET /\r\n\r\n", "\u0000\u0001\u0002\r\n\r\n", "GET /a\u0000b HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "G@T / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET nopath HTTP/1.1\r\nHost: example.com\r\n\r\n"})
    void malformedRequestLineIsRefusedThenClosedAndNothingReachesTheOrigin(String raw) {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        try (var client = new ProxyClient(edge.port())) {
            client.send(raw);
            var response = client.read(false);
            assertThat(response.status()).isBetween(400, 505).isNotEqualTo(404);
            client.setTimeout(2_000);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.bytesReceived()).isZero();
    }

    @Test
    void oneMegabyteRequestLineIs414ThenClosed() {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        var answer = refusedWhileSending(edge, "GET /" + "a".repeat(1024 * 1024) + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 414 ").containsIgnoringCase("X-Backline-Error: request line too long");
        assertThat(origin.bytesReceived()).isZero();
    }

    @Test
    void tenThousandHeaderLinesAre431ThenClosed() {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        var headers = new StringBuilder("GET / HTTP/1.1\r\nHost: example.com\r\n");
        for (int i = 0; i < 10_000; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        var answer = refusedWhileSending(edge, headers.append("\r\n").toString());
        assertThat(answer).startsWith("HTTP/1.1 431 ").containsIgnoringCase("X-Backline-Error: request headers too large");
        assertThat(origin.bytesReceived()).isZero();
    }

    // ---- request smuggling: 400, closed, and not one byte to the origin

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "CL.TE|Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "TE.CL|Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n0\r\n\r\n",
        "conflicting Content-Length|Content-Length: 3\r\nContent-Length: 40\r\n\r\nabc",
        "Content-Length list|Content-Length: 3, 40\r\n\r\nabc",
        "duplicate Content-Length|Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        "signed Content-Length|Content-Length: +3\r\n\r\nabc",
        "hex Content-Length|Content-Length: 0x3\r\n\r\nabc",
        "negative Content-Length|Content-Length: -1\r\n\r\nabc",
        "spaced Content-Length|Content-Length: 1 2\r\n\r\nabc",
        "chunked then identity|Transfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "chunked then identity in two fields|Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "chunked twice|Transfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "gzip|Transfer-Encoding: gzip\r\n\r\nabc",
        "gzip then chunked|Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "xchunked|Transfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "identity|Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc",
        "space before colon in Transfer-Encoding|Transfer-Encoding : chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "space before colon in Content-Length|Content-Length : 3\r\n\r\nabc",
        "tab before colon|Transfer-Encoding\t: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "obs-fold|X-Folded: a\r\n b\r\nContent-Length: 3\r\n\r\nabc",
        "obs-fold into Transfer-Encoding|Transfer-Encoding: identity\r\n chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "leading whitespace on the first field|Host2: x\r\n Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "invalid chunk size|Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        "negative chunk size|Transfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
        "overflowing chunk size|Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff3\r\nabc\r\n0\r\n\r\n",
        "chunk size with a space|Transfer-Encoding: chunked\r\n\r\n3 3\r\nabc\r\n0\r\n\r\n",
        "chunk longer than its size|Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
        "Transfer-Encoding on HTTP/1.0|HTTP/1.0 Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "NUL in a field value|X-Nul: a\u0000b\r\nContent-Length: 3\r\n\r\nabc",
        "bare CR in a field value|X-Cr: a\rb\r\nContent-Length: 3\r\n\r\nabc",
        "space in a field name|Content Length: 3\r\n\r\nabc",
    })
    void smugglingShapeIs400ThenClosedAndNothingReachesTheOrigin(String shape) {
        var parts = shape.split("\\|", 2);
        var rest = parts[1];
        var version = "HTTP/1.1";
        if (rest.startsWith("HTTP/1.0 ")) {
            version = "HTTP/1.0";
            rest = rest.substring(9);
        }
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / " + version + "\r\nHost: example.com\r\n" + rest);
            var response = client.read(false);
            assertThat(response.status()).as(parts[0]).isEqualTo(400);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.header("X-Backline-Error")).isNotBlank();
            client.setTimeout(2_000);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.bytesReceived()).as("bytes the origin received").isZero();
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void invalidChunkArrivingAfterTheHeadWereForwardedAbortsTheOriginConnection() {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        var backendKey = key(snapshot(backend("origin", origin.port())), "origin");
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /streamed HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            await().atMost(Duration.ofSeconds(2)).until(() -> origin.bytesReceived() > 0);
            client.send("zz\r\n");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("X-Backline-Error")).isEqualTo("malformed request body");
            assertThat(client.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> origin.open() == 0 && edge.originUse(backendKey).open() == 0);
        assertThat(origin.requests()).as("the origin never saw a complete request").isEmpty();
    }

    // ---- clients that leave, idle, or pipeline

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bigfixed", "big"})
    void clientLeavingMidway10MegabyteResponseLeavesNoBusyOriginConnection(String kind) throws IOException {
        try (var big = ProxyOrigin.start("big")) {
            var snapshot = snapshot(backend("origin", big.port()));
            var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY);
            closing.add(edge);
            var backendKey = key(snapshot, "origin");
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET /" + kind + "/10240 HTTP/1.1\r\nHost: example.com\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readAtLeast(socket.getInputStream(), 256 * 1024)).isGreaterThanOrEqualTo(256 * 1024);
                await().atMost(Duration.ofSeconds(2)).until(() -> edge.originUse(backendKey).busy() == 1);
            }
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                assertThat(edge.originUse(backendKey).busy()).isZero();
                assertThat(edge.originUse(backendKey).open()).isEqualTo(big.open());
            });
            assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void twoHundredIdleKeepAliveConnectionsDoNotSlowNormalTraffic() {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        var idle = new ArrayList<ProxyClient>();
        try {
            for (int i = 0; i < 200; i++) {
                var client = new ProxyClient(edge.port());
                idle.add(client);
                if (i % 2 == 0) {
                    assertThat(client.request("GET", "example.com", "/idle/" + i).status()).isEqualTo(200); // keep-alive after a request
                }
            }
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                var response = ProxyClient.get(edge.port(), "example.com", "/normal/" + i);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("/normal/" + i);
                assertThat(millisSince(start)).isLessThan(2_000L);
            }
            assertThat(idle.get(0).request("GET", "example.com", "/still-open").status()).isEqualTo(200);
            assertThat(idle.get(199).request("GET", "example.com", "/still-open").status()).isEqualTo(200);
        } finally {
            idle.forEach(ProxyClient::close);
        }
    }

    @Test
    void fiftyPipelinedRequestsAreAnsweredInOrder() {
        var edge = edge(ProxyFixtures.config().build(), origin.port());
        var pipelined = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            pipelined.append(i % 10 == 5
                    ? "POST /p/" + i + " HTTP/1.1\r\nHost: example.com\r\nContent-Length: 4\r\n\r\nbody"
                    : "GET /p/" + i + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        }
        try (var client = new ProxyClient(edge.port())) {
            long start = System.nanoTime();
            client.send(pipelined.toString());
            for (int i = 0; i < 50; i++) {
                var response = client.read(false);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("/p/" + i);
            }
            assertThat(millisSince(start)).isLessThan(5_000L);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).hasSize(50).startsWith("/p/0", "/p/1").endsWith("/p/49");
    }

    // ---- helpers

    /**
     * Sends an oversize request from another thread while reading the answer: the edge answers
     * after its limit and closes, so the rest of the write may fail with a reset, which is expected.
     * Returns the status line and headers the edge sent before closing.
     */
    private static String refusedWhileSending(EdgeServer edge, String request) {
        try (var socket = new Socket(); var writer = Executors.newVirtualThreadPerTaskExecutor()) {
            socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2_000);
            socket.setSoTimeout(5_000);
            writer.execute(() -> {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the edge closed first: expected
                }
            });
            var in = socket.getInputStream();
            var answer = new StringBuilder();
            long start = System.nanoTime();
            try {
                for (int c = in.read(); c >= 0; c = in.read()) {
                    answer.append((char) c);
                }
            } catch (IOException e) {
                // a reset after the answer: the edge discarded what it would not read
            }
            assertThat(millisSince(start)).isLessThan(4_000L);
            return answer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int readAtLeast(InputStream in, int bytes) throws IOException {
        var buffer = new byte[64 * 1024];
        int total = 0;
        while (total < bytes) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private EdgeServer edge(EdgeConfig config, int port) {
        var snapshot = snapshot(backend("origin", port));
        var edge = EdgeServer.start(config, () -> snapshot, HealthView.ALL_HEALTHY);
        closing.add(edge);
        return edge;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The slowloris clients must trickle: here the sleep is the behaviour under test, not a wait for an event. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
