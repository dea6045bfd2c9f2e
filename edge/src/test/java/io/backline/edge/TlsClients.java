package io.backline.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's {@link HttpClient} as a TLS client of the edge's TLS listener: it connects to
 * 127.0.0.1 (so the request's authority, and the service it routes to, is {@code 127.0.0.1}) and
 * sends the SNI name a test chooses, or none. The chain is checked against the test CA; the name
 * is not (the client asks by IP, the certificate names a host), which is why the trust manager is
 * this one: it records every leaf it is shown, so a test can tell which certificate the edge
 * picked, and how many handshakes a client made.
 */
final class TlsClients {
    private TlsClients() {}

    /** One client: one pool of connections, h2 or HTTP/1.1 as asked (ALPN), with this SNI name (null: none). */
    static Client client(TestPki pki, @Nullable String sni, HttpClient.Version version) {
        var trust = new RecordingTrust(pki.caCertificate());
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            var parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"}); // without them the JDK client never offers h2
            if (sni != null) {
                parameters.setServerNames(List.of(new SNIHostName(sni)));
            }
            var http = HttpClient.newBuilder().sslContext(context).sslParameters(parameters).version(version)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            return new Client(http, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Client(HttpClient http, RecordingTrust trust) implements AutoCloseable {
        HttpResponse<String> get(int port, String path, String... headers) throws Exception {
            var builder = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                builder.headers(headers);
            }
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /** Checks chains against one CA, ignoring the name, and records the leaves it was shown. */
    static final class RecordingTrust extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        final ConcurrentLinkedQueue<X509Certificate> leaves = new ConcurrentLinkedQueue<>();

        RecordingTrust(X509Certificate ca) {
            try {
                var store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("ca", ca);
                var factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                pkix = (X509TrustManager) factory.getTrustManagers()[0];
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            pkix.checkServerTrusted(chain, authType);
            leaves.add(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }

        X509Certificate last() {
            X509Certificate found = null;
            for (var leaf : leaves) {
                found = leaf;
            }
            if (found == null) {
                throw new IllegalStateException("no handshake yet");
            }
            return found;
        }
    }
}
