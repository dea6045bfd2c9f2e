package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.key;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import io.backline.model.ServiceType;
import io.backline.model.SettingsSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The origin half of the edge's fault matrix (docs/reliability.md, "Fault matrix"): origins scripted byte by
 * byte that refuse, stall, reset, send garbage or contradictory framing, or close a pooled
 * connection under a request. Each case asserts what the client gets, that nothing hangs (every
 * backend timeout here is 500 ms), and that the origin connection ends released or closed: the
 * pool has nothing busy afterwards and holds no more connections than the origin sees open.
 */
class FaultMatrixOriginTest {
    private static final String[] SHORT_TIMEOUTS = {"connect_timeout", "500", "first_byte_timeout", "500", "between_bytes_timeout", "500"};

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (var resource : closing.reversed()) {
            resource.close();
        }
    }

    // ---- connecting

    @Test
    void refusedConnectionIs503ConnectionRefused() {
        int closedPort;
        try (var gone = ScriptedOrigin.start(ScriptedOrigin::echo)) {
            closedPort = gone.port();
        }
        var snapshot = snapshot(backend("origin", closedPort, SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("Connection refused");
        assertThat(edge.originUse(key(snapshot, "origin")).open()).isZero();
    }

    @Test
    void unresolvableHostIs503DnsLookupFailed() {
        var snapshot = snapshot(backend("origin", 80, "address", "no-such-host.invalid", "connect_timeout", "2000"));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("DNS lookup failed: no-such-host.invalid");
        assertThat(edge.originUse(key(snapshot, "origin")).open()).isZero();
    }

    @Test
    void originThatAcceptsAndNeverAnswersIs503FirstByteTimeoutAndTheConnectionIsClosed() {
        var origin = origin(ScriptedOrigin.Exchange::hold);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("first byte timeout");
        assertClosedOrReleased(edge, snapshot, origin);
        assertThat(origin.open()).isZero();
    }

    @Test
    void originThatNeverCompletesTheTcpHandshakeIs503ConnectionTimedOut() throws java.io.IOException {
        try (var blackhole = new ProxyTimeoutTest.Blackhole()) {
            var snapshot = snapshot(backend("origin", blackhole.port(), SHORT_TIMEOUTS));
            var edge = edge(snapshot);
            var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("Connection timed out");
            assertThat(edge.originUse(key(snapshot, "origin")).open()).isZero();
        }
    }

    @Test
    void originThatTricklesItsHeadPastFirstByteTimeoutIs503FirstByteTimeout() {
        var origin = origin(exchange -> {
            for (var c : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".toCharArray()) {
                exchange.write(String.valueOf(c));
                Thread.sleep(100); // the scripted origin must trickle: the stall is the behaviour under test
            }
        });
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("first byte timeout");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    // ---- broken responses before the head is complete

    @Test
    void resetBeforeTheHeadersIs503BackendReadError() {
        var origin = origin(ScriptedOrigin.Exchange::reset);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        assertThat(origin.requests()).hasSize(1); // a new connection: nothing to retry
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "half-status-line", "bad-status", "no-version", "obs-fold", "space in a name", "bare LF",
        "control character", "head cut by the close"})
    void garbageInsteadOfHttpIs503BackendReadError(String kind) {
        var origin = origin(exchange -> {
            switch (kind) {
                case "garbage" -> exchange.write("\u0000\u0001\u00ffSSH-2.0-OpenSSH_9.6\r\n\r\n");
                case "half-status-line" -> exchange.write("HTTP/1.");
                case "bad-status" -> exchange.write("HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n");
                case "obs-fold" -> exchange.write("HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok");
                case "space in a name" -> exchange.write("HTTP/1.1 200 OK\r\nBad Name: v\r\nContent-Length: 2\r\n\r\nok");
                case "bare LF" -> exchange.write("HTTP/1.1 200 OK\nContent-Length: 2\n\nok");
                case "control character" -> exchange.write("HTTP/1.1 200 OK\r\nX-Bell: a\u0007b\r\nContent-Length: 2\r\n\r\nok");
                case "head cut by the close" -> exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
                default -> exchange.write("200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            exchange.close();
        });
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    /**
     * The origin's head goes to the client as the bytes it sent, but for what a proxy must change:
     * whitespace before a colon is removed (RFC 9112 §5.1), hop-by-hop fields are dropped, the
     * edge's own fields are added; spelling, order and odd spacing of the rest stay.
     */
    @Test
    void theOriginsFieldsReachTheClientAsSentButForWhatAProxyChanges() {
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\nX-Upper-CASE:tight\r\nX-Space-Before \t:  v  \r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n"
                + "Content-Length: 2\r\n\r\nok"));
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            client.send("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
            var head = new StringBuilder();
            for (var line = client.readLine(); line != null && !line.isEmpty(); line = client.readLine()) {
                head.append(line).append("\r\n");
            }
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\nX-Upper-CASE:tight\r\nX-Space-Before: v\r\n"
                    + "set-cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n");
            assertThat(head.toString()).doesNotContainIgnoringCase("X-Hop").doesNotContainIgnoringCase("keep-alive")
                    .contains("\r\nx-served-by: ");
        }
    }

    /** Connection may name every other field of the head: all of them go (in one pass over the fields, not one per name). */
    @Test
    void aConnectionHeaderNamingThousandsOfFieldsRemovesThemAll() {
        var fields = new StringBuilder();
        var names = new StringBuilder("keep-alive");
        for (int i = 0; i < 2000; i++) {
            fields.append("X-H").append(i).append(": ").append(i).append("\r\n");
            names.append(", x-h").append(i);
        }
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\n" + fields + "Connection: " + names + "\r\nX-Kept: yes\r\n"
                + "Content-Length: 2\r\n\r\nok"));
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok");
        assertThat(response.header("X-Kept")).isEqualTo("yes");
        assertThat(response.headers().keySet()).isNotEmpty().noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("x-h"));
    }

    @Test
    void headerBlockOverTheLimitIs503BackendReadError() {
        var header = "X-Filler: " + "h".repeat(1000) + "\r\n";
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\n" + header.repeat(70) + "Content-Length: 2\r\n\r\nok"));
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        assertClosedOrReleased(edge, snapshot, origin);
        assertThat(origin.open()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Content-Length: 2\r\nTransfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nContent-Length: 2",
        "Content-Length: 2\r\nContent-Length: 7", "Content-Length: 2, 7", "Content-Length: -2", "Transfer-Encoding: chunked, identity"})
    void contradictoryFramingFromTheOriginIs503AndItsConnectionIsClosed(String framing) {
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\n" + framing + "\r\n\r\n2\r\nok\r\n0\r\n\r\n"));
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            var response = timed(() -> client.request("GET", "example.com", "/"));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        }
        assertClosedOrReleased(edge, snapshot, origin);
        assertThat(origin.open()).isZero();
    }

    @Test
    void responseLongerThanItsContentLengthIsRelayedAsDeclaredAndTheConnectionIsNotReused() {
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"));
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            var response = timed(() -> client.request("GET", "example.com", "/first"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok");
            var next = timed(() -> client.request("GET", "example.com", "/second"));
            assertThat(next.text()).isEqualTo("ok").isNotEqualTo("smuggled");
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::connection).containsExactly(1, 2);
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @Test
    void originClosingWhileTheRequestBodyIsSentIs503AndTheRestOfTheBodyIsDiscarded() {
        var origin = ScriptedOrigin.startAtHead(ScriptedOrigin.Exchange::reset);
        closing.add(origin);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(1000));
            var response = timed(() -> client.read(false));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
            // The body's length is known, so the edge reads the rest and drops it, and the connection stays in step.
            client.send("x".repeat(999_000));
            var next = timed(() -> client.request("GET", "example.com", "/next"));
            assertThat(next.header("X-Backline-Error")).isEqualTo("backend read error");
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/upload", "/next");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @Test
    void earlyAnswerBeforeTheRequestBodyIsRelayedAndNeitherConnectionIsReused() {
        var origin = ScriptedOrigin.startAtHead(exchange -> {
            exchange.write("HTTP/1.1 413 Too Large\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno\n");
            exchange.hold(); // reads on, so its close is a FIN and not a reset that could overtake the answer
        });
        closing.add(origin);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            var response = timed(() -> client.read(false));
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.text()).isEqualTo("no\n");
            assertThat(response.header("Connection")).isEqualTo("close");
            client.setTimeout(3_000);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertClosedOrReleased(edge, snapshot, origin);
    }

    // ---- broken responses mid-body: the client must never see a complete-looking body

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content-length", "chunked"})
    void resetMidBodyTruncatesTheResponseAndClosesTheClient(String framing) {
        var origin = origin(exchange -> {
            exchange.write(framing.equals("chunked")
                    ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\npart1\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npart1");
            Thread.sleep(100); // the scripted origin stalls mid-body, so the reset comes after the client has the head
            exchange.reset();
        });
        assertTruncated(origin, "/");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content-length", "chunked"})
    void finMidBodyTruncatesTheResponseAndClosesTheClient(String framing) {
        var origin = origin(exchange -> {
            exchange.write(framing.equals("chunked")
                    ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\npart1\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npart1");
            exchange.close();
        });
        assertTruncated(origin, "/");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content-length", "chunked"})
    void stalledBodyHitsBetweenBytesTimeoutTruncatesTheResponseAndClosesTheClient(String framing) {
        var origin = origin(exchange -> {
            exchange.write(framing.equals("chunked")
                    ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\npart1\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npart1");
            exchange.hold();
        });
        var edge = assertTruncated(origin, "/");
        assertThat(edge.stats().betweenBytesTimeouts()).isEqualTo(1);
        assertThat(origin.open()).isZero();
    }

    @Test
    void invalidChunkSizeMidBodyTruncatesTheResponseAndClosesTheClient() {
        var origin = origin(exchange -> exchange.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\npart1\r\nzz\r\nxx\r\n"));
        assertTruncated(origin, "/");
    }

    // ---- a pooled connection the origin closes under the next request

    /** Answers the first request on each connection; on a reused connection reads the request and closes without a byte. */
    private static void closesReusedConnections(ScriptedOrigin.Exchange exchange) throws java.io.IOException {
        if (exchange.request().index() > 0) {
            exchange.close();
        } else {
            ScriptedOrigin.echo(exchange);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
    void idempotentRequestOnAPooledConnectionTheOriginClosedIsRetriedOnceAndSucceeds(String method) {
        var origin = origin(FaultMatrixOriginTest::closesReusedConnections);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/warm").status()).isEqualTo(200);
            var response = timed(() -> client.request(method, "example.com", "/again"));
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::method).containsExactly("GET", method, method);
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::connection).containsExactly(1, 1, 2);
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "POST with a body", "PATCH", "PATCH with a body", "PUT with a body", "LOCK"})
    void nonIdempotentRequestOnAPooledConnectionTheOriginClosedIsNeverSentTwice(String shape) {
        var origin = origin(FaultMatrixOriginTest::closesReusedConnections);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        var method = shape.split(" ")[0];
        var body = shape.endsWith("body") ? "abc" : "";
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/warm").status()).isEqualTo(200);
            client.send(method + " /once HTTP/1.1\r\nHost: example.com\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            var response = timed(() -> client.read(false));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
            assertThat(response.text()).contains("not sent again");
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/warm", "/once");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @Test
    void chunkedPostWithoutBodyBytesIsNotReplayedEither() {
        var origin = origin(FaultMatrixOriginTest::closesReusedConnections);
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/warm").status()).isEqualTo(200);
            client.send("POST /once HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertThat(timed(() -> client.read(false)).status()).isEqualTo(503);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/warm", "/once");
    }

    @Test
    void reusedConnectionThatSentPartOfAResponseIsNotRetried() {
        var origin = origin(exchange -> {
            if (exchange.request().index() > 0) {
                exchange.write("HTTP/1.1 2");
                exchange.close();
            } else {
                ScriptedOrigin.echo(exchange);
            }
        });
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/warm").status()).isEqualTo(200);
            var response = timed(() -> client.request("GET", "example.com", "/again"));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/warm", "/again");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @Test
    void retryIsMadeOnceEvenWhenTheNewConnectionFailsToo() {
        var origin = origin(exchange -> {
            if (exchange.request().target().equals("/warm")) {
                ScriptedOrigin.echo(exchange);
            } else {
                exchange.close();
            }
        });
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/warm").status()).isEqualTo(200);
            var response = timed(() -> client.request("GET", "example.com", "/broken"));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/warm", "/broken", "/broken");
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @Test
    void pooledConnectionTheOriginClosedWhileIdleIsDroppedAndTheNextRequestUsesANewOne() {
        var origin = origin(exchange -> {
            ScriptedOrigin.echo(exchange);
            exchange.close(); // answered with keep-alive, then closed while the edge pools it
        });
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("POST", "example.com", "/first", "Content-Length: 0").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> edge.originUse(key(snapshot, "origin")).open() == 0);
            assertThat(timed(() -> client.request("POST", "example.com", "/second", "Content-Length: 0")).status()).isEqualTo(200);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/first", "/second");
    }

    // ---- TLS

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrong name", "expired", "unknown CA"})
    void tlsOriginThatCannotBeVerifiedIs503NamingTheProblemAndGetsNoRequest(String fault) {
        var pki = TestPki.newCa();
        var now = java.time.Instant.now();
        var identity = switch (fault) {
            case "wrong name" -> pki.server("other.test");
            case "expired" -> pki.leaf("origin.test").validity(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30))).issue();
            default -> TestPki.newCa("Some Other CA").server("origin.test");
        };
        var origin = ProxyOrigin.startTls("secure", identity.serverContext());
        closing.add(origin);
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(), "ssl_cert_hostname",
                "origin.test", "connect_timeout", "8000")); // generous: RSA handshakes on a loaded 2-core machine
        var edge = edge(snapshot);
        var response = ProxyClient.get(edge.port(), "example.com", "/");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backline-Error")).isEqualTo(switch (fault) {
            case "wrong name" -> "Hostname mismatch";
            case "expired" -> "certificate has expired";
            default -> "unable to get local issuer certificate";
        });
        assertThat(origin.seen()).isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> origin.open() == 0 && edge.originUse(key(snapshot, "origin")).open() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain HTTP origin", "silent origin"})
    void tlsBackendWhoseOriginDoesNotSpeakTlsIs503WithinTheConnectTimeout(String fault) {
        int port;
        if (fault.equals("plain HTTP origin")) {
            var plain = ProxyOrigin.start("plain");
            closing.add(plain);
            port = plain.port();
        } else {
            port = origin(ScriptedOrigin.Exchange::hold).port(); // a ClientHello is never a complete HTTP head: it waits
        }
        var snapshot = snapshot(backend("origin", port, "use_ssl", "true", "ssl_check_cert", "false", "connect_timeout", "500"));
        var edge = edge(snapshot);
        var response = timed(() -> ProxyClient.get(edge.port(), "example.com", "/"));
        assertThat(response.status()).isEqualTo(503);
        if (fault.equals("silent origin")) {
            assertThat(response.header("X-Backline-Error")).isEqualTo("Connection timed out"); // the handshake shares connect_timeout
        } else {
            // An HTTP server waits for a line end; the ClientHello's random bytes hold one or not. If they do, it
            // answers 400 in plain text and the handshake fails; if not, it waits and the handshake times out.
            assertThat(response.header("X-Backline-Error")).isIn("TLS handshake failed", "Connection timed out");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> edge.originUse(key(snapshot, "origin")).open() == 0);
    }

    // ---- max_conn

    @Test
    void maxConnExhaustedAnswersTheExcess503AtOnceAndRecoversWhenConnectionsAreFreed() {
        var release = new CountDownLatch(1);
        var origin = origin(exchange -> {
            if (exchange.request().target().equals("/hold")) {
                release.await();
            }
            ScriptedOrigin.echo(exchange);
        });
        var snapshot = snapshot(backend("origin", origin.port(), "max_conn", "2", "first_byte_timeout", "5000"));
        var backendKey = key(snapshot, "origin");
        var edge = edge(snapshot);
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        closing.add(threads::shutdownNow);
        var held = List.of(CompletableFuture.supplyAsync(() -> ProxyClient.get(edge.port(), "example.com", "/hold"), threads),
                CompletableFuture.supplyAsync(() -> ProxyClient.get(edge.port(), "example.com", "/hold"), threads));
        await().atMost(Duration.ofSeconds(3)).until(() -> origin.requests().size() == 2);
        assertThat(edge.originUse(backendKey).busy()).isEqualTo(2);

        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            var rejected = ProxyClient.get(edge.port(), "example.com", "/excess");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000L);
            assertThat(rejected.status()).isEqualTo(503);
            assertThat(rejected.header("X-Backline-Error")).isEqualTo("backend.max_conn reached");
        }
        release.countDown();
        assertThat(held).allSatisfy(future -> assertThat(future.join().status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(3)).until(() -> edge.originUse(backendKey).busy() == 0);
        for (int i = 0; i < 5; i++) {
            assertThat(ProxyClient.get(edge.port(), "example.com", "/after").status()).isEqualTo(200);
        }
        assertThat(origin.requests()).extracting(ScriptedOrigin.Request::target).doesNotContain("/excess");
        assertThat(edge.originUse(backendKey).open()).isLessThanOrEqualTo(2);
        assertClosedOrReleased(edge, snapshot, origin);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBurstBeyondMaxConnGetsEveryRequestAnAnswer(boolean cache) {
        // Every request of a burst much larger than max_conn is answered: 200 or an immediate 503, never silence. With the
        // cache on and nothing cacheable (default_ttl 0), the burst's requests for one URL first queue behind one fetch.
        try (var origin = ProxyOrigin.start("origin")) {
            var settings = SettingsSchema.SCHEMA.defaults(ServiceType.VCL).with(SettingsSchema.DEFAULT_TTL, 0);
            var active = new ActiveVersion(ProxyFixtures.SERVICE, 1, List.of(backend("origin", origin.port(), "max_conn", "5")), List.of(),
                    List.of(), List.of(ProxyFixtures.domain("example.com")), settings);
            var snapshot = SnapshotCompiler.compile(1, List.of(active));
            var edge = EdgeServer.start(ProxyFixtures.config().cacheSizeBytes(cache ? 16L << 20 : 0).build(), () -> snapshot,
                    HealthView.ALL_HEALTHY);
            closing.add(edge);
            int clients = 400;
            var sockets = new ArrayList<ProxyClient>();
            try {
                for (int i = 0; i < clients; i++) {
                    var client = new ProxyClient(edge.port());
                    sockets.add(client);
                    client.send("GET /same HTTP/1.1\r\nHost: example.com\r\n\r\n");
                }
                var statuses = new TreeMap<Integer, Integer>();
                for (int i = 0; i < clients; i++) {
                    sockets.get(i).setTimeout(5_000);
                    statuses.merge(sockets.get(i).read(false).status(), 1, Integer::sum);
                }
                assertThat(statuses.keySet()).isSubsetOf(200, 503);
                assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(clients);
            } finally {
                sockets.forEach(ProxyClient::close);
            }
        }
    }

    // ---- helpers

    private EdgeServer assertTruncated(ScriptedOrigin origin, String path) {
        var snapshot = snapshot(backend("origin", origin.port(), SHORT_TIMEOUTS));
        var edge = edge(snapshot);
        try (var client = new ProxyClient(edge.port())) {
            var response = timed(() -> client.request("GET", "example.com", path));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.complete()).as("a truncated body must not look complete").isFalse();
            assertThat(response.text()).isEqualTo("part1");
            client.setTimeout(2_000);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertClosedOrReleased(edge, snapshot, origin);
        return edge;
    }

    /** Nothing busy is left behind, and the pool holds no connection the origin does not also see open. */
    private static void assertClosedOrReleased(EdgeServer edge, EdgeSnapshot snapshot, ScriptedOrigin origin) {
        var backendKey = key(snapshot, "origin");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            var use = edge.originUse(backendKey);
            assertThat(use.busy()).isZero();
            assertThat(use.open()).isEqualTo(origin.open());
        });
    }

    /** Every fault must be answered well inside the client's own 10 s read timeout. */
    private static <T> T timed(java.util.function.Supplier<T> call) {
        long start = System.nanoTime();
        var result = call.get();
        assertThat((System.nanoTime() - start) / 1_000_000).as("answered within the backend's timeouts").isLessThan(5_000L);
        return result;
    }

    private ScriptedOrigin origin(ScriptedOrigin.Script script) {
        var origin = ScriptedOrigin.start(script);
        closing.add(origin);
        return origin;
    }

    private EdgeServer edge(EdgeSnapshot snapshot) {
        var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY);
        closing.add(edge);
        return edge;
    }
}
