package io.backline.edge.proxy;

/**
 * How a request reached the edge: what the origin is told ({@code X-Forwarded-Proto}, {@code Fastly-SSL})
 * and what the access log calls the protocol.
 */
public enum ClientHop {
    /** The plain listener, HTTP/1.x. */
    HTTP(false),
    /** The TLS listener, HTTP/1.1 by ALPN (or no ALPN). */
    HTTPS(true),
    /** The TLS listener, HTTP/2 by ALPN {@code h2}: one stream. */
    H2(true);

    private final boolean tls;

    ClientHop(boolean tls) {
        this.tls = tls;
    }

    /** Whether the client connection is TLS. */
    public boolean tls() {
        return tls;
    }
}
