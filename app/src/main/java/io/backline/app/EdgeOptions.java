package io.backline.app;

import io.backline.edge.EdgeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The edge's settings an operator may need ({@link EdgeConfig}), shared by {@code serve} and
 * {@code edge}. Each option has an environment variable named after it ({@code --client-idle-timeout}:
 * {@code BACKLINE_EDGE_CLIENT_IDLE_TIMEOUT}); its default is {@link EdgeConfig#defaults()}'s, read
 * by {@link Defaults} so that the help and the record cannot disagree.
 */
final class EdgeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--edge-listen", defaultValue = "${env:BACKLINE_EDGE_LISTEN:-127.0.0.1:8000}", converter = HostPort.Converter.class,
            paramLabel = "HOST:PORT", description = "Address of the edge (default: ${DEFAULT-VALUE}).")
    HostPort listen = new HostPort("127.0.0.1", 8000);

    @Option(names = "--staging-listen", defaultValue = "${env:BACKLINE_STAGING_LISTEN:-127.0.0.1:8001}",
            converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
            description = "Address of the staging listener: the staged versions, and the active ones of services with none staged"
                    + " (default: ${DEFAULT-VALUE}).")
    HostPort stagingListen = new HostPort("127.0.0.1", 8001);

    @Option(names = "--edge-tls-listen", defaultValue = "${env:BACKLINE_EDGE_TLS_LISTEN:-127.0.0.1:8443}", paramLabel = "HOST:PORT|off",
            description = "Address of the client TLS listener (HTTP/2 and HTTP/1.1, certificates by SNI from the TLS API), or off"
                    + " (default: ${DEFAULT-VALUE}).")
    String tlsListen = "127.0.0.1:8443";

    @Option(names = "--edge-threads", paramLabel = "N",
            description = "Event-loop threads, shared by clients and origins (default: the processors, ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--edge-transport", paramLabel = "auto|io_uring|epoll|nio", defaultValue = "${env:BACKLINE_EDGE_TRANSPORT:-auto}",
            description = "Socket implementation of the edge: auto takes io_uring, else epoll, else NIO, the first this machine offers"
                    + " (default: ${DEFAULT-VALUE}).")
    String transport = "auto";

    @Option(names = "--edge-loop-yield", arity = "1", paramLabel = "true|false",
            description = "Whether an event loop gives up the CPU after each turn that did work, so that the threads it shares the"
                    + " cores with run before it polls again: a lower p99 and less CPU per request when a machine has more runnable"
                    + " threads than cores (default: ${DEFAULT-VALUE}).")
    boolean loopYield;

    @Option(names = "--client-idle-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the edge waits on a client: an idle keep-alive connection, between body chunks, a stalled reader"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration clientIdleTimeout;

    @Option(names = "--request-header-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "From a request's first byte, how long its header block may take; a client trickling headers is disconnected"
                    + " then (default: ${DEFAULT-VALUE}).")
    Duration requestHeaderTimeout;

    @Option(names = "--max-request-line", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Longest request line; beyond it 414 (default: ${DEFAULT-VALUE}).")
    long maxRequestLine;

    @Option(names = "--max-request-headers", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest request header block; beyond it 431 (default: ${DEFAULT-VALUE}).")
    long maxRequestHeaders;

    @Option(names = "--max-request-body", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest request body; beyond it 413 and the connection closes (default: ${DEFAULT-VALUE}).")
    long maxRequestBody;

    @Option(names = "--max-response-headers", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Largest origin response header block; beyond it 503 backend read error (default: ${DEFAULT-VALUE}).")
    long maxResponseHeaders;

    @Option(names = "--origin-idle-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long an idle origin connection is kept when the backend sets no keepalive_time (default: ${DEFAULT-VALUE}).")
    Duration originIdleTimeout;

    @Option(names = "--server-name", paramLabel = "NAME", description = "This node in X-Served-By (default: ${DEFAULT-VALUE}).")
    String serverName;

    @Option(names = "--fastly-debug", arity = "1", paramLabel = "true|false",
            description = "Whether Fastly-Debug: 1 adds X-Backend, X-Backend-Reason and Server-Timing (default: ${DEFAULT-VALUE}).")
    boolean fastlyDebug;

    @Option(names = "--debug-clients", split = ",", paramLabel = "CIDR",
            description = "Client networks whose Fastly-Debug is honoured, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> debugClients;

    @Option(names = "--warmup-requests", paramLabel = "N", defaultValue = "${env:BACKLINE_EDGE_WARMUP_REQUESTS:-20000}",
            description = "Requests sent through a private copy of the edge in the background at start, so that the request "
                    + "path is compiled before traffic arrives; 0 for none (default: ${DEFAULT-VALUE}).")
    int warmupRequests;

    @Option(names = "--access-log", paramLabel = "PATH|-|off", defaultValue = "${env:BACKLINE_ACCESS_LOG:-off}",
            description = "The access log, one JSON line per request: a file (appended to; reopened on SIGHUP), - for standard output,"
                    + " or off (default: ${DEFAULT-VALUE}).")
    String accessLog = EdgeConfig.ACCESS_LOG_OFF;

    @Option(names = "--cache-size", converter = SizeConverter.class, paramLabel = "SIZE",
            defaultValue = "${env:BACKLINE_EDGE_CACHE_SIZE:-256MiB}",
            description = "Bytes the HTTP cache may hold: bytes, or a number with KiB, MiB or GiB; 0 turns caching off and the edge"
                    + " is a plain proxy (default: ${DEFAULT-VALUE}).")
    long cacheSize = 256L * 1024 * 1024;

    @Option(names = "--pop", paramLabel = "CODE", defaultValue = "${env:BACKLINE_EDGE_POP:-local}",
            description = "The POP this edge belongs to; backends whose shield names another POP are fetched through an edge of"
                    + " that POP (default: ${DEFAULT-VALUE}).")
    String pop = "local";

    @Option(names = "--advertise", paramLabel = "HOST:PORT", defaultValue = "${env:BACKLINE_EDGE_ADVERTISE}",
            description = "The address edges of other POPs reach this edge at (default: --edge-listen when it is not a wildcard).")
    @Nullable String advertise;

    @Option(names = "--allow-unauthenticated-purge", defaultValue = "${env:BACKLINE_EDGE_ALLOW_UNAUTHENTICATED_PURGE:-false}",
            description = "Obey a PURGE sent to the edge without a Fastly-Key of a token with a purge scope (Fastly's default;"
                    + " Backline's is to require one).")
    boolean allowUnauthenticatedPurge;

    /** The edge's configuration from these options; a value the edge refuses is a usage error. */
    EdgeConfig config() {
        try {
            return build();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(spec.commandLine(), "edge: " + e.getMessage());
        }
    }

    private EdgeConfig build() {
        return EdgeConfig.builder()
                .host(listen.host())
                .port(listen.port())
                .eventLoopThreads(threads)
                .transport(transport())
                .loopYield(loopYield)
                .clientIdleTimeout(clientIdleTimeout)
                .requestHeaderTimeout(requestHeaderTimeout)
                .warmupRequests(warmupRequests)
                .accessLog(accessLog)
                .maxRequestLineBytes(Math.toIntExact(maxRequestLine))
                .maxRequestHeaderBytes(Math.toIntExact(maxRequestHeaders))
                .maxRequestBodyBytes(maxRequestBody)
                .maxResponseHeaderBytes(Math.toIntExact(maxResponseHeaders))
                .originIdleTimeout(originIdleTimeout)
                .serverName(serverName)
                .fastlyDebug(fastlyDebug)
                .debugClients(debugClients)
                .staging(new EdgeConfig.Listen(stagingListen.host(), stagingListen.port()))
                .tls(tlsListen())
                .cacheSizeBytes(cacheSize)
                .pop(pop)
                .advertise(advertise == null || advertise.isBlank() ? null : advertise)
                .allowUnauthenticatedPurge(allowUnauthenticatedPurge)
                .build();
    }

    private EdgeConfig.IoTransport transport() {
        try {
            return EdgeConfig.IoTransport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--edge-transport: '" + transport + "' (expected: auto, io_uring, epoll or nio)", e);
        }
    }

    /** {@code off} (any case) for none; otherwise HOST:PORT. */
    private EdgeConfig.@Nullable Listen tlsListen() {
        var text = tlsListen.strip();
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            var address = HostPort.parse(text);
            return new EdgeConfig.Listen(address.host(), address.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--edge-tls-listen: '" + text + "' (expected: off, or HOST:PORT such as 127.0.0.1:8443)", e);
        }
    }

    /**
     * The options' defaults: the environment variable when set, else {@link EdgeConfig#defaults()}
     * written the way the option reads it. Picocli asks a provider only for options without a
     * {@code defaultValue} of their own, so {@code --edge-listen} and {@code --staging-listen} keep their own.
     */
    static final class Defaults implements IDefaultValueProvider {
        private static final EdgeConfig EDGE = EdgeConfig.defaults();
        private static final Map<String, Function<EdgeConfig, String>> VALUES = Map.ofEntries(
                Map.entry("--edge-threads", c -> String.valueOf(c.eventLoopThreads())),
                Map.entry("--edge-loop-yield", c -> String.valueOf(c.loopYield())),
                Map.entry("--client-idle-timeout", c -> DurationConverter.format(c.clientIdleTimeout())),
                Map.entry("--request-header-timeout", c -> DurationConverter.format(c.requestHeaderTimeout())),
                Map.entry("--max-request-line", c -> SizeConverter.format(c.maxRequestLineBytes())),
                Map.entry("--max-request-headers", c -> SizeConverter.format(c.maxRequestHeaderBytes())),
                Map.entry("--max-request-body", c -> SizeConverter.format(c.maxRequestBodyBytes())),
                Map.entry("--max-response-headers", c -> SizeConverter.format(c.maxResponseHeaderBytes())),
                Map.entry("--origin-idle-timeout", c -> DurationConverter.format(c.originIdleTimeout())),
                Map.entry("--server-name", EdgeConfig::serverName),
                Map.entry("--fastly-debug", c -> String.valueOf(c.fastlyDebug())),
                Map.entry("--debug-clients", c -> String.join(",", c.debugClients())));

        @Override
        public @Nullable String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option) || !VALUES.containsKey(option.longestName())) {
                return null;
            }
            var fromEnvironment = System.getenv(environmentVariable(option.longestName()));
            return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : VALUES.get(option.longestName()).apply(EDGE);
        }

        /** {@code --client-idle-timeout} reads {@code BACKLINE_EDGE_CLIENT_IDLE_TIMEOUT}; {@code --edge-threads} {@code BACKLINE_EDGE_THREADS}. */
        static String environmentVariable(String option) {
            var name = option.substring(2).replaceFirst("^edge-", "");
            return "BACKLINE_EDGE_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
        }
    }

    /**
     * {@code 30s}, {@code 500ms}, {@code 2m}: the way operators write timeouts. Hand-written because
     * picocli reads a {@link Duration} only in ISO-8601 ({@code PT30S}).
     */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            var text = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + value + "' (expected: a duration such as 500ms, 30s or 2m)");
        }

        static String format(Duration duration) {
            long millis = duration.toMillis();
            return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        }
    }

    /** {@code 16384}, {@code 16KiB}, {@code 10MiB}: a size in bytes. Hand-written: picocli has no size type. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            var text = value.strip();
            long unit = 1;
            if (text.endsWith("KiB")) {
                unit = 1024;
            } else if (text.endsWith("MiB")) {
                unit = 1024 * 1024;
            } else if (text.endsWith("GiB")) {
                unit = 1024L * 1024 * 1024;
            }
            var number = unit == 1 ? text : text.substring(0, text.length() - 3);
            try {
                return Math.multiplyExact(Long.parseLong(number.strip()), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' (expected: bytes, or a size such as 16KiB, 10MiB or 1GiB)");
            }
        }

        static String format(long bytes) {
            if (bytes > 0 && bytes % (1024L * 1024 * 1024) == 0) {
                return bytes / (1024L * 1024 * 1024) + "GiB";
            }
            if (bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + "MiB";
            }
            return bytes % 1024 == 0 ? bytes / 1024 + "KiB" : String.valueOf(bytes);
        }
    }
}
