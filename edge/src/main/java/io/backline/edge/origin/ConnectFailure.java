package io.backline.edge.origin;

import io.backline.edge.EdgeException;
import io.backline.edge.tls.OriginTls;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.ConnectException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Why an origin connection could not be opened, decided by the exception's type in this one place
 * (never by its message, which differs between the JDK, Netty's native transports and locales).
 * Each member carries the reason the client sees in the 503 and {@code X-Backline-Error}; the
 * reasons of failures after connecting are {@link OriginConnection.Failure}'s.
 *
 * <p>Both transports report a refusal as a {@link ConnectException}: NIO for {@code ECONNREFUSED}
 * (and the kernel's own connect timeout, which our shorter {@code connect_timeout} always
 * pre-empts), epoll for every errno but the unreachable ones, which become
 * {@link java.net.NoRouteToHostException}. A native {@link Errors.NativeIoException} is refused only
 * when its errno says so. Netty's annotated wrappers keep the original type.
 */
enum ConnectFailure {
    /** Fastly: the connect timeout fired. */
    TIMED_OUT("Connection timed out"),
    /** Backline: the origin refused the connection (Fastly does not document its text). */
    REFUSED("Connection refused"),
    /** Backline: no route, a reset during the handshake, anything else the socket reports. */
    FAILED("Connection failed"),
    /** Backline: the backend's address did not resolve; the reason is followed by the address. */
    DNS("DNS lookup failed"),
    /** Backline: the TLS settings could not be built or the handshake failed: the reason names what, see {@link #reason(Throwable)}. */
    TLS("TLS handshake failed");

    /** Enough for Netty's wrapper and the JDK's causes; a cycle or a deep chain stops here. */
    private static final int MAX_CAUSES = 16;

    private final String reason;

    ConnectFailure(String reason) {
        this.reason = reason;
    }

    /** The failure a connect or handshake exception stands for; its cause chain is searched when the top says nothing. */
    static ConnectFailure classify(Throwable cause) {
        int depth = 0;
        for (Throwable t = cause; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            var failure = ofType(t);
            if (failure != null) {
                return failure;
            }
        }
        return FAILED;
    }

    private static @Nullable ConnectFailure ofType(Throwable t) {
        if (t instanceof ConnectTimeoutException) { // a ConnectException too: checked first
            return TIMED_OUT;
        }
        if (t instanceof SSLException || t instanceof EdgeException) {
            return TLS;
        }
        if (t instanceof Errors.NativeIoException nativeIo) {
            // Errors is only loaded here, when the native library that made this exception already is.
            return nativeIo.expectedErr() == Errors.ERROR_ECONNREFUSED_NEGATIVE ? REFUSED : FAILED;
        }
        if (t instanceof ConnectException) {
            return REFUSED;
        }
        return null;
    }

    /** The text for the client: Fastly's words where it has them, the TLS failure's own reason for {@link #TLS}. */
    String reason(Throwable cause) {
        if (this != TLS) {
            return reason;
        }
        if (cause instanceof EdgeException settings) {
            return reason + ": " + settings.getMessage(); // a bad PEM or an impossible version range
        }
        return OriginTls.failureReason(cause); // "Hostname mismatch", "certificate has expired", …
    }

    /** The text without a cause: what the deadline or a lost channel reports. */
    public String reason() {
        return reason;
    }
}
