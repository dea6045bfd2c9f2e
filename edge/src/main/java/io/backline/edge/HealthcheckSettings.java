package io.backline.edge;

import static io.backline.model.HealthcheckSchema.*;

import io.backline.model.Values;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One health check as the prober uses it (semantics §3). */
public record HealthcheckSettings(String name, @Nullable String host, String path, String method, String httpVersion,
        int expectedResponse, int checkIntervalMs, int timeoutMs, int window, int threshold, int initial, List<String> headers) {

    public HealthcheckSettings {
        headers = List.copyOf(headers);
    }

    static HealthcheckSettings from(Values v) {
        return new HealthcheckSettings(v.require(NAME), v.get(HOST), v.require(PATH), v.require(METHOD), v.require(HTTP_VERSION),
                v.require(EXPECTED_RESPONSE), v.require(CHECK_INTERVAL), v.require(TIMEOUT), v.require(WINDOW), v.require(THRESHOLD),
                v.require(INITIAL), v.require(HEADERS));
    }
}
