package io.backline.condition;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A described request for evaluating conditions in tests. */
record SampleRequest(String method, String url, String proto, boolean isSsl, Map<String, String> headers, String clientIp,
        int restarts, Set<String> sickBackends, boolean selectedHealthy, boolean coin) implements RequestView {

    @Override
    public @Nullable String header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return entry.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean backendHealthy() {
        return selectedHealthy;
    }

    @Override
    public boolean backendHealthy(String name) {
        return !sickBackends.contains(name);
    }

    @Override
    public boolean randomBool(double numerator, double denominator) {
        return coin;
    }

    /** The requests the statement table refers to by name. */
    static final Map<String, SampleRequest> ALL = Map.of(
            "api", new SampleRequest("GET", "/api/v1/users?page=2", "HTTP/1.1", true,
                    Map.of("Host", "api.example.com", "X-Forwarded-Proto", "https"), "127.0.0.1", 0, Set.of(), true, true),
            "image", new SampleRequest("GET", "/static/img/Logo.PNG", "HTTP/1.1", false,
                    Map.of("Host", "www.example.com", "X-Forwarded-Proto", "http", "Cookie", "a=1; region=eu"), "10.0.0.7", 0,
                    Set.of("api_origin"), true, false),
            "v2", new SampleRequest("POST", "/v2/orders", "HTTP/2", true,
                    Map.of("Host", "foo.example.com", "Upgrade", "websocket", "X-Rlo-Use-Index-App", "1"), "::1", 0, Set.of(),
                    false, false),
            "pypi", new SampleRequest("GET", "/simple/requests/", "HTTP/1.1", true,
                    Map.of("Host", "pypi.org"), "192.0.2.1", 1, Set.of(), true, true),
            "robots", new SampleRequest("GET", "/robots.txt", "HTTP/1.0", false, Map.of(), "127.0.0.1", 0, Set.of(), true, false));
}
