package io.backline.benchmarks;

import io.backline.condition.RequestView;
import org.jspecify.annotations.Nullable;

/** A request as the edge presents it to conditions: a URL, a Host and an optional X-Beta header. */
record BenchRequest(String url, String host, @Nullable String beta) implements RequestView {

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String proto() {
        return "HTTP/1.1";
    }

    @Override
    public boolean isSsl() {
        return false;
    }

    @Override
    public @Nullable String header(String name) {
        return switch (name) {
            case "host" -> host;
            case "x-beta" -> beta;
            default -> null;
        };
    }

    @Override
    public String clientIp() {
        return "127.0.0.1";
    }

    @Override
    public boolean backendHealthy() {
        return true;
    }

    @Override
    public boolean backendHealthy(String name) {
        return true;
    }
}
