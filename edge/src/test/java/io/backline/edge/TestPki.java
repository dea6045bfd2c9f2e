package io.backline.edge;

import io.backline.edge.tls.CertificateNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway PKI for tests that need real TLS: one root CA per instance, certificates it signs,
 * PEM text of each (as a backend's {@code ssl_ca_cert}, {@code ssl_client_cert} and
 * {@code ssl_client_key} hold them) and server-side {@link SSLContext}s for origins started by
 * the test. Keys are RSA 2048 unless {@link Leaf#ec()} asks for P-256; certificates are valid from
 * a day ago for 30 days unless {@link Leaf#validity} says otherwise.
 *
 * <pre>{@code
 * var pki = TestPki.newCa();
 * var origin = pki.server("origin.test", "127.0.0.1");         // SAN DNS:origin.test, IP:127.0.0.1
 * var server = origin.serverContext();                         // an origin presenting it
 * backend.sslCaCert(pki.caPem());                              // a backend trusting the CA
 * var client = pki.client("edge");                             // mTLS: client.certificatePem(), client.privateKeyPem()
 * var mtlsServer = origin.serverContext(pki.caCertificate());  // an origin trusting client certs of this CA
 * var expired = pki.leaf("old.test").validity(Instant.now().minus(Duration.ofDays(60)), Instant.now().minus(Duration.ofDays(30))).issue();
 * var lone = TestPki.selfSigned("origin.test");
 * }</pre>
 *
 * <p>Thread-safe; each instance is independent, so two {@code newCa()} calls give two CAs that do
 * not trust each other.
 */
public final class TestPki {
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final char[] PASSWORD = "test".toCharArray();

    private final Identity ca;

    private TestPki(Identity ca) {
        this.ca = ca;
    }

    /** A new root CA named {@code Backline Test CA}. */
    public static TestPki newCa() {
        return newCa("Backline Test CA");
    }

    /** A new root CA with the given common name. */
    public static TestPki newCa(String commonName) {
        var keys = generate(false);
        var name = new X500Name("CN=" + commonName);
        var now = Instant.now();
        var certificate = sign(name, keys, name, keys.getPrivate(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)),
                List.of(), Usage.CA, null);
        return new TestPki(new Identity(keys.getPrivate(), List.of(certificate)));
    }

    /** A certificate that signs itself, for server use, with these SAN entries (see {@link #server}). */
    public static Identity selfSigned(String... subjectAltNames) {
        var keys = generate(false);
        var name = new X500Name("CN=" + (subjectAltNames.length > 0 ? subjectAltNames[0] : "self-signed"));
        var now = Instant.now();
        var certificate = sign(name, keys, name, keys.getPrivate(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                sans(List.of(subjectAltNames), List.of(), List.of()), Usage.SERVER, null);
        return new Identity(keys.getPrivate(), List.of(certificate));
    }

    /** The CA certificate, e.g. to make an origin trust client certificates of this CA. */
    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The CA certificate as PEM, as a backend's {@code ssl_ca_cert} holds it. */
    public String caPem() {
        return ca.certificatePem();
    }

    /**
     * A server certificate signed by this CA. Each name is an IP literal (SAN iPAddress) or else a
     * DNS name (SAN dNSName, wildcards allowed); the first is also the CN.
     */
    public Identity server(String... subjectAltNames) {
        return leaf(subjectAltNames).issue();
    }

    /** A client certificate (extended key usage clientAuth) with this CN and no SAN, signed by this CA. */
    public Identity client(String commonName) {
        return leaf().commonName(commonName).clientAuth().issue();
    }

    /** A leaf to refine before {@link Leaf#issue()}; names as in {@link #server}. */
    public Leaf leaf(String... subjectAltNames) {
        return new Leaf(List.of(subjectAltNames));
    }

    /** Options for one leaf certificate; each call returns this builder. */
    public final class Leaf {
        private final List<String> names;
        private final List<String> dnsNames = new ArrayList<>();
        private final List<String> ips = new ArrayList<>();
        private String commonName;
        private boolean ec;
        private boolean clientAuth;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(30));

        private Leaf(List<String> names) {
            this.names = names;
            this.commonName = names.isEmpty() ? "leaf" : names.getFirst();
        }

        /** The subject CN (default: the first name, else {@code leaf}). */
        public Leaf commonName(String value) {
            commonName = value;
            return this;
        }

        /** Adds a SAN dNSName as written, even one that looks like an IP address. */
        public Leaf dns(String name) {
            dnsNames.add(name);
            return this;
        }

        /** Adds a SAN iPAddress. */
        public Leaf ip(String address) {
            ips.add(address);
            return this;
        }

        /** A P-256 key instead of RSA 2048. */
        public Leaf ec() {
            ec = true;
            return this;
        }

        /** A client certificate (clientAuth) instead of a server one (serverAuth). */
        public Leaf clientAuth() {
            clientAuth = true;
            return this;
        }

        /** The validity period, e.g. in the past for an expired certificate. */
        public Leaf validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        /** Signs the certificate with this CA. */
        public Identity issue() {
            var keys = generate(ec);
            var issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
            var certificate = sign(issuer, keys, new X500Name("CN=" + commonName), ca.privateKey(), notBefore, notAfter,
                    sans(names, dnsNames, ips), clientAuth ? Usage.CLIENT : Usage.SERVER, ca.certificate());
            return new Identity(keys.getPrivate(), List.of(certificate));
        }
    }

    /**
     * A private key and its certificate chain (leaf first).
     *
     * @param privateKey the leaf's key
     * @param chain the leaf and any intermediates (never the root)
     */
    public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {
        public Identity {
            chain = List.copyOf(chain);
        }

        /** The leaf certificate. */
        public X509Certificate certificate() {
            return chain.getFirst();
        }

        /** The chain as concatenated PEM {@code CERTIFICATE} blocks. */
        public String certificatePem() {
            return pem(chain.toArray());
        }

        /** The key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
        public String privateKeyPem() {
            var text = new StringWriter();
            try (var writer = new JcaPEMWriter(text)) {
                writer.writeObject(new JcaPKCS8Generator(privateKey, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }

        /**
         * The key as OpenSSL's traditional PEM: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE
         * KEY} (SEC1 with its named curve and public key, as {@code openssl ec} writes it).
         */
        public String traditionalKeyPem() {
            if (!privateKey.getAlgorithm().equals("EC")) {
                return pem(privateKey);
            }
            try {
                var info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
                var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                var publicKey = SubjectPublicKeyInfo.getInstance(certificate().getPublicKey().getEncoded()).getPublicKeyData();
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), publicKey,
                        info.getPrivateKeyAlgorithm().getParameters());
                return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Key managers presenting this identity (alias {@code identity}). */
        public KeyManagerFactory keyManagers() {
            try {
                var store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("identity", privateKey, PASSWORD, chain.toArray(X509Certificate[]::new));
                var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, PASSWORD);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A TLS server context presenting this identity and trusting no client certificates. */
        public SSLContext serverContext() {
            return context(null);
        }

        /** A TLS server context presenting this identity that trusts client certificates issued by {@code clientCa}. */
        public SSLContext serverContext(X509Certificate clientCa) {
            return context(clientCa);
        }

        private SSLContext context(X509Certificate clientCa) {
            try {
                TrustManagerFactory trust = null;
                if (clientCa != null) {
                    var store = KeyStore.getInstance("PKCS12");
                    store.load(null, null);
                    store.setCertificateEntry("client-ca", clientCa);
                    trust = TrustManagerFactory.getInstance("PKIX");
                    trust.init(store);
                }
                var context = SSLContext.getInstance("TLS");
                context.init(keyManagers().getKeyManagers(), trust == null ? null : trust.getTrustManagers(), new SecureRandom());
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private enum Usage { CA, SERVER, CLIENT }

    private static KeyPair generate(boolean ec) {
        try {
            var generator = KeyPairGenerator.getInstance(ec ? "EC" : "RSA");
            if (ec) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<GeneralName> sans(List<String> names, List<String> dnsNames, List<String> ips) {
        var result = new ArrayList<GeneralName>();
        for (var name : names) {
            result.add(new GeneralName(CertificateNames.ipLiteral(name) != null ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        dnsNames.forEach(name -> result.add(new GeneralName(GeneralName.dNSName, name)));
        ips.forEach(ip -> result.add(new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(ip).getHostAddress())));
        return result;
    }

    private static X509Certificate sign(X500Name issuer, KeyPair subjectKeys, X500Name subject, PrivateKey issuerKey, Instant from,
            Instant to, List<GeneralName> sans, Usage usage, X509Certificate issuerCertificate) {
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from),
                    Date.from(to), subject, subjectKeys.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            switch (usage) {
                case CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SERVER, CLIENT -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    boolean rsa = subjectKeys.getPublic().getAlgorithm().equals("RSA");
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0)));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                }
            }
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            var algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object... objects) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (var object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
