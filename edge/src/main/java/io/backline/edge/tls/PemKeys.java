package io.backline.edge.tls;

import io.backline.edge.EdgeException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the PEM fields of a backend with the JDK alone (BouncyCastle is a test dependency only).
 * Certificates: every {@code CERTIFICATE} block, other blocks ignored. Private keys: PKCS#8
 * ({@code PRIVATE KEY}: RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA), PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY} with a named curve), the last two re-wrapped as PKCS#8.
 * Encrypted keys are refused: the backend has no field for a passphrase. Errors are
 * {@link EdgeException}s naming the field and never quoting key material.
 */
final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String KEY_FORMS = "-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or "
            + "-----BEGIN EC PRIVATE KEY-----, unencrypted";
    private static final String RSA_OID = "2a864886f70d010101";
    private static final String EC_OID = "2a8648ce3d0201";
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            RSA_OID, "RSA",
            "2a864886f70d01010a", "RSASSA-PSS",
            EC_OID, "EC",
            "2b6570", "Ed25519",
            "2b6571", "Ed448",
            "2a8648ce380401", "DSA");

    private PemKeys() {}

    private record Block(String type, String headers, byte[] der) {}

    /** The certificates of {@code pem} in order; none at all is an error. */
    static List<X509Certificate> certificates(String field, String pem) {
        var result = new ArrayList<X509Certificate>();
        try {
            var factory = CertificateFactory.getInstance("X.509");
            for (var block : blocks(field, pem)) {
                if (block.type().equals("CERTIFICATE")) {
                    try {
                        result.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                    } catch (CertificateException e) {
                        throw new EdgeException(field + ": certificate " + (result.size() + 1) + " cannot be parsed: "
                                + e.getMessage() + " (expected: PEM X.509 certificates)", e);
                    }
                }
            }
        } catch (CertificateException e) {
            throw new EdgeException(field + ": no X.509 support in this JDK", e);
        }
        if (result.isEmpty()) {
            throw new EdgeException(field + ": no certificate found (expected: one or more -----BEGIN CERTIFICATE----- blocks)");
        }
        return List.copyOf(result);
    }

    /** The one private key in {@code pem}. */
    static PrivateKey privateKey(String field, String pem) {
        var keys = new ArrayList<Block>();
        for (var block : blocks(field, pem)) {
            if (block.type().endsWith("PRIVATE KEY")) {
                keys.add(block);
            }
        }
        if (keys.size() != 1) {
            throw new EdgeException(field + ": " + (keys.isEmpty() ? "no private key found" : keys.size() + " private keys found")
                    + " (expected: exactly one " + KEY_FORMS + ")");
        }
        var key = keys.getFirst();
        if (key.headers().contains("ENCRYPTED")) {
            throw new EdgeException(field + ": the key is encrypted (expected: " + KEY_FORMS + ")");
        }
        try {
            byte[] pkcs8 = switch (key.type()) {
                case "PRIVATE KEY" -> key.der();
                case "RSA PRIVATE KEY" -> wrapPkcs1(key.der());
                case "EC PRIVATE KEY" -> wrapSec1(field, key.der());
                case "ENCRYPTED PRIVATE KEY" -> throw new EdgeException(field + ": the key is encrypted (expected: " + KEY_FORMS + ")");
                default -> throw new EdgeException(field + ": " + key.type() + " keys are not supported (expected: " + KEY_FORMS + ")");
            };
            var algorithm = algorithm(field, pkcs8);
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EdgeException(field + ": the " + key.type() + " cannot be read (expected: " + KEY_FORMS + ")", e);
        }
    }

    /**
     * Refuses a key that does not belong to {@code certificate}, by signing a random challenge and
     * verifying it with the certificate's public key (RSASSA-PSS keys are not checked).
     */
    static void checkPair(String keyField, PrivateKey key, String certificateField, X509Certificate certificate) {
        var publicKey = certificate.getPublicKey();
        var signature = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (signature == null) {
            return;
        }
        boolean matches;
        try {
            var challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            var signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(challenge);
            var signed = signer.sign();
            var verifier = Signature.getInstance(signature);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC key against an RSA certificate
        }
        if (!matches) {
            throw new EdgeException(keyField + ": does not match the first certificate of " + certificateField
                    + " (expected: the private key of " + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static List<Block> blocks(String field, String pem) {
        var result = new ArrayList<Block>();
        var matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            var body = matcher.group(2);
            var headers = new StringBuilder();
            var base64 = new StringBuilder();
            for (var line : body.split("\\R")) {
                if (line.indexOf(':') >= 0) {
                    headers.append(line.strip()).append('\n');
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                result.add(new Block(matcher.group(1), headers.toString(), Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new EdgeException(field + ": the " + matcher.group(1) + " block is not valid base64 (expected: PEM)", e);
            }
        }
        return result;
    }

    /** The JCA algorithm of a PKCS#8 PrivateKeyInfo, from its AlgorithmIdentifier. */
    private static String algorithm(String field, byte[] pkcs8) {
        var info = Der.sequence(pkcs8);
        if (info.size() < 3 || info.get(0).tag() != Der.INTEGER || info.get(1).tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        }
        var identifier = Der.elements(info.get(1).content());
        if (identifier.isEmpty() || identifier.getFirst().tag() != Der.OID) {
            throw new IllegalArgumentException("no key algorithm");
        }
        var oid = HexFormat.of().formatHex(identifier.getFirst().content());
        var algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new EdgeException(field + ": the key algorithm is not supported (expected: RSA, RSASSA-PSS, EC, Ed25519, Ed448 or DSA)");
        }
        return algorithm;
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 { version 0, { rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        Der.sequence(pkcs1); // refuse garbage before wrapping it
        var identifier = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, HexFormat.of().parseHex(RSA_OID)), Der.encode(Der.NULL));
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), identifier, Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /** SEC1 ECPrivateKey (with its [0] named curve) → PKCS#8 { version 0, { ecPublicKey, curve }, OCTET STRING sec1 }. */
    private static byte[] wrapSec1(String field, byte[] sec1) {
        byte @Nullable [] curve = null;
        for (var element : Der.sequence(sec1)) {
            if (element.tag() == Der.CONTEXT_0) {
                var parameters = Der.elements(element.content());
                if (parameters.size() == 1 && parameters.getFirst().tag() == Der.OID) {
                    curve = parameters.getFirst().encoded();
                }
            }
        }
        if (curve == null) {
            throw new EdgeException(field + ": the EC key does not name its curve (expected: a named-curve key, "
                    + "as openssl ecparam -name prime256v1 writes, or PKCS#8)");
        }
        var identifier = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, HexFormat.of().parseHex(EC_OID)), curve);
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), identifier,
                Der.encode(Der.OCTET_STRING, sec1));
    }
}
