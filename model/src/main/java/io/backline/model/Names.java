package io.backline.model;

/** The rule every object name follows: 1 to 255 characters, none of them a control character. */
final class Names {
    static final int MAX_LENGTH = 255;
    /** What a name field's values match: no control character, C0 or C1. */
    static final String PATTERN = "[^\\p{Cc}]+";
    static final String RULE = "a name without control characters";

    private Names() {}

    static void requireName(String field, String name) {
        if (name.isEmpty()) {
            throw ConfigException.invalid(field + ": '' (expected: a non-empty name)");
        }
        if (name.length() > MAX_LENGTH) {
            throw ConfigException.invalid(
                    field + ": " + name.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ConfigException.invalid(field + ": '" + name.strip() + "' (expected: no control characters)");
        }
    }
}
