package io.backline.model;

/** Keeps echoed input short in error messages. */
final class Texts {
    private static final int ECHO_LIMIT = 80;

    private Texts() {}

    static String shorten(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "…";
    }
}
