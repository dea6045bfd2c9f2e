package io.backline.edge.tls;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link OriginTls} from a backend's TLS fields (semantics §4.1). Every refusal is an
 * {@link EdgeException} reading {@code backend 'name': field: value (expected: rule)}. Runs when a
 * snapshot is compiled, never on an event loop: it parses PEM and may load the JDK's trust roots.
 */
final class TlsContexts {
    /** In-memory key store only; the password protects nothing and is not a secret. */
    private static final char[] STORE_PASSWORD = "backline".toCharArray();

    private TlsContexts() {}

    static OriginTls build(BackendSettings backend) {
        try {
            var trust = backend.sslCheckCert()
                    ? new OriginTrustManager(roots("ssl_ca_cert", backend.sslCaCert()), verificationName(backend))
                    : new UncheckedTrustManager();
            var keys = clientKeys("ssl_client_cert", backend.sslClientCert(), "ssl_client_key", backend.sslClientKey());
            var context = context(keys, trust);
            var jdk = context.getDefaultSSLParameters();
            var protocols = TlsVersions.range(backend.minTlsVersion(), backend.maxTlsVersion(), List.of(jdk.getProtocols()));
            var cipherSpec = text(backend.sslCiphers());
            var ciphers = cipherSpec == null
                    ? null
                    : CipherList.parse(cipherSpec).forJsse(List.of(jdk.getCipherSuites()), protocols);
            return new OriginTls(context, verificationName(backend), sni(backend), protocols, ciphers);
        } catch (EdgeException e) {
            throw new EdgeException("backend '" + backend.name() + "': " + e.getMessage(), e);
        }
    }

    /** The verification name without IPv6 brackets (engines and certificates carry bare addresses). */
    private static String verificationName(BackendSettings backend) {
        var name = backend.verificationHostname().strip();
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }

    /** The CA field ({@code ssl_ca_cert}, {@code tls_ca_cert}) as the only roots when set, else the JDK's cacerts. */
    static X509ExtendedTrustManager roots(String field, @Nullable String caPemField) {
        var caPem = text(caPemField);
        try {
            var factory = TrustManagerFactory.getInstance("PKIX");
            if (caPem == null) {
                factory.init((KeyStore) null);
            } else {
                var store = emptyStore();
                int i = 0;
                for (var certificate : PemKeys.certificates(field, caPem)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                factory.init(store);
            }
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new EdgeException(field + ": the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new EdgeException(field + ": the trust roots cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** mTLS key managers, or null without a client certificate; the two fields come together or not at all. */
    static KeyManager @Nullable [] clientKeys(String certificateName, @Nullable String certificateField, String keyName,
            @Nullable String keyField) {
        var certificatePem = text(certificateField);
        var keyPem = text(keyField);
        if (certificatePem == null && keyPem == null) {
            return null;
        }
        if (keyPem == null) {
            throw new EdgeException(keyName + ": missing (expected: set together with " + certificateName + " for mTLS)");
        }
        if (certificatePem == null) {
            throw new EdgeException(certificateName + ": missing (expected: set together with " + keyName + " for mTLS)");
        }
        List<X509Certificate> chain = PemKeys.certificates(certificateName, certificatePem);
        PrivateKey key = PemKeys.privateKey(keyName, keyPem);
        PemKeys.checkPair(keyName, key, certificateName, chain.getFirst());
        try {
            var store = emptyStore();
            store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
            var factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, STORE_PASSWORD);
            for (var manager : factory.getKeyManagers()) {
                if (manager instanceof X509KeyManager x509) {
                    return new KeyManager[] {new ClientKeyManager(x509)};
                }
            }
            throw new EdgeException(keyName + ": the JDK offers no X.509 key manager");
        } catch (GeneralSecurityException e) {
            throw new EdgeException(keyName + ": cannot be used with " + certificateName + ": " + e.getMessage(), e);
        }
    }

    static SSLContext context(KeyManager @Nullable [] keys, X509TrustManager trust) {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(keys, new X509TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new EdgeException("TLS: the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The SNI name, or null: ssl_sni_hostname (else a host-name address) without a trailing dot. An
     * IP literal is never sent (RFC 6066 §3 forbids it); a name JSSE cannot encode is refused.
     */
    private static @Nullable SNIHostName sni(BackendSettings backend) {
        var name = text(backend.sniHostname());
        if (name == null || CertificateNames.ipLiteral(name.strip()) != null) {
            return null;
        }
        var host = name.strip().endsWith(".") ? name.strip().substring(0, name.strip().length() - 1) : name.strip();
        try {
            return new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            var field = backend.sslSniHostname() != null ? "ssl_sni_hostname" : "address";
            throw new EdgeException(field + ": " + name + " cannot be sent as SNI (expected: a DNS host name)", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /** The field's value, or null when it is unset or blank (both mean "not configured"). */
    private static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
