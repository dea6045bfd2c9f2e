package io.backline.edge.metrics;

import java.util.List;

/**
 * The {@code reason} label of synthetic answers: a fixed set. The edge's reasons are fixed texts
 * (Fastly's where it has them), but a few carry what follows a colon, such as the address of a
 * backend whose DNS lookup failed or the text of a malformed request; those are cut back to the
 * fixed part, and any text not in the set is {@value #OTHER}, so no client can add a series.
 */
final class SyntheticReasons {
    static final String OTHER = "other";

    /**
     * Every reason the edge answers with: proxy.Exchange and RequestGate (refusals),
     * select.Selection, origin.ConnectFailure and OriginConnection.Failure, tls.TlsFailure.
     */
    static final List<String> KNOWN = List.of(
            "unknown domain",
            "Backend is unhealthy", "All backends failed or unhealthy", "No backend matched the request",
            "backend.max_conn reached",
            "Connection timed out", "Connection refused", "Connection failed", "DNS lookup failed", "TLS handshake failed",
            "first byte timeout", "between bytes timeout", "backend read error",
            "request line too long", "request headers too large", "malformed request target", "malformed request body",
            "malformed request", "HTTP version not supported", "multiple Host headers", "missing Host header",
            "CONNECT is not supported", "request body too large", "unsupported Expect", "client timeout",
            "Hostname mismatch", "unable to get local issuer certificate", "self signed certificate in certificate chain",
            "self signed certificate", "certificate has expired", "certificate is not yet valid", "certificate revoked",
            "certificate signature failure", "certificate verify failed", "no shared cipher", "protocol version");

    private SyntheticReasons() {}

    /** The label for a reason text: the known reason it is or starts with (before a colon), else {@value #OTHER}. */
    static String label(String text) {
        for (var known : KNOWN) {
            if (text.startsWith(known) && (text.length() == known.length() || text.charAt(known.length()) == ':')) {
                return known;
            }
        }
        return OTHER;
    }
}
