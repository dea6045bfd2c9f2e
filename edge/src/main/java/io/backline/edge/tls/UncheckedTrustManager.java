package io.backline.edge.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code ssl_check_cert=false}: the backend explicitly opted out, so neither the chain nor the
 * name is checked. It extends {@link X509ExtendedTrustManager} on purpose: JSSE wraps a plain
 * {@code X509TrustManager} in one that still checks algorithm constraints and, if asked, the name.
 */
final class UncheckedTrustManager extends X509ExtendedTrustManager {
    private final X509Certificate[] acceptedIssuers;

    /**
     * @param acceptedIssuers what {@link #getAcceptedIssuers} names: none at the edge; a test origin
     *     names the issuers its CertificateRequest lists while still accepting any client
     */
    UncheckedTrustManager(X509Certificate... acceptedIssuers) {
        this.acceptedIssuers = acceptedIssuers.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
