package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What the edge changes on the way through (semantics §4.3, §5; RFC 9110 §7.6). */
class ProxyHeadersTest {
    /** A fresh origin for each test (JUnit makes an instance per test and closes the field after it). */
    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");

    @Test
    void clientHostIsForwardedUnlessTheBackendOverridesIt() {
        var snapshot = SnapshotCompiler.compile(1, List.of(
                ProxyFixtures.version("plain", 1, List.of(backend("plain", origin.port())), List.of(), "plain.test"),
                ProxyFixtures.version("bucket", 1, List.of(backend("s3", origin.port(), "override_host", "bucket.s3.amazonaws.com")),
                        List.of(), "assets.test")));
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY)) {
            ProxyClient.get(edge.port(), "plain.test:8000", "/");
            assertThat(origin.last().headers().get("Host")).isEqualTo("plain.test:8000");

            ProxyClient.get(edge.port(), "assets.test", "/logo.png");
            var seen = origin.last();
            assertThat(seen.headers().get("Host")).isEqualTo("bucket.s3.amazonaws.com");
            assertThat(seen.headers().get("X-Forwarded-Host")).isEqualTo("assets.test");
        }
    }

    @Test
    void clientAddressIsAppendedToXForwardedForAndForwardedIsSet() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port())))) {
            ProxyClient.get(edge.port(), "example.com", "/", "X-Forwarded-For: 203.0.113.9", "Forwarded: for=198.51.100.1",
                    "X-Forwarded-Proto: https");
            var headers = origin.last().headers();
            assertThat(headers.get("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
            assertThat(headers.get("Forwarded")).isEqualTo("for=127.0.0.1;host=\"example.com\";proto=http");
            assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(headers.get("X-Forwarded-Host")).isEqualTo("example.com");
            assertThat(headers.get("Via")).isEqualTo("1.1 backline");
        }
    }

    @Test
    void hopByHopRequestHeadersStopAtTheEdge() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port())))) {
            ProxyClient.get(edge.port(), "example.com", "/", "Connection: keep-alive, X-Secret", "X-Secret: token",
                    "Keep-Alive: timeout=300", "Proxy-Connection: keep-alive", "TE: trailers", "Upgrade: websocket",
                    "Trailer: X-Checksum", "X-End-To-End: kept", "Via: 1.1 client-proxy");
            var headers = origin.last().headers();
            for (var name : List.of("X-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade", "Trailer", "Transfer-Encoding")) {
                assertThat(headers.contains(name)).as(name).isFalse();
            }
            assertThat(headers.get("Connection")).isNotEqualTo("keep-alive, X-Secret");
            assertThat(headers.get("X-End-To-End")).isEqualTo("kept");
            assertThat(headers.get("Via")).isEqualTo("1.1 client-proxy, 1.1 backline");
        }
    }

    @Test
    void hopByHopResponseHeadersStopAtTheEdge() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port())))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/hop");
            assertThat(response.status()).isEqualTo(200);
            for (var name : List.of("X-Hop", "Keep-Alive", "Proxy-Connection", "Upgrade", "Trailer", "Connection")) {
                assertThat(response.header(name)).as(name).isNull();
            }
            assertThat(response.header("X-End-To-End")).isEqualTo("kept");
            assertThat(response.header("Via")).isEqualTo("1.1 backline");
        }
    }

    @Test
    void absoluteFormTargetIsRoutedByItsAuthorityAndForwardedInOriginForm() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port()))); var client = new ProxyClient(edge.port())) {
            client.send("GET http://example.com/abs?q=1 HTTP/1.1\r\nHost: ignored.test\r\n\r\n");
            assertThat(client.read(false).text()).isEqualTo("origin");
            assertThat(origin.last().uri()).isEqualTo("/abs?q=1");
            assertThat(origin.last().headers().get("Host")).isEqualTo("example.com");
        }
    }

    @Test
    void http10ClientGetsAChunkedOriginBodyDelimitedByTheClose() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port()))); var client = new ProxyClient(edge.port())) {
            client.send("GET /big/16 HTTP/1.0\r\nHost: example.com\r\n\r\n");
            var response = client.read(false);
            assertThat(response.header("Transfer-Encoding")).isNull();
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.body().length).isEqualTo(16 * 1024);
            assertThat(origin.last().headers().get("Connection")).isNull(); // HTTP/1.1 keep-alive towards the origin
        }
    }

    @Test
    void http10KeepAliveIsHonoured() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port()))); var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < 3; i++) {
                client.send("GET / HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n");
                var response = client.read(false);
                assertThat(response.text()).isEqualTo("origin");
                assertThat(response.header("Connection")).isEqualTo("keep-alive");
            }
        }
    }
}
