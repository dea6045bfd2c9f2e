package io.backline.edge.tls;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * TLS toward a logging endpoint ({@code tls_ca_cert}, {@code tls_hostname}, {@code
 * tls_client_cert}, {@code tls_client_key}): the same trust and client-key code as origins, so a
 * logging receiver is verified exactly as a backend with {@code ssl_check_cert} is. The name is
 * checked by {@link OriginTrustManager} (see there why not by JSSE's endpoint identification),
 * which also makes it work with {@link java.net.http.HttpClient}, whose own check could only
 * compare against the URL's host.
 *
 * <pre>{@code
 * var context = EndpointTls.context(caPem, null, null, "logs.example.com");
 * }</pre>
 */
public final class EndpointTls {
    private EndpointTls() {}

    /**
     * A client context trusting {@code caPem} (else the JDK's roots), checking that the server's
     * certificate names {@code verificationName}, and presenting the client certificate when both
     * of its fields are set.
     *
     * @throws io.backline.edge.EdgeException naming the {@code tls_*} field that cannot be used
     */
    public static SSLContext context(@Nullable String caPem, @Nullable String clientCertPem, @Nullable String clientKeyPem,
            String verificationName) {
        var name = verificationName.startsWith("[") && verificationName.endsWith("]")
                ? verificationName.substring(1, verificationName.length() - 1) : verificationName;
        var trust = new OriginTrustManager(TlsContexts.roots("tls_ca_cert", caPem), name);
        var keys = TlsContexts.clientKeys("tls_client_cert", clientCertPem, "tls_client_key", clientKeyPem);
        return TlsContexts.context(keys, trust);
    }

    /** Parameters for a socket to a logging endpoint: SNI with the host name (never an IP literal). */
    public static SSLParameters parameters(SSLContext context, String host) {
        var parameters = context.getDefaultSSLParameters();
        var name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (CertificateNames.ipLiteral(name) == null && !name.isEmpty()) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry: sent without SNI, the certificate is still checked against it
            }
        }
        return parameters;
    }
}
