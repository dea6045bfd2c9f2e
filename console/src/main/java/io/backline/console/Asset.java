package io.backline.console;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One file the console serves: its bytes, its media type and an ETag from its content. */
record Asset(byte[] body, String contentType, String etag) {

    static Asset of(byte[] body, String contentType) {
        return new Asset(body, contentType, "\"" + digest(body) + "\"");
    }

    /** The first 16 bytes of SHA-256: a strong ETag that changes with the content, whatever the jar's timestamps say. */
    private static String digest(byte[] body) {
        try {
            var sha = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256: missing (expected: every JDK has it)", e);
        }
    }

    boolean matches(String ifNoneMatch) {
        for (var tag : ifNoneMatch.split(",", -1)) {
            var t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
