package io.backline.edge;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds {@link OriginTls} from a backend's PEM fields and TLS bounds. */
final class TlsContexts {
    private static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3");

    private TlsContexts() {}

    static OriginTls build(BackendSettings backend) {
        try {
            var context = SSLContext.getInstance("TLS");
            TrustManager[] trust = backend.sslCheckCert() ? trustManagers(backend.sslCaCert()) : new TrustManager[] {new TrustAll()};
            context.init(null, trust, new SecureRandom());
            return OriginTls.of(context, backend.verificationHostname(), backend.sniHostname(), backend.sslCheckCert(),
                    protocols(backend.minTlsVersion(), backend.maxTlsVersion()), null);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new EdgeException("backend '" + backend.name() + "': cannot build its TLS settings: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String caPem) throws java.security.GeneralSecurityException, java.io.IOException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caPem == null) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca" + i++, certificate);
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static String[] protocols(String min, String max) {
        int from = min == null ? VERSIONS.indexOf("1.2") : VERSIONS.indexOf(min);
        int to = max == null ? VERSIONS.size() - 1 : VERSIONS.indexOf(max);
        var result = new ArrayList<String>();
        for (int i = from; i <= to; i++) {
            result.add("TLSv" + VERSIONS.get(i));
        }
        return result.toArray(String[]::new);
    }

    /** ssl_check_cert=false: the chain is not checked (the backend said so explicitly). */
    private static final class TrustAll implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
