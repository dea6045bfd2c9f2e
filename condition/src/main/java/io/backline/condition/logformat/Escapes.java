package io.backline.condition.logformat;

/**
 * Escaping in place: each method rewrites what was appended to {@code out} since {@code from}.
 * Nothing is copied when nothing needs escaping, the common case.
 */
final class Escapes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Escapes() {}

    /** Control characters (and DEL) as {@code \xhh}: one request stays one line. */
    static void control(StringBuilder out, int from) {
        if (firstOf(out, from, false) < 0) {
            return;
        }
        var tail = out.substring(from);
        out.setLength(from);
        for (int i = 0; i < tail.length(); i++) {
            char c = tail.charAt(i);
            if (isControl(c)) {
                hex(out, c);
            } else {
                out.append(c);
            }
        }
    }

    /** Apache's escaping of request-derived text: {@code \"}, {@code \\} and control characters as {@code \xhh}. */
    static void apache(StringBuilder out, int from) {
        if (firstOf(out, from, true) < 0) {
            return;
        }
        var tail = out.substring(from);
        out.setLength(from);
        for (int i = 0; i < tail.length(); i++) {
            char c = tail.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (isControl(c)) {
                hex(out, c);
            } else {
                out.append(c);
            }
        }
    }

    /** JSON string escaping without the quotes ({@code json.escape}): quote, backslash and control characters. */
    static void json(StringBuilder out, int from) {
        if (firstOf(out, from, true) < 0) {
            return;
        }
        var tail = out.substring(from);
        out.setLength(from);
        for (int i = 0; i < tail.length(); i++) {
            char c = tail.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (isControl(c)) {
                        out.append("\\u00").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static int firstOf(StringBuilder out, int from, boolean quotes) {
        for (int i = from; i < out.length(); i++) {
            char c = out.charAt(i);
            if (isControl(c) || (quotes && (c == '"' || c == '\\'))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static void hex(StringBuilder out, char c) {
        out.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
