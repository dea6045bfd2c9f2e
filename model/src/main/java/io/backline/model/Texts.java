package io.backline.model;

/** Keeps echoed input short in error messages. */
final class Texts {
    static final int ECHO_LIMIT = 80;

    private Texts() {}

    /**
     * Refuses text no store can keep as sent: a NUL character (PostgreSQL refuses it in text) or
     * half of a surrogate pair (a JSON {@code \\uD800} escape; it has no UTF-8 form).
     */
    static void requireWellFormed(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw ConfigException.invalid(field + ": a NUL character at position " + i + " (expected: text without U+0000)");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw ConfigException.invalid(field + ": half of a surrogate pair at position " + i
                            + " (expected: text of whole Unicode characters)");
                }
            }
        }
    }

    static String shorten(String text) {
        if (text.length() <= ECHO_LIMIT) {
            return text;
        }
        // Never cut a surrogate pair in half.
        int end = Character.isHighSurrogate(text.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
        return text.substring(0, end) + "…";
    }
}
