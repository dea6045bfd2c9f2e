package io.backline.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A scrape of a registry in the format the scraper asks for: OpenMetrics when its {@code Accept}
 * names {@code application/openmetrics-text} (Prometheus asks so by default), else Prometheus'
 * text format 0.0.4. Shared by the API's {@code /_backline/metrics} and an edge node's {@code /metrics}.
 *
 * @param contentType what the body is, for the Content-Type header
 */
public record MetricsScrape(String contentType, byte[] body) {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static MetricsScrape of(PrometheusMeterRegistry registry, @Nullable String accept) {
        var type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
        // The registry picks its writer by the same text, so the body and the header agree.
        return new MetricsScrape(type, registry.scrape(type).getBytes(StandardCharsets.UTF_8));
    }
}
