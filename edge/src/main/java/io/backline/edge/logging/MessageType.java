package io.backline.edge.logging;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Fastly's {@code message_type}: the prefix each line gets ({@link SyslogMessage}). */
public enum MessageType {
    CLASSIC,
    LOGGLY,
    LOGPLEX,
    BLANK;

    /** Fastly's spelling; null or blank is {@code fallback}. */
    public static MessageType parse(@Nullable String text, MessageType fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message_type: '" + text + "' (expected: classic, loggly, logplex or blank)", e);
        }
    }
}
