package io.backline.edge;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * TLS to one origin, built once per backend identity from its fields (semantics §4.1):
 * {@code ssl_check_cert} verifies the chain and the name {@code ssl_cert_hostname} (else the
 * address) against {@code ssl_ca_cert} or the JDK's trust roots; {@code ssl_sni_hostname} (else a
 * host-name address) is only the SNI sent; {@code ssl_client_cert}/{@code ssl_client_key} give mTLS;
 * {@code min_tls_version}/{@code max_tls_version} and {@code ssl_ciphers} bound the handshake.
 * Verification and SNI are set independently, which is the point of having two fields.
 *
 * <p>Immutable and thread-safe; engines are made per connection.
 */
public final class OriginTls {
    private final SSLContext context;
    private final String verifyName;
    private final @Nullable String sni;
    private final boolean verify;
    private final String[] protocols;
    private final String @Nullable [] ciphers;

    private OriginTls(SSLContext context, String verifyName, @Nullable String sni, boolean verify, String[] protocols,
            String @Nullable [] ciphers) {
        this.context = context;
        this.verifyName = verifyName;
        this.sni = sni;
        this.verify = verify;
        this.protocols = protocols;
        this.ciphers = ciphers;
    }

    /** Builds the TLS settings of a backend; a bad PEM or an impossible version range is an {@link EdgeException}. */
    public static OriginTls forBackend(BackendSettings backend) {
        return TlsContexts.build(backend);
    }

    static OriginTls of(SSLContext context, String verifyName, @Nullable String sni, boolean verify, String[] protocols,
            String @Nullable [] ciphers) {
        return new OriginTls(context, verifyName, sni, verify, protocols, ciphers);
    }

    /** A client engine for one connection to {@code port}. */
    public SSLEngine newEngine(int port) {
        var engine = context.createSSLEngine(verifyName, port);
        engine.setUseClientMode(true);
        var parameters = engine.getSSLParameters();
        configure(parameters);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Applies SNI, verification, protocols and ciphers to parameters (for sockets as well as engines). */
    public void configure(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm(verify ? "HTTPS" : null);
        parameters.setServerNames(sni == null ? List.<SNIServerName>of() : List.of(new SNIHostName(sni)));
        parameters.setProtocols(protocols);
        if (ciphers != null) {
            parameters.setCipherSuites(ciphers);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** The name the certificate is checked against (the engine's peer host). */
    public String verifyName() {
        return verifyName;
    }

    public @Nullable String sni() {
        return sni;
    }
}
