package io.backline.edge.logging;

import io.backline.condition.RequestView;
import io.backline.edge.ExchangeRecord;
import org.jspecify.annotations.Nullable;

/**
 * A finished request as a RESPONSE condition reads it ({@code response_condition}): the request,
 * the status and headers sent. Backend health is not part of a finished request; it reads as
 * healthy, as the request was served.
 */
record ExchangeView(ExchangeRecord record) implements RequestView {
    @Override
    public String method() {
        return record.method();
    }

    @Override
    public String url() {
        return record.url();
    }

    @Override
    public String proto() {
        return record.protocol();
    }

    @Override
    public boolean isSsl() {
        return false; // the edge listens in plain HTTP; TLS ends in front of it
    }

    @Override
    public @Nullable String header(String name) {
        return record.requestHeaders().get(name);
    }

    @Override
    public String clientIp() {
        return record.clientIp();
    }

    @Override
    public boolean backendHealthy() {
        return true;
    }

    @Override
    public boolean backendHealthy(String name) {
        return true;
    }

    @Override
    public int responseStatus() {
        return record.status();
    }

    @Override
    public @Nullable String responseHeader(String name) {
        var headers = record.responseHeaders();
        return headers == null ? null : headers.get(name);
    }
}
