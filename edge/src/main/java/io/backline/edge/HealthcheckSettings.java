package io.backline.edge;

import static io.backline.model.HealthcheckSchema.CHECK_INTERVAL;
import static io.backline.model.HealthcheckSchema.EXPECTED_RESPONSE;
import static io.backline.model.HealthcheckSchema.HEADERS;
import static io.backline.model.HealthcheckSchema.HOST;
import static io.backline.model.HealthcheckSchema.HTTP_VERSION;
import static io.backline.model.HealthcheckSchema.INITIAL;
import static io.backline.model.HealthcheckSchema.METHOD;
import static io.backline.model.HealthcheckSchema.NAME;
import static io.backline.model.HealthcheckSchema.PATH;
import static io.backline.model.HealthcheckSchema.THRESHOLD;
import static io.backline.model.HealthcheckSchema.TIMEOUT;
import static io.backline.model.HealthcheckSchema.WINDOW;

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
