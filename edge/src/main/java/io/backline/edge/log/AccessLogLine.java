package io.backline.edge.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes access-log entries as JSON lines to one stream, with Jackson's streaming generator (the
 * escaping of client-sent text such as the path and Host is Jackson's, not ours). Used by the
 * writer thread only; not thread-safe.
 */
final class AccessLogLine implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** RFC 3339 in UTC with milliseconds, always three digits (ISO_INSTANT drops trailing zeros). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final JsonGenerator json;

    /** Writes to {@code out}; closing this flushes and leaves {@code out} open for its owner to close. */
    AccessLogLine(OutputStream out) throws IOException {
        this.json = JSON.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    void write(AccessLogEntry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", TIME.format(Instant.ofEpochSecond(entry.startEpochMicros() / 1_000_000,
                entry.startEpochMicros() % 1_000_000 * 1_000)));
        json.writeStringField("service", entry.service());
        if (entry.service() == null) {
            json.writeNullField("version");
        } else {
            json.writeNumberField("version", entry.version());
        }
        json.writeStringField("environment", entry.environment().name().toLowerCase(Locale.ROOT));
        json.writeStringField("client", entry.client());
        json.writeStringField("method", entry.method());
        json.writeStringField("host", entry.host());
        json.writeStringField("path", entry.path());
        json.writeStringField("protocol", entry.protocol());
        json.writeNumberField("status", entry.status());
        json.writeNumberField("bytes", entry.bytes());
        json.writeNumberField("request_bytes", entry.requestBytes());
        json.writeStringField("backend", entry.backend());
        if (entry.firstByteNanos() < 0) {
            json.writeNullField("ttfb_ms");
        } else {
            json.writeNumberField("ttfb_ms", millis(entry.firstByteNanos()));
        }
        json.writeNumberField("total_ms", millis(entry.totalNanos()));
        json.writeStringField("reason", entry.reason());
        json.writeStringField("trace_id", entry.traceId());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Milliseconds with microsecond precision: 12.345. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** Hands what the generator buffered to the stream and flushes the stream. */
    void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
