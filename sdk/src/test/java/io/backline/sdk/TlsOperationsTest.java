package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.TlsActivation;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The TLS group ({@code client.tls()}) against the real server: a key, a certificate, its activation, a renewal and refusals. */
class TlsOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();

    @Test
    void aCertificateIsUploadedActivatedRenewedAndDeactivated() throws Exception {
        var domain = "sdk-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        var pair = rsa();

        var key = client.tls().createPrivateKey("sdk key", pem(pair.getPrivate()));
        var first = client.tls().createCertificate("sdk certificate", certificate(pair, domain, 1));
        var configuration = client.tls().listConfigurations().getFirst();
        var activation = client.tls().activate(first.id(), configuration.id(), domain);

        assertThat(key.keyType()).isEqualTo("RSA");
        assertThat(first.domains()).containsExactly(domain);
        assertThat(configuration.isDefault()).isTrue();
        assertThat(client.tls().listActivations()).extracting(TlsActivation::domain).contains(domain);
        assertThatThrownBy(() -> client.tls().deletePrivateKey(key.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("in use by certificate");

        var renewed = client.tls().updateCertificate(first.id(), certificate(pair, domain, 2));
        assertThat(renewed.serialNumber()).isEqualTo("2");
        assertThat(client.tls().getCertificate(first.id()).name()).isEqualTo("sdk certificate");

        client.tls().deactivate(activation.id());
        assertThat(client.tls().listActivations()).extracting(TlsActivation::id).doesNotContain(activation.id());
        assertThatThrownBy(() -> client.tls().activate(first.id(), null, "other.example.com")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tls_domain: other.example.com");
    }

    private static KeyPair rsa() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String certificate(KeyPair pair, String domain, long serial) throws Exception {
        var now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=SDK CA"), BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + domain),
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
        return pem(new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(pair.getPrivate()))));
    }

    private static String pem(Object object) throws Exception {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

}
