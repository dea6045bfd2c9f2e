package io.backline.edge.logging;

import io.backline.condition.logformat.LogFormat;
import io.backline.edge.ExchangeRecord;
import java.util.function.Function;

/**
 * Renders an endpoint's lines with its compiled Fastly {@code format} ({@link LogFormat}, the
 * condition module's compiler): the {@code formats} a {@link LoggingDelivery} is built with.
 *
 * <pre>{@code
 * new LoggingDelivery(config, LineFormats.of(new LineFormats.Node("cache-local", "127.0.0.1", 8000)));
 * }</pre>
 */
public final class LineFormats {
    private LineFormats() {}

    /**
     * This edge node as a line may show it.
     *
     * @param hostname {@code server.hostname} and {@code server.identity}
     * @param serverIp {@code %A}: the listen address
     * @param serverPort {@code %p}: the listen port
     */
    public record Node(String hostname, String serverIp, int serverPort) {}

    /** Each endpoint's format, compiled once per endpoint and activation; refuses one the compiler refuses. */
    public static Function<LoggingEndpoint, Function<ExchangeRecord, String>> of(Node node) {
        return endpoint -> {
            var format = LogFormat.compile(endpoint.format(), endpoint.formatVersion());
            return record -> format.render(new ExchangeLogRecord(record, node));
        };
    }
}
