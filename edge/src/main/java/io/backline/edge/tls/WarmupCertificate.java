package io.backline.edge.tls;

import io.backline.edge.ServedCertificate;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away self-signed certificate (ECDSA P-256, one DNS name, valid for a day) for the edge's
 * warm-up, which runs the TLS listener's path through a private copy of the edge on loopback
 * ({@code EdgeWarmup}). Written here, in a few DER elements, because the JDK has no public API to
 * issue a certificate and the warm-up must not depend on a PKI library at run time; nothing but the
 * warm-up's own client ever sees it, and its key lives only in memory.
 */
public final class WarmupCertificate {
    private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1D, 0x11};
    private static final int BIT_STRING = 0x03;
    private static final int UTF8_STRING = 0x0C;
    private static final int UTC_TIME = 0x17;
    private static final int SET = 0x31;
    private static final int DNS_NAME = 0x82;
    private static final int CONTEXT_3 = 0xA3;
    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private WarmupCertificate() {}

    /** A certificate for {@code domain} with its key, as the TLS listener takes it. */
    public static ServedCertificate create(String id, String domain) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] algorithm = Der.encode(Der.SEQUENCE, ECDSA_WITH_SHA256);
            byte[] name = Der.encode(Der.SEQUENCE, Der.encode(SET, Der.encode(Der.SEQUENCE, COMMON_NAME,
                    Der.encode(UTF8_STRING, domain.getBytes(StandardCharsets.UTF_8)))));
            var now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] validity = Der.encode(Der.SEQUENCE, utcTime(now.minusHours(1)), utcTime(now.plusDays(1)));
            byte[] altNames = Der.encode(Der.SEQUENCE, Der.encode(DNS_NAME, domain.getBytes(StandardCharsets.US_ASCII)));
            byte[] extensions = Der.encode(CONTEXT_3, Der.encode(Der.SEQUENCE, Der.encode(Der.SEQUENCE, SUBJECT_ALT_NAME,
                    Der.encode(Der.OCTET_STRING, altNames))));
            byte[] serial = Der.encode(Der.INTEGER, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
            byte[] version3 = Der.encode(Der.CONTEXT_0, Der.encode(Der.INTEGER, new byte[] {2}));
            byte[] tbs = Der.encode(Der.SEQUENCE, version3, serial, algorithm, name, validity, name, pair.getPublic().getEncoded(),
                    extensions);
            var signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] signature = Der.encode(BIT_STRING, new byte[] {0}, signer.sign());
            byte[] certificate = Der.encode(Der.SEQUENCE, tbs, algorithm, signature);
            return new ServedCertificate(id, pem("CERTIFICATE", certificate), pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                    List.of(domain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("warm-up certificate: " + e.getMessage(), e); // P-256 and ECDSA are in every JDK
        }
    }

    private static byte[] utcTime(ZonedDateTime at) {
        return Der.encode(UTC_TIME, UTC_TIME_FORMAT.format(at).getBytes(StandardCharsets.US_ASCII));
    }

    private static String pem(String type, byte[] der) {
        var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
