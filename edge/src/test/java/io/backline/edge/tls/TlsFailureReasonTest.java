package io.backline.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** {@link OriginTls#failureReason} on the exceptions JSSE and Netty throw (real handshakes: {@link TlsHandshakeTest}). */
class TlsFailureReasonTest {

    @Test
    void namesAlertsTheOriginSent() {
        assertThat(reason("Received fatal alert: handshake_failure")).isEqualTo("no shared cipher");
        assertThat(reason("Received fatal alert: insufficient_security")).isEqualTo("no shared cipher");
        assertThat(reason("Received fatal alert: protocol_version")).isEqualTo("protocol version");
        assertThat(reason("Received fatal alert: certificate_required")).isEqualTo("TLS handshake failed (certificate_required)");
    }

    @Test
    void namesVersionsTheEdgeRefused() {
        assertThat(reason("The server selected protocol version TLS11 is not accepted by client preferences [TLS13, TLS12]"))
                .isEqualTo("protocol version");
        assertThat(reason("No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"))
                .isEqualTo("protocol version");
    }

    @Test
    void prefersTheCertificateFailureAttachedByTheTrustManager() {
        var certificate = new OriginCertificateException(TlsFailure.EXPIRED, "CN=origin.test", null);
        var handshake = new SSLHandshakeException("(certificate_unknown) PKIX path validation failed");
        handshake.initCause(certificate);

        assertThat(OriginTls.failureReason(new DecoderException(handshake))).isEqualTo("certificate has expired");
    }

    @Test
    void fallsBackToAGenericReason() {
        assertThat(OriginTls.failureReason(new IOException("Connection reset"))).isEqualTo("TLS handshake failed");
        assertThat(OriginTls.failureReason(new SSLException((String) null))).isEqualTo("TLS handshake failed");
        assertThat(reason("Remote host terminated the handshake")).isEqualTo("TLS handshake failed");
    }

    private static String reason(String message) {
        return OriginTls.failureReason(new DecoderException(new SSLHandshakeException(message)));
    }
}
