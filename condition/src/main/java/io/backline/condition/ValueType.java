package io.backline.condition;

/** The types of the condition language. {@code IP} values are written as strings. */
public enum ValueType {
    STRING,
    NUMBER,
    BOOL,
    IP;

    String article() {
        return switch (this) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOL -> "a boolean";
            case IP -> "an IP address";
        };
    }
}
