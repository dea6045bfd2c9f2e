package io.backline.edge.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code ssl_check_cert=true}: the JDK's PKIX check of the chain against the configured roots, then
 * our own check of one fixed name ({@link CertificateNames}), both failures raised as
 * {@link OriginCertificateException}.
 *
 * <p>The name is checked here and not by JSSE's {@code "HTTPS"} endpoint identification because
 * that one accepts a certificate matching <em>either</em> the SNI name sent or the peer host:
 * with {@code ssl_sni_hostname=sni.test} and {@code ssl_cert_hostname=origin.test} a certificate
 * for {@code sni.test} alone would pass. Binding the name to the trust manager also makes it
 * independent of the host a caller gives when creating a socket or engine.
 * {@link OriginTls#configure} therefore clears the endpoint identification algorithm; if a caller
 * sets it anyway the JDK's check runs in addition to this one, which can only refuse more.
 *
 * <p>Immutable and thread-safe.
 */
final class OriginTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager roots;
    private final String name;

    OriginTrustManager(X509ExtendedTrustManager roots, String name) {
        this.roots = roots;
        this.name = name;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            roots.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
        checkName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            roots.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
        checkName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            roots.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
        checkName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.getAcceptedIssuers();
    }

    private void checkName(X509Certificate[] chain) throws OriginCertificateException {
        if (!CertificateNames.matches(chain[0], name)) {
            throw new OriginCertificateException(TlsFailure.HOSTNAME_MISMATCH,
                    name + " is not a name of the certificate (it has " + CertificateNames.describe(chain[0]) + ")", null);
        }
    }

    private static OriginCertificateException refused(X509Certificate[] chain, CertificateException e) {
        var subject = chain.length == 0 ? "an empty chain" : chain[0].getSubjectX500Principal().getName();
        return new OriginCertificateException(TlsFailure.ofChain(chain, e), subject, e);
    }

    private static CertificateException clientSideOnly() {
        return new CertificateException("origin TLS only verifies servers");
    }
}
