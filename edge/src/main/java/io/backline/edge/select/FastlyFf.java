package io.backline.edge.select;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Fastly-FF} request header: one entry per edge that forwarded the request, comma
 * separated, each {@code {serviceIDHash}!{POP}!{server}} as Fastly writes it
 * (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-FF/), for example
 * {@code qZarR/12OL0QOq4VyQPmqQ/CTp17AZv0d6cSG5nUSxU=!S!cache-backline-s1}. The hash is a salted
 * SHA-256 of the service id in base64, so the entries do not disclose the id but one service's
 * entries can be told from another's. An edge reads it to refuse a loop: a request whose header
 * names the shield POP for this service has been through the shield already.
 */
public final class FastlyFf {
    /** Salt of the service hash: Backline's, so the value never equals a real Fastly node's. */
    private static final byte[] SALT = "backline-fastly-ff:".getBytes(StandardCharsets.US_ASCII);

    private FastlyFf() {}

    /** One edge's entry: {@code hash!pop!server}. */
    public static String entry(String serviceId, String pop, String server) {
        return serviceHash(serviceId) + "!" + pop + "!" + server;
    }

    /** The header with {@code entry} appended ({@code entry} alone when there was none). */
    public static String append(@Nullable String header, String entry) {
        return header == null || header.isBlank() ? entry : header + ", " + entry;
    }

    /** Whether an entry of this service names {@code pop}: the request went through an edge of that POP for it. */
    public static boolean visited(@Nullable String header, String serviceId, String pop) {
        if (header == null || header.isBlank()) {
            return false;
        }
        var hash = serviceHash(serviceId);
        for (var item : header.split(",")) {
            var parts = item.strip().split("!", -1);
            if (parts.length == 3 && parts[0].equals(hash) && parts[1].equalsIgnoreCase(pop)) {
                return true;
            }
        }
        return false;
    }

    /** Base64 of SHA-256 over the salt and the id: 44 characters, as Fastly's. */
    static String serviceHash(String serviceId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(SALT);
            return Base64.getEncoder().encodeToString(digest.digest(serviceId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every JVM must provide it
        }
    }
}
