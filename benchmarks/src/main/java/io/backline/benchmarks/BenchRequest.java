package io.backline.benchmarks;

import io.backline.condition.RequestView;
import org.jspecify.annotations.Nullable;

/** A request as the edge presents it to conditions: a URL, a Host and an optional X-Beta header. */
record BenchRequest(String url, String host, @Nullable String beta) implements RequestView {

    public String method() {
        return "GET";
    }

    public String proto() {
        return "HTTP/1.1";
    }

    public boolean isSsl() {
        return false;
    }

    public @Nullable String header(String name) {
        return switch (name) {
            case "host" -> host;
            case "x-beta" -> beta;
            default -> null;
        };
    }

    public String clientIp() {
        return "127.0.0.1";
    }

    public boolean backendHealthy() {
        return true;
    }

    public boolean backendHealthy(String name) {
        return true;
    }
}
