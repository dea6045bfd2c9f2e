package io.backline.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record: {@code 2026-12-03T09:14:05 INFO io.backline.edge.health.HealthRegistry: message},
 * local time to the second, then the stack trace of a failure on the lines below.
 */
final class TextLogFormatter extends Formatter {
    private static final String FORMAT = "%1$tFT%1$tT %2$s %3$s: %4$s%5$s%n";

    @Override
    public String format(LogRecord record) {
        var time = ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault());
        return String.format(FORMAT, time, record.getLevel().getLocalizedName(), record.getLoggerName(), formatMessage(record),
                stackTrace(record.getThrown()));
    }

    static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        var text = new StringWriter();
        try (var writer = new PrintWriter(text)) {
            writer.println();
            thrown.printStackTrace(writer);
        }
        return text.toString().stripTrailing();
    }
}
