package io.backline.edge.log;

import io.backline.edge.Environment;
import io.backline.edge.ExchangeRecord;
import io.backline.edge.TraceIds;
import org.jspecify.annotations.Nullable;

/**
 * What one access-log line says, copied from an {@link ExchangeRecord} on the event loop: only
 * immutable scalars and strings the record already holds, so making one allocates one small
 * object and the record's header maps are not kept alive by a queued line. The trace id stays two
 * numbers until the log's own thread writes the line.
 */
record AccessLogEntry(long startEpochMicros, @Nullable String service, int version, Environment environment, String client, String method,
        String host, String path, String protocol, int status, long bytes, long requestBytes, @Nullable String backend,
        long firstByteNanos, long totalNanos, @Nullable String reason, long traceHigh, long traceLow) {

    static AccessLogEntry of(ExchangeRecord record) {
        return new AccessLogEntry(record.startEpochMicros(), record.serviceId(), record.version(), record.environment(),
                record.clientIp(), record.method(), record.host(), record.url(), record.protocol(), record.status(),
                record.responseBodyBytes(), record.requestBodyBytes(), record.backend(), record.firstByteNanos(), record.totalNanos(),
                record.problem(), record.traceHigh(), record.traceLow());
    }

    /** The trace id's text, written on the log's own thread. */
    String traceId() {
        return TraceIds.traceId(traceHigh, traceLow);
    }
}
