package io.backline.edge;

import io.backline.condition.RequestView;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A request described by a person (for {@code explain}), not received from a socket. */
public record DescribedRequest(String method, String url, Map<String, String> headers, String clientIp, boolean isSsl, String proto)
        implements RequestView {

    public DescribedRequest {
        var lower = new TreeMap<String, String>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
    }

    @Override
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
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
