package io.backline.condition;

import io.backline.model.ConfigException;
import java.util.Locale;

/** Where a condition runs in Fastly's request flow; it decides which variables it can see. */
public enum ConditionType {
    REQUEST,
    CACHE,
    RESPONSE,
    PREFETCH;

    /** Parses a type as Fastly spells it (upper case; lower case accepted). */
    public static ConditionType parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("type: '" + text + "' (expected: REQUEST, CACHE, RESPONSE or PREFETCH)");
        }
    }
}
