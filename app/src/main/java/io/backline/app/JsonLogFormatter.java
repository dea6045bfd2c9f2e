package io.backline.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, for log collectors:
 * {@code {"timestamp":"2026-12-03T09:14:05.123Z","level":"WARN","logger":"io.backline.app.FeedClient","thread":"backline-edge-sync","message":"…"}},
 * plus {@code "exception"} (the stack trace) when a record carries one. Written by Jackson's
 * generator, so any message text is escaped; levels take the names operators search for (ERROR,
 * WARN, INFO, DEBUG, TRACE) rather than java.util.logging's.
 */
final class JsonLogFormatter extends Formatter {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String format(LogRecord record) {
        var text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("timestamp", record.getInstant().toString());
            json.writeStringField("level", level(record.getLevel()));
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", Thread.currentThread().getName());
            json.writeStringField("message", formatMessage(record));
            if (record.getThrown() != null) {
                json.writeStringField("exception", TextLogFormatter.stackTrace(record.getThrown()).strip());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.append(System.lineSeparator()).toString();
    }

    private static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.CONFIG.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
