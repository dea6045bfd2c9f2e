package io.backline.edge.logging;

import io.backline.condition.logformat.LogRecord;
import io.backline.edge.ExchangeRecord;
import org.jspecify.annotations.Nullable;

/**
 * A finished request as a log format reads it, on the sender's thread. What the edge does not
 * record per request comes from the node: the server address and port are those of the listener
 * ({@link LineFormats}), and the client's port is not kept (it renders as 0).
 */
record ExchangeLogRecord(ExchangeRecord record, LineFormats.Node node) implements LogRecord {
    @Override
    public String method() {
        return record.method();
    }

    @Override
    public String url() {
        return record.url();
    }

    @Override
    public String protocol() {
        return record.protocol();
    }

    @Override
    public @Nullable String requestHeader(String name) {
        return record.requestHeaders().get(name);
    }

    @Override
    public @Nullable String responseHeader(String name) {
        var headers = record.responseHeaders();
        return headers == null ? null : headers.get(name);
    }

    @Override
    public String clientIp() {
        return record.clientIp();
    }

    @Override
    public int clientPort() {
        return 0;
    }

    @Override
    public String serverIp() {
        return node.serverIp();
    }

    @Override
    public int serverPort() {
        return node.serverPort();
    }

    @Override
    public int status() {
        return record.status();
    }

    @Override
    public long bodyBytes() {
        return record.responseBodyBytes();
    }

    @Override
    public long startMicros() {
        return record.startEpochMicros();
    }

    @Override
    public long elapsedMicros() {
        return record.totalNanos() / 1_000;
    }

    @Override
    public @Nullable String backendName() {
        return record.synthetic() != null ? null : record.backend();
    }

    @Override
    public String serviceId() {
        var id = record.serviceId();
        return id == null ? "" : id;
    }

    @Override
    public int serviceVersion() {
        return record.version();
    }

    @Override
    public String serverHostname() {
        return node.hostname();
    }

    @Override
    public String serverIdentity() {
        return node.hostname();
    }

    @Override
    public String fastlyState() {
        return record.synthetic() != null ? "ERROR" : "PASS";
    }
}
