package io.backline.app;

import java.util.Locale;
import java.util.logging.Formatter;

/** How the servers write their log records: one readable line each, or one JSON object each. */
enum LogFormat {
    TEXT {
        @Override
        Formatter formatter() {
            return new TextLogFormatter();
        }
    },
    JSON {
        @Override
        Formatter formatter() {
            return new JsonLogFormatter();
        }
    };

    abstract Formatter formatter();

    /** Lower case on the command line and in help: {@code --log-format json}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
