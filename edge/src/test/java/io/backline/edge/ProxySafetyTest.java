package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.config;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the edge refuses before they reach an origin: ambiguous framing, oversize parts, slow clients. */
class ProxySafetyTest {
    private ProxyOrigin origin;
    private EdgeServer edge;

    @BeforeEach
    void start() {
        origin = ProxyOrigin.start("origin");
        var config = config().maxRequestBodyBytes(1024).clientIdleTimeout(Duration.ofMillis(500)).build();
        var snapshot = snapshot(backend("origin", origin.port()));
        edge = EdgeServer.start(config, () -> snapshot, HealthView.ALL_HEALTHY);
    }

    @AfterEach
    void stop() {
        edge.close();
        origin.close();
    }

    @Test
    void contentLengthWithChunkedTransferEncodingIsRefusedAndTheConnectionClosed() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.header("X-Backline-Error")).contains("Content-Length", "Transfer-Encoding");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.seen()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 3\r\nContent-Length: 40", "Content-Length: 3, 40", "Content-Length: 3\r\nContent-Length: 3"})
    void conflictingOrRepeatedContentLengthIsRefusedAndTheConnectionClosed(String framing) {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / HTTP/1.1\r\nHost: example.com\r\n" + framing + "\r\n\r\nabc");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.seen()).isEmpty();
    }

    /** The names the edge sets itself skip Netty's name check (EdgeHeaders.HEADERS); names from the wire must not. */
    @ParameterizedTest
    @ValueSource(strings = {"X(y): 1", "X-Forwarded-For@: 1", "Via\"x: 1", "X-Forwarded-For\u0001: 1", "X\u007f: 1"})
    void aHeaderNameThatIsNotATokenIsRefused(String line) {
        try (var client = new ProxyClient(edge.port())) {
            client.send("GET / HTTP/1.1\r\nHost: example.com\r\n" + line + "\r\n\r\n");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("X-Backline-Error")).startsWith("malformed request").doesNotContain("\u0001", "\u007f");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void transferEncodingOnHttp10IsRefused() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / HTTP/1.0\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertThat(client.read(false).status()).isEqualTo(400);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void oversizeHeadersAre431AndAnOversizeRequestLineIs414() {
        var response = ProxyClient.get(edge.port(), "example.com", "/", "X-Big: " + "a".repeat(20 * 1024));
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.header("X-Backline-Error")).isEqualTo("request headers too large");
        assertThat(ProxyClient.get(edge.port(), "example.com", "/" + "a".repeat(9 * 1024)).status()).isEqualTo(414);
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void declaredBodyOverTheLimitIs413AtOnce() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2048\r\n\r\n");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(413);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413() {
        try (var client = new ProxyClient(edge.port())) {
            var chunk = Integer.toHexString(600) + "\r\n" + "x".repeat(600) + "\r\n";
            client.send("POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(413);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void missingOrRepeatedHostIsRefused() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("GET / HTTP/1.1\r\n\r\n");
            assertThat(client.read(false).header("X-Backline-Error")).isEqualTo("missing Host header");
        }
        try (var client = new ProxyClient(edge.port())) {
            client.send("GET / HTTP/1.1\r\nHost: example.com\r\nHost: other.test\r\n\r\n");
            assertThat(client.read(false).header("X-Backline-Error")).isEqualTo("multiple Host headers");
        }
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void clientTricklingItsHeadersIsDisconnected() {
        try (var client = new ProxyClient(edge.port())) {
            client.setTimeout(3_000);
            long start = System.nanoTime();
            client.send("GET / HTTP/1.1\r\nHost: exa");
            for (int i = 0; i < 3; i++) {
                sleep(200);
                client.send("m"); // bytes keep coming, but the headers never complete
            }
            assertThat(client.closedByPeer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500L);
        }
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void clientStallingItsBodyGets408() {
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 10\r\n\r\nab");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(408);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheClientTimeout() {
        try (var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/").status()).isEqualTo(200);
            client.setTimeout(3_000);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    /** The trickling client must be slow: here the sleep is the behaviour under test, not a wait for an event. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
