package io.backline.edge.tls;

import java.security.cert.CertificateException;
import org.jspecify.annotations.Nullable;

/**
 * An origin certificate refused by {@link OriginTrustManager}, carrying the {@link TlsFailure} so
 * that {@link OriginTls#failureReason} never has to read certificate-error text. JSSE keeps it as
 * the cause of the {@code SSLHandshakeException} it throws.
 */
final class OriginCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final TlsFailure failure;

    OriginCertificateException(TlsFailure failure, String detail, @Nullable Throwable cause) {
        super(failure.reason() + ": " + detail, cause);
        this.failure = failure;
    }

    TlsFailure failure() {
        return failure;
    }
}
