package io.backline.condition.logformat;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A described finished request for rendering lines in tests. */
record SampleRecord(String method, String url, String protocol, Map<String, String> requestHeaders,
        Map<String, String> responseHeaders, int status, long bodyBytes, long startMicros, long elapsedMicros,
        @Nullable String backendName, String fastlyState) implements LogRecord {

    /** 2026-12-03T16:56:44.123456Z, a Thursday. */
    static final long START = Instant.parse("2026-12-03T16:56:44.123456Z").getEpochSecond() * 1_000_000L + 123_456L;

    static SampleRecord get() {
        return new SampleRecord("GET", "/a/b.png?x=1&y=2", "HTTP/1.1",
                Map.of("Host", "www.example.com:8080", "User-Agent", "curl/8.5", "Cookie", "a=1; session=abc; z=9"),
                Map.of("Content-Type", "image/png"), 200, 1_234, START, 12_345, "origin_1", "PASS");
    }

    SampleRecord with(String newUrl, Map<String, String> headers) {
        return new SampleRecord(method, newUrl, protocol, headers, responseHeaders, status, bodyBytes, startMicros, elapsedMicros,
                backendName, fastlyState);
    }

    @Override
    public @Nullable String requestHeader(String name) {
        return find(requestHeaders, name);
    }

    @Override
    public @Nullable String responseHeader(String name) {
        return find(responseHeaders, name);
    }

    private static @Nullable String find(Map<String, String> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return entry.getValue();
            }
        }
        return null;
    }

    @Override
    public String clientIp() {
        return "192.0.2.7";
    }

    @Override
    public int clientPort() {
        return 50_123;
    }

    @Override
    public String serverIp() {
        return "198.51.100.1";
    }

    @Override
    public int serverPort() {
        return 443;
    }

    @Override
    public String serviceId() {
        return "SU1Z0isxPaozGVKXdv0eY";
    }

    @Override
    public int serviceVersion() {
        return 3;
    }

    @Override
    public String serverHostname() {
        return "edge-1.example.net";
    }

    @Override
    public String serverIdentity() {
        return "edge-1";
    }
}
