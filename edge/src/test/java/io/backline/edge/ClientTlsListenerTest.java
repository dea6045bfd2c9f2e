package io.backline.edge;

import static io.backline.edge.CacheOrigin.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client TLS listener (docs/edge-tls.md, "Client TLS"): certificates by SNI, the alert for a
 * name nobody activated, renewal, HTTP/2 and HTTP/1.1 by ALPN, and every edge behaviour over both.
 * Real TLS clients (the JDK's HttpClient), a real edge and real origins on loopback.
 */
class ClientTlsListenerTest {
    private final TestPki pki = TestPki.newCa();
    private final TestPki.Identity exact = pki.server("www.example.com");
    private final TestPki.Identity wildcard = pki.server("*.wild.test");
    private final CacheOrigin origin = new CacheOrigin();
    private final ConcurrentLinkedQueue<ExchangeRecord> records = new ConcurrentLinkedQueue<>();
    private EdgeServer edge;

    @BeforeEach
    void start() {
        var served = ProxyFixtures.version(ProxyFixtures.SERVICE, 1, List.of(ProxyFixtures.backend("origin", origin.port())), List.of(),
                "127.0.0.1");
        var down = ProxyFixtures.version("svc2", 1, List.of(ProxyFixtures.backend("gone", ClosedPort.any())), List.of(),
                "localhost");
        var snapshot = SnapshotCompiler.compile(1, List.of(served, down));
        edge = EdgeServer.start(ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).cacheSizeBytes(1 << 20).build(),
                () -> snapshot, HealthView.ALL_HEALTHY, records::add);
        // localhost: the host name of the second service, which the JDK client sends as SNI too (it overrides the chosen name)
        edge.certificates(List.of(served("exact", exact, "www.example.com", "localhost"), served("wild", wildcard, "*.wild.test")));
    }

    @AfterEach
    void stop() {
        edge.close();
        origin.close();
    }

    private static ServedCertificate served(String id, TestPki.Identity identity, String... domains) {
        return new ServedCertificate(id, identity.certificatePem(), identity.privateKeyPem(), List.of(domains));
    }

    @Test
    void anExactNameGetsItsCertificateOverHttp2AndTheOriginIsToldTheClientUsedTls() throws Exception {
        try (var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
            var response = client.get(edge.tlsPort(), "/a");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo("body of /a");
            assertThat(client.trust().last().getSerialNumber()).isEqualTo(exact.certificate().getSerialNumber());
        }
        var seen = origin.seen().getLast();
        assertThat(seen.headers()).containsEntry("fastly-ssl", "1").containsEntry("x-forwarded-proto", "https")
                .containsEntry("host", "127.0.0.1:" + edge.tlsPort()); // from :authority
        assertThat(seen.headers().keySet()).noneMatch(name -> name.startsWith("x-http2-"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !records.isEmpty());
        assertThat(records.peek().protocol()).isEqualTo("HTTP/2.0");
    }

    @Test
    void http11ChosenByAlpnIsServedOverTlsToo() throws Exception {
        try (var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_1_1)) {
            for (int i = 0; i < 2; i++) {
                var response = client.get(edge.tlsPort(), "/b");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            }
            assertThat(client.trust().leaves).hasSize(1); // one keep-alive connection
        }
        assertThat(origin.seen().getLast().headers()).containsEntry("fastly-ssl", "1").containsEntry("x-forwarded-proto", "https");
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 2);
        assertThat(records).extracting(ExchangeRecord::protocol).containsOnly("HTTP/1.1");
    }

    @Test
    void theOriginHearsNoFastlySslFromThePlainListenerWhateverTheClientSays() {
        var response = ProxyClient.get(edge.port(), "127.0.0.1", "/plain");
        assertThat(response.status()).isEqualTo(200);
        assertThat(origin.seen().getLast().headers()).doesNotContainKey("fastly-ssl").containsEntry("x-forwarded-proto", "http");
    }

    @Test
    void aWildcardCoversExactlyOneLabel() throws Exception {
        try (var client = TlsClients.client(pki, "a.wild.test", HttpClient.Version.HTTP_2)) {
            assertThat(client.get(edge.tlsPort(), "/w").statusCode()).isEqualTo(200);
            assertThat(client.trust().last().getSerialNumber()).isEqualTo(wildcard.certificate().getSerialNumber());
        }
        try (var client = TlsClients.client(pki, "deep.a.wild.test", HttpClient.Version.HTTP_2)) {
            assertThatThrownBy(() -> client.get(edge.tlsPort(), "/w")).hasRootCauseInstanceOf(SSLHandshakeException.class)
                    .rootCause().hasMessageContaining("unrecognized_name");
        }
    }

    @Test
    void aHelloWithoutSniIsRefusedWithTheAlertUnrecognizedName() {
        try (var client = TlsClients.client(pki, null, HttpClient.Version.HTTP_2)) {
            assertThatThrownBy(() -> client.get(edge.tlsPort(), "/x")).hasRootCauseInstanceOf(SSLHandshakeException.class)
                    .rootCause().hasMessageContaining("unrecognized_name");
        }
        assertThat(origin.total()).isZero();
    }

    @Test
    void aNameNoActivationCoversIsRefusedWithTheAlertUnrecognizedName() {
        try (var client = TlsClients.client(pki, "other.example.com", HttpClient.Version.HTTP_1_1)) {
            assertThatThrownBy(() -> client.get(edge.tlsPort(), "/x")).hasRootCauseInstanceOf(SSLHandshakeException.class)
                    .rootCause().hasMessageContaining("unrecognized_name");
        }
    }

    @Test
    void aRenewedCertificateReachesNewConnectionsWhileAnOpenOneKeepsWorking() throws Exception {
        try (var longLived = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
            assertThat(longLived.get(edge.tlsPort(), "/1").statusCode()).isEqualTo(200);
            var renewed = pki.server("www.example.com");
            edge.certificates(List.of(served("exact", renewed, "www.example.com"), served("wild", wildcard, "*.wild.test")));
            try (var fresh = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
                assertThat(fresh.get(edge.tlsPort(), "/2").statusCode()).isEqualTo(200);
                assertThat(fresh.trust().last().getSerialNumber()).isEqualTo(renewed.certificate().getSerialNumber());
            }
            assertThat(longLived.get(edge.tlsPort(), "/3").statusCode()).isEqualTo(200);
            assertThat(longLived.trust().leaves).hasSize(1); // the same connection, the old certificate
            assertThat(longLived.trust().last().getSerialNumber()).isEqualTo(exact.certificate().getSerialNumber());
        }
    }

    @Test
    void aSyntheticAnswerOverHttp2CarriesItsReasonInXBacklineError() throws Exception {
        try (var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + edge.tlsPort() + "/"))
                    .build();
            // The authority is localhost, the service whose backend is gone.
            var response = client.http().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("x-backline-error")).hasValue("Connection refused");
        }
    }

    @Test
    void aCacheableResponseIsAHitOverHttp2AndNoConnectionHeaderGoesOut() throws Exception {
        origin.on("/cached", Answer.ok("cached", "Cache-Control", "max-age=60"));
        try (var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
            var miss = client.get(edge.tlsPort(), "/cached");
            var hit = client.get(edge.tlsPort(), "/cached");
            assertThat(miss.headers().firstValue("x-cache")).hasValue("MISS");
            assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
            assertThat(hit.body()).isEqualTo("cached");
            assertThat(hit.version()).isEqualTo(HttpClient.Version.HTTP_2);
            for (var response : List.of(miss, hit)) {
                assertThat(response.headers().map().keySet()).doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade");
            }
        }
        assertThat(origin.count("/cached")).isEqualTo(1);
    }

    @Test
    void aTlsOriginIsReachedFromAnHttp2Client() throws Exception {
        var originPki = TestPki.newCa();
        try (var secure = ProxyOrigin.startTls("secure", originPki.server("origin.test").serverContext())) {
            var version = ProxyFixtures.version(ProxyFixtures.SERVICE, 1, List.of(ProxyFixtures.backend("origin", secure.port(), "use_ssl",
                    "true", "ssl_ca_cert", originPki.caPem(), "ssl_cert_hostname", "origin.test")), List.of(), "127.0.0.1");
            var routed = SnapshotCompiler.compile(2, List.of(version));
            try (var tlsEdge = EdgeServer.start(ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).build(), () -> routed,
                    HealthView.ALL_HEALTHY);
                    var client = TlsClients.client(pki, "www.example.com", HttpClient.Version.HTTP_2)) {
                tlsEdge.certificates(List.of(served("exact", exact, "www.example.com")));
                var response = client.get(tlsEdge.tlsPort(), "/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("secure");
                assertThat(secure.last().headers().get("fastly-ssl")).isEqualTo("1");
            }
        }
    }
}
