package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** use_ssl through the proxy: the handshake is part of connecting, and its failure is a 503 in Fastly's words. */
class ProxyTlsTest {
    private final TestPki pki = TestPki.newCa();
    private ProxyOrigin origin;

    @BeforeEach
    void origin() {
        origin = ProxyOrigin.startTls("secure", pki.server("origin.test").serverContext());
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    @Test
    void httpsOriginIsServedOverOnePooledTlsConnection() {
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                "ssl_cert_hostname", "origin.test", "ssl_sni_hostname", "origin.test"));
        try (var edge = ProxyFixtures.start(snapshot); var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < 3; i++) {
                var response = client.request("GET", "example.com", "/");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("secure");
            }
            assertThat(origin.connections()).isEqualTo(1);
        }
    }

    @Test
    void certificateForAnotherNameIsA503HostnameMismatch() {
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                "ssl_cert_hostname", "other.test"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("Hostname mismatch");
            assertThat(origin.seen()).isEmpty();
        }
    }
}
