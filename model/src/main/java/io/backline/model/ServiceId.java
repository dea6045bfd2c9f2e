package io.backline.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A service's identifier: 22 base-62 characters, as Fastly issues them. */
public record ServiceId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public ServiceId {
        if (!SHAPE.matcher(value).matches()) {
            throw ConfigException.notFound("Cannot find service '" + value + "'");
        }
    }

    /** A new random identifier. */
    public static ServiceId random() {
        return new ServiceId(randomBase62(22));
    }

    static String randomBase62(int length) {
        var chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    @Override
    public String toString() {
        return value;
    }
}
