package io.backline.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's certificate is one the JDK and the TLS listener accept for its name. */
class WarmupCertificateTest {
    @Test
    void aSelfSignedCertificateForTheNameWhoseKeyMatches() throws Exception {
        var served = WarmupCertificate.create("w", "warmup.backline.invalid");
        var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(served.certificateChainPem().getBytes(StandardCharsets.US_ASCII)));

        certificate.verify(certificate.getPublicKey()); // self-signed: its own key checks its signature
        certificate.checkValidity(new Date());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=warmup.backline.invalid");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "warmup.backline.invalid"));
        var key = PemKeys.privateKey("key", served.privateKeyPem());
        PemKeys.checkPair("key", key, "certificate", certificate); // throws when they do not match
        assertThat(served.domains()).containsExactly("warmup.backline.invalid");
        assertThat(served.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void eachCallMakesANewKey() {
        assertThat(WarmupCertificate.create("a", "x.invalid").privateKeyPem())
                .isNotEqualTo(WarmupCertificate.create("b", "x.invalid").privateKeyPem());
    }
}
