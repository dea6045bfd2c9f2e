package io.backline.edge.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.backline.edge.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes access-log entries as JSON lines to one stream, with Jackson's streaming generator (the
 * escaping of client-sent text such as the path and Host is Jackson's, not ours). Used by the
 * writer thread only; not thread-safe.
 */
final class AccessLogLine implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** RFC 3339 in UTC with milliseconds, always three digits (ISO_INSTANT drops trailing zeros). */
    private static final DateTimeFormatter TIME_TO_SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] ENVIRONMENTS = Arrays.stream(Environment.values()).map(e -> e.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);

    private final JsonGenerator json;
    /** The time up to the second ("2026-12-03T18:38:08."), formatted once per second: formatting each line costs more than the rest of it. */
    private long prefixSecond = Long.MIN_VALUE;
    private String prefix = "";
    private final StringBuilder time = new StringBuilder(24);

    /** Writes to {@code out}; closing this flushes and leaves {@code out} open for its owner to close. */
    AccessLogLine(OutputStream out) throws IOException {
        this.json = JSON.createGenerator(out);
        json.setRootValueSeparator(null); // Jackson's default is a space, which would start every line but the first with one
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    void write(AccessLogEntry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", time(entry.startEpochMicros()));
        json.writeStringField("service", entry.service());
        if (entry.service() == null) {
            json.writeNullField("version");
        } else {
            json.writeNumberField("version", entry.version());
        }
        json.writeStringField("environment", ENVIRONMENTS[entry.environment().ordinal()]);
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

    private String time(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000);
        if (second != prefixSecond) {
            prefixSecond = second;
            prefix = TIME_TO_SECOND.format(Instant.ofEpochSecond(second));
        }
        int millis = (int) (Math.floorMod(epochMicros, 1_000_000) / 1_000);
        time.setLength(0);
        time.append(prefix).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append('Z');
        return time.toString();
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
