package io.backline.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The TLS certificates in the edge feed (issue 18): every answer carries {@code certificates_digest},
 * a digest of the activated certificates, and the certificates themselves
 * ({@code "certificates":[{"id","chain_pem","private_key_pem","domains":[…]}]}) only when the edge's
 * reported {@code certificates_digest} differs from it. The private keys travel in clear inside
 * the feed's answer, so only over the feed's own channel (HTTPS to the API in production) to a token
 * that sees every service; the edge holds them in memory and never writes them to disk.
 */
public final class EdgeFeedCertificates {
    /** What an edge that has no certificates yet reports, so that its first answer carries them. */
    public static final String NONE = "none";

    private EdgeFeedCertificates() {}

    /** One certificate as edges present it: the chain (leaf first), its key (PKCS#8 PEM, opened), its activated names. */
    public record Certificate(String id, String chainPem, String privateKeyPem, List<String> domains) {
        public Certificate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            domains = List.copyOf(domains);
        }

        /** Without the key: records print their fields, and a key must never reach a log. */
        @Override
        public String toString() {
            return "Certificate[id=" + id + ", domains=" + domains + "]";
        }
    }

    /** The digest of a set of certificates (their ids, chains, keys and names); {@link #NONE} for none. */
    public static String digest(List<Certificate> certificates) {
        if (certificates.isEmpty()) {
            return NONE;
        }
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (var c : certificates) {
                for (var part : List.of(c.id(), c.chainPem(), c.privateKeyPem(), String.join(",", c.domains()))) {
                    sha.update(part.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the digest to an answer, and the certificates unless the edge already has them ({@code seen} equals the digest). */
    public static void encode(ObjectNode answer, List<Certificate> certificates, @Nullable String seen) {
        var digest = digest(certificates);
        answer.put("certificates_digest", digest);
        if (digest.equals(seen)) {
            return;
        }
        var array = answer.putArray("certificates");
        for (var c : certificates) {
            var node = array.addObject();
            node.put("id", c.id());
            node.put("chain_pem", c.chainPem());
            node.put("private_key_pem", c.privateKeyPem());
            var domains = node.putArray("domains");
            c.domains().forEach(domains::add);
        }
    }

    /** The certificates of an answer, or empty when it carries none (the edge keeps what it has). */
    public static Optional<List<Certificate>> decode(JsonNode answer) {
        var array = answer.get("certificates");
        if (array == null || !array.isArray()) {
            return Optional.empty();
        }
        var certificates = new ArrayList<Certificate>();
        for (var node : array) {
            var domains = new ArrayList<String>();
            node.path("domains").forEach(d -> domains.add(d.asText()));
            certificates.add(new Certificate(node.path("id").asText(), node.path("chain_pem").asText(), node.path("private_key_pem").asText(),
                    domains));
        }
        return Optional.of(List.copyOf(certificates));
    }

    /** The answer's {@code certificates_digest}, or null from an API before certificates. */
    public static @Nullable String digestOf(JsonNode answer) {
        var digest = answer.get("certificates_digest");
        return digest == null || !digest.isTextual() ? null : digest.asText();
    }
}
