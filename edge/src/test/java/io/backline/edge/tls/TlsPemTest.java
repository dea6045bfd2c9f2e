package io.backline.edge.tls;

import static io.backline.edge.tls.TlsHandshakeTest.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.EdgeException;
import io.backline.edge.TestPki;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PEM fields: what is read, and refusals that name the field without quoting key material. */
class TlsPemTest {
    private static TestPki pki;
    private static TestPki.Identity client;

    @BeforeAll
    static void pki() {
        pki = TestPki.newCa();
        client = pki.client("edge.test");
    }

    @Test
    void readsPkcs8Pkcs1AndSec1Keys() {
        var ec = pki.leaf().commonName("ec.test").ec().clientAuth().issue();

        for (var identity : new TestPki.Identity[] {client, ec}) {
            for (var pem : new String[] {identity.privateKeyPem(), identity.traditionalKeyPem()}) {
                var key = PemKeys.privateKey("ssl_client_key", pem);
                assertThat(key.getAlgorithm()).isEqualTo(identity.privateKey().getAlgorithm());
                if (key instanceof ECPrivateKey read && identity.privateKey() instanceof ECPrivateKey original) {
                    assertThat(read.getS()).isEqualTo(original.getS());
                } else {
                    assertThat(key.getEncoded()).isEqualTo(identity.privateKey().getEncoded());
                }
                PemKeys.checkPair("ssl_client_key", key, "ssl_client_cert", identity.certificate()); // signs for that certificate
            }
        }
        assertThat(client.traditionalKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ec.traditionalKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void readsACaBundleWithTextAroundTheCertificates() {
        var other = TestPki.newCa("Second CA");
        var bundle = "# our roots\r\n" + pki.caPem().replace("\n", "\r\n") + "\nsubject=second\n" + other.caPem();

        assertThat(PemKeys.certificates("ssl_ca_cert", bundle)).containsExactly(pki.caCertificate(), other.caCertificate());
    }

    @Test
    void refusesACaCertWithoutCertificates() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").ca("not a certificate").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessage("backend 'origin': ssl_ca_cert: no certificate found "
                        + "(expected: one or more -----BEGIN CERTIFICATE----- blocks)");
    }

    @Test
    void refusesACertificateBlockThatIsNotBase64OrNotACertificate() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test")
                        .ca("-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("ssl_ca_cert: the CERTIFICATE block is not valid base64");
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test")
                        .ca("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("ssl_ca_cert: certificate 1 cannot be parsed");
    }

    @Test
    void refusesAClientCertWithoutItsKeyAndAKeyWithoutItsCert() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").clientCert(client.certificatePem()).settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessage("backend 'origin': ssl_client_key: missing (expected: set together with ssl_client_cert for mTLS)");
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").clientKey(client.privateKeyPem()).settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessage("backend 'origin': ssl_client_cert: missing (expected: set together with ssl_client_key for mTLS)");
    }

    @Test
    void refusesAClientCertFieldWithoutCertificates() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test")
                        .clientCert(client.privateKeyPem()).clientKey(client.privateKeyPem()).settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("ssl_client_cert: no certificate found");
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificate() {
        var other = pki.client("other.test");

        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test")
                        .clientCert(client.certificatePem()).clientKey(other.privateKeyPem()).settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("ssl_client_key: does not match the first certificate of ssl_client_cert");
    }

    @Test
    void refusesEncryptedAndUnsupportedKeys() {
        var body = Base64.getMimeEncoder().encodeToString(client.privateKey().getEncoded());
        var encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        var legacyEncrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
                + body + "\n-----END RSA PRIVATE KEY-----\n";
        var openSsh = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

        assertThat(refusal(encrypted)).contains("ssl_client_key: the key is encrypted").doesNotContain(body.substring(0, 40));
        assertThat(refusal(legacyEncrypted)).contains("ssl_client_key: the key is encrypted");
        assertThat(refusal(openSsh)).contains("ssl_client_key: OPENSSH PRIVATE KEY keys are not supported");
        assertThat(refusal(client.privateKeyPem() + client.privateKeyPem())).contains("ssl_client_key: 2 private keys found");
    }

    @Test
    void refusesACorruptKeyWithoutQuotingIt() {
        var der = client.privateKey().getEncoded();
        java.util.Arrays.fill(der, 2, 40, (byte) 0x7f);
        var body = Base64.getMimeEncoder().encodeToString(der);
        var corrupt = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";

        assertThat(refusal(corrupt)).contains("ssl_client_key: the PRIVATE KEY cannot be read").doesNotContain(body.substring(100, 140));
    }

    @Test
    void refusesAnEcKeyThatDoesNotNameItsCurve() {
        // SEC1 { version 1, privateKey } with neither [0] parameters nor [1] public key
        var sec1 = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {1}), Der.encode(Der.OCTET_STRING, new byte[32]));
        var pem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n";

        assertThat(refusal(pem)).contains("ssl_client_key: the EC key does not name its curve");
    }

    private static String refusal(String keyPem) {
        try {
            OriginTls.forBackend(backend("origin.test").clientCert(client.certificatePem()).clientKey(keyPem).settings());
        } catch (EdgeException e) {
            return e.getMessage();
        }
        throw new AssertionError("the key should have been refused");
    }
}
