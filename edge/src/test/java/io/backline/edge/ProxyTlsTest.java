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

    @Test
    void originSignedByAnUnknownCaIsA503NamingTheIssuerProblem() {
        var other = TestPki.newCa("Some Other CA");
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", other.caPem(),
                "ssl_cert_hostname", "origin.test"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("unable to get local issuer certificate");
            assertThat(origin.seen()).isEmpty();
        }
    }

    @Test
    void sslCheckCertFalseAcceptsTheUnknownCaAndTheWrongName() {
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_check_cert", "false",
                "ssl_cert_hostname", "other.test"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("secure");
        }
    }

    @Test
    void sniNameIsSentAsIsWhileTheCertificateIsCheckedAgainstTheCertificateHostname() {
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                "ssl_cert_hostname", "origin.test", "ssl_sni_hostname", "front.test"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(200);
            assertThat(origin.handshakes()).extracting(ProxyOrigin.Handshake::sni).containsExactly("front.test");
        }
    }

    @Test
    void anSniNameTheCertificateCoversDoesNotExcuseAWrongCertificateHostname() {
        var snapshot = snapshot(backend("origin", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                "ssl_cert_hostname", "other.test", "ssl_sni_hostname", "origin.test"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("Hostname mismatch");
        }
    }

    @Test
    void originRequiringAClientCertificateServesTheEdgeOnlyWithSslClientCert() {
        var client = pki.client("backline-edge");
        try (var mutual = ProxyOrigin.startMutualTls("mutual", pki.server("origin.test").serverContext(pki.caCertificate()))) {
            var without = snapshot(backend("origin", mutual.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                    "ssl_cert_hostname", "origin.test"));
            try (var edge = ProxyFixtures.start(without)) {
                var response = ProxyClient.get(edge.port(), "example.com", "/");
                assertThat(response.status()).isEqualTo(503);
                assertThat(mutual.seen()).isEmpty();
            }
            var with = snapshot(backend("origin", mutual.port(), "use_ssl", "true", "ssl_ca_cert", pki.caPem(),
                    "ssl_cert_hostname", "origin.test", "ssl_client_cert", client.certificatePem(),
                    "ssl_client_key", client.privateKeyPem()));
            try (var edge = ProxyFixtures.start(with)) {
                var response = ProxyClient.get(edge.port(), "example.com", "/");
                assertThat(response.status()).as(response.header("X-Backline-Error")).isEqualTo(200);
                assertThat(response.text()).isEqualTo("mutual");
                assertThat(mutual.handshakes()).extracting(ProxyOrigin.Handshake::clientSubject).containsExactly("CN=backline-edge");
            }
        }
    }
}
