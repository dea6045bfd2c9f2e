package io.backline.edge.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Why a TLS handshake with an origin failed, in the words of Fastly's "TLS origin configuration
 * messages" (which are OpenSSL's verify and alert texts). {@link #describe} is the only place that
 * reads JSSE exception text: JSSE exposes no alert code, and the texts it matches
 * ({@code "Received fatal alert: <alert>"}, the protocol-version diagnostics) are fixed strings in
 * {@code sun.security.ssl}. Certificate failures never need text: {@link OriginTrustManager}
 * raises them as {@link OriginCertificateException} with the failure attached.
 */
enum TlsFailure {
    HOSTNAME_MISMATCH("Hostname mismatch"),
    UNKNOWN_ISSUER("unable to get local issuer certificate"),
    SELF_SIGNED("self signed certificate"),
    SELF_SIGNED_IN_CHAIN("self signed certificate in certificate chain"),
    EXPIRED("certificate has expired"),
    NOT_YET_VALID("certificate is not yet valid"),
    REVOKED("certificate revoked"),
    BAD_SIGNATURE("certificate signature failure"),
    VERIFY_FAILED("certificate verify failed"),
    NO_SHARED_CIPHER("no shared cipher"),
    PROTOCOL_VERSION("protocol version"),
    HANDSHAKE_FAILED("TLS handshake failed");

    private static final String RECEIVED_ALERT = "Received fatal alert: ";
    private static final int MAX_CAUSES = 16;

    private final String reason;

    TlsFailure(String reason) {
        this.reason = reason;
    }

    /** The Fastly/OpenSSL text, e.g. {@code unable to get local issuer certificate}. */
    String reason() {
        return reason;
    }

    /**
     * The reason for a failed handshake or first read: a certificate failure found by our trust
     * manager anywhere in the cause chain wins; otherwise the alert or diagnostic of the first
     * {@link SSLException}. An alert without a Fastly text is named, e.g.
     * {@code TLS handshake failed (certificate_required)}.
     */
    static String describe(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (t instanceof OriginCertificateException certificate) {
                return certificate.failure().reason();
            }
        }
        depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                return fromDiagnostic(t.getMessage());
            }
        }
        return HANDSHAKE_FAILED.reason;
    }

    private static String fromDiagnostic(String message) {
        int at = message.indexOf(RECEIVED_ALERT);
        if (at >= 0) {
            var alert = message.substring(at + RECEIVED_ALERT.length()).strip();
            return switch (alert) {
                case "handshake_failure", "insufficient_security" -> NO_SHARED_CIPHER.reason;
                case "protocol_version" -> PROTOCOL_VERSION.reason;
                default -> HANDSHAKE_FAILED.reason + " (" + alert + ")";
            };
        }
        var text = message.toLowerCase(Locale.ROOT);
        if (text.contains("protocol version") || text.contains("no appropriate protocol")) {
            return PROTOCOL_VERSION.reason; // we refused the server's version, or have none left to offer
        }
        if (text.contains("no negotiable cipher suite") || text.contains("no cipher suites in common")) {
            return NO_SHARED_CIPHER.reason;
        }
        return HANDSHAKE_FAILED.reason;
    }

    /** Classifies a failure of the JDK's PKIX chain check of {@code chain} (leaf first). */
    static TlsFailure ofChain(X509Certificate[] chain, CertificateException failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (t instanceof CertPathValidatorException invalid) {
                var reason = invalid.getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
                    return EXPIRED;
                } else if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return NOT_YET_VALID;
                } else if (reason == CertPathValidatorException.BasicReason.REVOKED) {
                    return REVOKED;
                } else if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                    return BAD_SIGNATURE;
                } else if (reason == PKIXReason.NO_TRUST_ANCHOR) {
                    return untrusted(chain);
                }
                return VERIFY_FAILED;
            }
            if (t instanceof CertPathBuilderException) {
                return untrusted(chain);
            }
        }
        return VERIFY_FAILED;
    }

    /** No path to a trusted root: OpenSSL tells a lone self-signed certificate from a missing issuer. */
    private static TlsFailure untrusted(X509Certificate[] chain) {
        if (chain.length == 0) {
            return VERIFY_FAILED;
        }
        if (selfIssued(chain[chain.length - 1])) {
            return chain.length == 1 ? SELF_SIGNED : SELF_SIGNED_IN_CHAIN;
        }
        return UNKNOWN_ISSUER;
    }

    private static boolean selfIssued(@Nullable X509Certificate certificate) {
        return certificate != null && certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
