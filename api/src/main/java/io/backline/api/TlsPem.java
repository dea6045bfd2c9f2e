package io.backline.api;

import io.backline.model.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM the TLS API is given: private keys as OpenSSL writes them (PKCS#8, PKCS#1 RSA, SEC1
 * EC; BouncyCastle's PEM parser and curve table, as the JDK reads only PKCS#8) and certificate chains (the JDK's
 * X.509 factory). Anything else is a 400 that names the field; nothing here throws past that.
 */
final class TlsPem {
    private TlsPem() {}

    /**
     * A private key as the API keeps it.
     *
     * @param pkcs8Pem the key re-encoded as unencrypted PKCS#8 PEM, which every TLS stack reads
     * @param publicKeySha1 hex SHA-1 of the public half's SubjectPublicKeyInfo DER
     */
    record Key(String keyType, int keyLength, String publicKeySha1, String pkcs8Pem) {
        @Override
        public String toString() {
            return "Key[" + keyType + " " + keyLength + "]";
        }
    }

    /** What the API answers of a certificate: read from the chain's first (leaf) certificate. */
    record Chain(List<X509Certificate> certificates, String publicKeySha1, String issuedTo, String issuer, String serialNumber,
            String signatureAlgorithm, Instant notBefore, Instant notAfter, List<String> domains) {}

    static Key key(String field, String pem) {
        PrivateKeyInfo info;
        Object parsed;
        try (var parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw ConfigException.invalid(field + ": not a PEM private key (" + e.getClass().getSimpleName()
                    + ") (expected: an unencrypted PEM private key, PKCS#8, PKCS#1 RSA or SEC1 EC)");
        }
        if (parsed instanceof PEMEncryptedKeyPair || parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw ConfigException.invalid(field + ": an encrypted PEM private key (expected: the key unencrypted, e.g. `openssl pkey -in"
                    + " key.pem -out plain.pem`)");
        }
        info = switch (parsed) {
            case PEMKeyPair pair -> pair.getPrivateKeyInfo();
            case PrivateKeyInfo plain -> plain;
            case null, default -> throw ConfigException.invalid(field + ": " + (parsed == null ? "no PEM block" : "a PEM block that is not a"
                    + " private key") + " (expected: an unencrypted PEM private key, PKCS#8, PKCS#1 RSA or SEC1 EC)");
        };
        try {
            info = withCurve(info);
            // The JDK's own key factories on the PKCS#8 form: no security provider to register.
            var encoded = info.getEncoded();
            var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
            String type;
            PublicKey publicKey;
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                type = "RSA";
                publicKey = rsaPublic(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded)));
            } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                type = "ECDSA";
                publicKey = ecPublic(info, (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(encoded)));
            } else {
                throw ConfigException.invalid(field + ": a key of algorithm " + oid.getId() + " (expected: an RSA or ECDSA key)");
            }
            return new Key(type, bits(publicKey), sha1Hex(publicKey.getEncoded()), pem("PRIVATE KEY", encoded));
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            if (e instanceof ConfigException config) {
                throw config;
            }
            throw ConfigException.invalid(field + ": a private key that cannot be read (" + e.getClass().getSimpleName()
                    + ") (expected: an unencrypted RSA or ECDSA private key in PEM)");
        }
    }

    static Chain chain(String field, String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            var factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.UTF_8)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw ConfigException.invalid(field + ": not a PEM certificate chain (expected: PEM certificates, the leaf first)");
        }
        if (certificates.isEmpty()) {
            throw ConfigException.invalid(field + ": no certificate (expected: PEM certificates, the leaf first)");
        }
        var leaf = certificates.getFirst();
        var domains = names(field, leaf);
        return new Chain(List.copyOf(certificates), sha1Hex(leaf.getPublicKey().getEncoded()), commonName(leaf.getSubjectX500Principal().getName()),
                commonName(leaf.getIssuerX500Principal().getName()), leaf.getSerialNumber().toString(), goAlgorithm(leaf.getSigAlgName()),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), domains);
    }

    /** The leaf's DNS names (subjectAltName), lower case, in order, without repeats. */
    private static List<String> names(String field, X509Certificate leaf) {
        var names = new LinkedHashSet<String>();
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (var san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String name) {
                        names.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw ConfigException.invalid(field + ": a subjectAltName that cannot be read (expected: DNS names in subjectAltName)");
        }
        if (names.isEmpty()) {
            throw ConfigException.invalid(field + ": a certificate without DNS names (expected: the domains in its subjectAltName)");
        }
        return List.copyOf(names);
    }

    /** The CN of a distinguished name, or the whole name when it has none. */
    private static String commonName(String dn) {
        try {
            for (var rdn : new LdapName(dn).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return dn;
        }
        return dn;
    }

    /** The signature algorithm as Go's x509 names it, which Fastly answers ({@code SHA256-RSA}). */
    static String goAlgorithm(String jdkName) {
        var upper = jdkName.toUpperCase(Locale.ROOT);
        if (upper.endsWith("WITHRSA")) {
            return upper.substring(0, upper.indexOf("WITH")) + "-RSA";
        }
        if (upper.endsWith("WITHECDSA")) {
            return "ECDSA-" + upper.substring(0, upper.indexOf("WITH"));
        }
        return switch (upper) {
            case "RSASSA-PSS" -> "SHA256-RSAPSS";
            case "ED25519" -> "Ed25519";
            default -> jdkName;
        };
    }

    /**
     * An EC key whose curve is named inside its SEC1 structure only (BouncyCastle reads some
     * {@code EC PRIVATE KEY} blocks so) gets it in its algorithm identifier too, where the JDK
     * looks for it.
     */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info) throws IOException {
        var algorithm = info.getPrivateKeyAlgorithm();
        if (!algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey) || algorithm.getParameters() instanceof ASN1ObjectIdentifier) {
            return info;
        }
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        if (sec1.getParametersObject() instanceof ASN1ObjectIdentifier curve) {
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
        }
        return info;
    }

    /** An RSA key's public half, from its CRT parameters. */
    private static PublicKey rsaPublic(PrivateKey key) throws java.security.GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new java.security.InvalidKeyException("an RSA key without its public exponent");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }

    /**
     * An EC key's public half: d·G on its named curve (BouncyCastle's curve arithmetic; the JDK has
     * none public), built as a JDK key on the JDK's curve parameters so that its encoding is the one
     * the JDK gives a certificate's key and their digests match.
     */
    private static PublicKey ecPublic(PrivateKeyInfo info, ECPrivateKey key) throws java.security.GeneralSecurityException {
        var parameters = info.getPrivateKeyAlgorithm().getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new java.security.InvalidKeyException("an EC key without a named curve");
        }
        var named = ECNamedCurveTable.getByOID(curve);
        if (named == null) {
            throw new java.security.InvalidKeyException("an EC key on an unknown curve " + curve.getId());
        }
        var q = named.getG().multiply(key.getS()).normalize();
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), key.getParams()));
    }

    private static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    /** The chain re-encoded, one PEM block per certificate (what the edge is handed). */
    static String pem(List<X509Certificate> chain) {
        var out = new StringBuilder();
        for (var certificate : chain) {
            try {
                out.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }
}
