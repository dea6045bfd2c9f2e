package io.backline.api;

import io.backline.model.ConfigException;

/**
 * A version's number within its service: 1 or more. Kept in {@code api} because the store and the
 * edge address versions by plain {@code int}; it types what the path and query carry so a
 * service id, a version and an object name cannot be passed in the wrong order.
 */
record VersionNumber(int value) {

    VersionNumber {
        if (value < 1) {
            throw new IllegalArgumentException("version: " + value + " (expected: 1 or more)");
        }
    }

    static VersionNumber of(int value) {
        return new VersionNumber(value);
    }

    /** The number as the wire sent it in {@code field}, or a 400 naming that field. */
    static VersionNumber parse(String field, String text) {
        int value = positiveInt(text);
        if (value < 1) {
            throw ConfigException.invalid(field + ": '" + text + "' is not a version number (expected: a positive integer)");
        }
        return new VersionNumber(value);
    }

    /** The value of 1 to 9 decimal digits, or -1 (no regex: this runs on every versioned call). */
    static int positiveInt(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
