package io.backline.edge.tls;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * TLS to one origin, built once per backend identity from its fields (semantics §4.1).
 *
 * <ul>
 *   <li>{@code ssl_check_cert=true} (default): the chain is verified against {@code ssl_ca_cert}
 *       (a PEM bundle, then the only roots) or the JDK's trust roots, and the certificate must
 *       name {@link #verifyName()}: {@code ssl_cert_hostname}, else the address; host names
 *       against SAN DNS entries (wildcards as in RFC 6125), IP addresses against SAN IP entries.
 *       {@code ssl_check_cert=false} checks neither.
 *   <li>SNI is {@link #sni()}: {@code ssl_sni_hostname}, else a host-name address, never an IP.
 *       It does not affect verification and verification does not affect it.
 *   <li>{@code ssl_client_cert} + {@code ssl_client_key}: the client certificate for mTLS.
 *   <li>{@code min_tls_version}/{@code max_tls_version} (unset minimum: 1.2) and
 *       {@code ssl_ciphers} (an OpenSSL cipher string) bound the handshake.
 * </ul>
 *
 * <p>Verification lives in {@link #context()} itself (its trust manager is bound to the
 * verification name), so it applies to every engine and socket the context makes. SNI, protocols
 * and cipher suites are per-connection parameters: use {@link #newEngine(int)}, or call
 * {@link #configure(SSLParameters)} on a socket's parameters before its handshake.
 *
 * <pre>{@code
 * var tls = OriginTls.forBackend(backend);               // at snapshot compile time
 * pipeline.addLast(new SslHandler(tls.newEngine(port)));  // per connection (Netty)
 *
 * var socket = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, port, true);
 * var parameters = socket.getSSLParameters();
 * tls.configure(parameters);
 * socket.setSSLParameters(parameters);                    // then startHandshake()
 * // on failure: OriginTls.failureReason(e) -> "Hostname mismatch", "certificate has expired", ...
 * }</pre>
 *
 * <p>Immutable and thread-safe; engines are made per connection. Not supported: encrypted private
 * keys, revocation checking (CRL/OCSP), certificate pinning; see {@code docs/edge-tls.md}.
 */
public final class OriginTls {
    private final SSLContext context;
    private final String verifyName;
    private final @Nullable SNIHostName sni;
    private final List<String> protocols;
    private final @Nullable List<String> cipherSuites;

    OriginTls(SSLContext context, String verifyName, @Nullable SNIHostName sni, List<String> protocols,
            @Nullable List<String> cipherSuites) {
        this.context = context;
        this.verifyName = verifyName;
        this.sni = sni;
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = cipherSuites == null ? null : List.copyOf(cipherSuites);
    }

    /**
     * Builds the TLS settings of a backend. A bad PEM, a key that does not match its certificate,
     * only one of {@code ssl_client_cert}/{@code ssl_client_key}, an impossible version range or a
     * cipher string leaving no usable suite is an {@link EdgeException} naming the backend and the
     * field. Blocking (PEM parsing, trust store loading): call it off the event loop.
     */
    public static OriginTls forBackend(BackendSettings backend) {
        return TlsContexts.build(backend);
    }

    /**
     * A client engine for one connection to {@code port}, configured with {@link #configure}. Its
     * peer host is {@link #verifyName()}, which keys the context's session cache.
     */
    public SSLEngine newEngine(int port) {
        var engine = context.createSSLEngine(verifyName, port);
        engine.setUseClientMode(true);
        var parameters = engine.getSSLParameters();
        configure(parameters);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Applies SNI (or explicitly none), protocols and cipher suites to {@code parameters}, for
     * sockets as well as engines; other parameters (ALPN, timeouts) are left alone. The endpoint
     * identification algorithm is cleared on purpose: the name is checked by the context's trust
     * manager against {@link #verifyName()}, because JSSE's {@code "HTTPS"} check also accepts a
     * certificate that only matches the SNI name.
     */
    public void configure(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm(null);
        parameters.setServerNames(sni == null ? List.<SNIServerName>of() : List.<SNIServerName>of(sni));
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
    }

    /** The context: its trust manager does all verification, its key manager offers the mTLS certificate. */
    public SSLContext context() {
        return context;
    }

    /** The name the certificate is checked against: {@code ssl_cert_hostname}, else the address. */
    public String verifyName() {
        return verifyName;
    }

    /** The SNI host name sent, or null when none is sent. */
    public @Nullable String sni() {
        return sni == null ? null : sni.getAsciiName();
    }

    /** The JSSE protocol names enabled, highest first, e.g. {@code [TLSv1.3, TLSv1.2]}. */
    public List<String> protocols() {
        return protocols;
    }

    /** The JSSE cipher suites enabled, or empty when {@code ssl_ciphers} is unset and the JDK's defaults apply. */
    public List<String> cipherSuites() {
        return cipherSuites == null ? List.of() : cipherSuites;
    }

    /**
     * Fastly's text for why a handshake (or the first read after it) with an origin failed, for the
     * proxy's 503 reason: {@code Hostname mismatch}, {@code unable to get local issuer certificate},
     * {@code self signed certificate}, {@code self signed certificate in certificate chain},
     * {@code certificate has expired}, {@code certificate is not yet valid}, {@code no shared
     * cipher}, {@code protocol version}; other alerts read {@code TLS handshake failed (<alert>)},
     * anything else {@code TLS handshake failed}. Accepts any wrapper (Netty's
     * {@code DecoderException}, {@code ExecutionException}): the cause chain is searched.
     */
    public static String failureReason(Throwable failure) {
        return TlsFailure.describe(failure);
    }
}
