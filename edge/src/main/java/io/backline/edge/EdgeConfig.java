package io.backline.edge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the edge listens and protects itself. Build one with {@link #builder()}; every field has a
 * documented default:
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>field</th><th>default</th><th>meaning</th></tr>
 * <tr><td>host</td><td>{@code 127.0.0.1}</td><td>listen address</td></tr>
 * <tr><td>port</td><td>{@code 8000}</td><td>listen port; {@code 0} picks a free one ({@link EdgeServer#port()})</td></tr>
 * <tr><td>eventLoopThreads</td><td>available processors</td><td>I/O threads shared by clients and origins</td></tr>
 * <tr><td>maxRequestLineBytes</td><td>8 KiB</td><td>longer request line: 414</td></tr>
 * <tr><td>maxRequestHeaderBytes</td><td>16 KiB</td><td>larger header block: 431</td></tr>
 * <tr><td>maxRequestBodyBytes</td><td>10 MiB</td><td>larger body: 413 and the connection is closed</td></tr>
 * <tr><td>clientIdleTimeout</td><td>30 s</td><td>how long the edge waits on a client: an idle keep-alive connection,
 * between body chunks, and a stalled reader</td></tr>
 * <tr><td>requestHeaderTimeout</td><td>10 s</td><td>from the first byte of a request, how long its header block may take
 * to arrive; a client trickling headers (slowloris) is disconnected then, however steadily it sends</td></tr>
 * <tr><td>serverName</td><td>{@code cache-backline-local}</td><td>this node in {@code X-Served-By}</td></tr>
 * <tr><td>fastlyDebug</td><td>true</td><td>whether {@code Fastly-Debug: 1} adds {@code X-Backend},
 * {@code X-Backend-Reason} and {@code Server-Timing}</td></tr>
 * <tr><td>debugClients</td><td>{@code 127.0.0.0/8, ::1/128}</td><td>the client networks (CIDR) whose
 * {@code Fastly-Debug} is honoured</td></tr>
 * <tr><td>originIdleTimeout</td><td>60 s</td><td>how long an idle pooled origin connection is kept when the backend's
 * {@code keepalive_time} is unset (Varnish's {@code backend_idle_timeout})</td></tr>
 * <tr><td>maxResponseHeaderBytes</td><td>64 KiB</td><td>an origin's larger header block is a 503
 * {@code backend read error}</td></tr>
 * <tr><td>staging</td><td>none</td><td>the staging listener's address, serving the staged versions
 * ({@link Environment#STAGING}); {@code backline serve} and {@code backline edge} default it to
 * {@code 127.0.0.1:8001}; port {@code 0} picks a free one ({@link EdgeServer#stagingPort()})</td></tr>
 * <tr><td>tls</td><td>none</td><td>the client TLS listener's address: the production configuration over TLS, HTTP/2 or
 * HTTP/1.1 by ALPN, with the certificates of {@link EdgeServer#certificates(List)} chosen by SNI (docs/edge-tls.md);
 * {@code backline serve} and {@code backline edge} default it to {@code 127.0.0.1:8443}; port {@code 0} picks a free one
 * ({@link EdgeServer#tlsPort()})</td></tr>
 * <tr><td>warmupRequests</td><td>0 (none)</td><td>requests sent through a private copy of the edge in the background
 * once it listens, so that its request path is compiled before real traffic arrives ({@link EdgeWarmup});
 * {@code backline serve} and {@code backline edge} default it to 20000</td></tr>
 * <tr><td>accessLog</td><td>{@code off}</td><td>where the access log goes: {@code off}, {@code -} (standard output)
 * or a file path, appended to ({@link io.backline.edge.log.AccessLog}, docs/access-log.md)</td></tr>
 * <tr><td>accessLogQueue</td><td>65536</td><td>access-log lines that may wait for the writer; beyond it lines are
 * dropped and counted, never waited for</td></tr>
 * <tr><td>cacheSizeBytes</td><td>0 (no cache)</td><td>the bytes the HTTP cache may hold (docs/cache.md); 0 makes the edge a plain
 * proxy; {@code backline serve} and {@code backline edge} default it to 256 MiB</td></tr>
 * <tr><td>pop</td><td>{@code local}</td><td>the POP this edge belongs to: a backend whose {@code shield} names another POP is
 * fetched through an edge of that POP</td></tr>
 * <tr><td>advertise</td><td>none</td><td>{@code HOST:PORT} at which edges of other POPs reach this one; none: its listen address
 * when that is not a wildcard</td></tr>
 * <tr><td>transport</td><td>{@code auto}</td><td>the socket implementation: {@code auto} takes io_uring, else epoll, else
 * NIO, whichever this machine offers first; a named one that is not available fails the start</td></tr>
 * <tr><td>loopYield</td><td>true</td><td>whether an event loop gives up the CPU after each turn that did work, so that the
 * threads it shares the cores with run before it polls again: a lower tail latency and less CPU per request when there are
 * more runnable threads than cores ({@code origin.YieldingIoHandler})</td></tr>
 * <tr><td>allowUnauthenticatedPurge</td><td>false</td><td>whether a {@code PURGE} sent to the edge needs no {@code Fastly-Key}
 * (Fastly's default is open; Backline's is closed)</td></tr>
 * </table>
 */
public record EdgeConfig(String host, int port, int eventLoopThreads, int maxRequestLineBytes, int maxRequestHeaderBytes,
        long maxRequestBodyBytes, Duration clientIdleTimeout, String serverName, boolean fastlyDebug, List<String> debugClients,
        Duration originIdleTimeout, int maxResponseHeaderBytes, Duration requestHeaderTimeout, @Nullable Listen staging,
        @Nullable Listen tls, int warmupRequests, String accessLog, int accessLogQueue, long cacheSizeBytes, String pop, @Nullable String advertise,
        boolean allowUnauthenticatedPurge, IoTransport transport, boolean loopYield) {

    /** The access log's value that turns it off. */
    public static final String ACCESS_LOG_OFF = "off";

    /** The socket implementations the edge can run on (see {@code origin.Transport}). */
    public enum IoTransport {
        AUTO("auto"), IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        private final String label;

        IoTransport(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The transport {@code text} names (any case; {@code io-uring} too). */
        public static IoTransport parse(String text) {
            var wanted = text.strip().replace('-', '_');
            for (var kind : values()) {
                if (kind.label.equalsIgnoreCase(wanted)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("transport: '" + text + "' (expected: auto, io_uring, epoll or nio)");
        }
    }

    /** A listen address; port 0 picks a free one. */
    public record Listen(String host, int port) {
        public Listen {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("listen port: " + port + " (expected: 0 to 65535)");
            }
        }
    }

    public EdgeConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads: " + eventLoopThreads + " (expected: at least 1)");
        }
        positive("maxRequestLineBytes", maxRequestLineBytes);
        positive("maxRequestHeaderBytes", maxRequestHeaderBytes);
        positive("maxRequestBodyBytes", maxRequestBodyBytes);
        positive("maxResponseHeaderBytes", maxResponseHeaderBytes);
        positive("clientIdleTimeout", clientIdleTimeout.toMillis());
        positive("originIdleTimeout", originIdleTimeout.toMillis());
        positive("requestHeaderTimeout", requestHeaderTimeout.toMillis());
        if (serverName.isBlank() || serverName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("serverName: '" + serverName + "' (expected: a header-safe, non-blank name)");
        }
        if (warmupRequests < 0) {
            throw new IllegalArgumentException("warmupRequests: " + warmupRequests + " (expected: 0 or more)");
        }
        Objects.requireNonNull(accessLog, "accessLog");
        if (accessLog.isBlank()) {
            throw new IllegalArgumentException("accessLog: '' (expected: off, - for standard output, or a file path)");
        }
        positive("accessLogQueue", accessLogQueue);
        if (cacheSizeBytes < 0) {
            throw new IllegalArgumentException("cacheSizeBytes: " + cacheSizeBytes + " (expected: 0 or more)");
        }
        if (!pop.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("pop: '" + pop + "' (expected: 1 to 32 letters, digits, '_' or '-')");
        }
        Objects.requireNonNull(transport, "transport");
        debugClients = List.copyOf(debugClients);
        ClientNetworks.parse(debugClients); // fails early on a bad CIDR
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: greater than 0)");
        }
    }

    /** The defaults listed above. */
    public static EdgeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).eventLoopThreads(eventLoopThreads).maxRequestLineBytes(maxRequestLineBytes)
                .maxRequestHeaderBytes(maxRequestHeaderBytes).maxRequestBodyBytes(maxRequestBodyBytes)
                .clientIdleTimeout(clientIdleTimeout).serverName(serverName).fastlyDebug(fastlyDebug).debugClients(debugClients)
                .originIdleTimeout(originIdleTimeout).maxResponseHeaderBytes(maxResponseHeaderBytes)
                .requestHeaderTimeout(requestHeaderTimeout).staging(staging).tls(tls).warmupRequests(warmupRequests)
                .accessLog(accessLog).accessLogQueue(accessLogQueue).cacheSizeBytes(cacheSizeBytes).pop(pop).advertise(advertise)
                .allowUnauthenticatedPurge(allowUnauthenticatedPurge).transport(transport).loopYield(loopYield);
    }

    /** Builds an {@link EdgeConfig}; starts from the defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private int eventLoopThreads = Runtime.getRuntime().availableProcessors();
        private int maxRequestLineBytes = 8 * 1024;
        private int maxRequestHeaderBytes = 16 * 1024;
        private long maxRequestBodyBytes = 10L * 1024 * 1024;
        private Duration clientIdleTimeout = Duration.ofSeconds(30);
        private String serverName = "cache-backline-local";
        private boolean fastlyDebug = true;
        private List<String> debugClients = List.of("127.0.0.0/8", "::1/128");
        private Duration originIdleTimeout = Duration.ofSeconds(60);
        private int maxResponseHeaderBytes = 64 * 1024;
        private Duration requestHeaderTimeout = Duration.ofSeconds(10);
        private @Nullable Listen staging;
        private @Nullable Listen tls;
        private int warmupRequests;
        private String accessLog = ACCESS_LOG_OFF;
        private int accessLogQueue = io.backline.edge.log.AccessLog.DEFAULT_CAPACITY;
        private long cacheSizeBytes;
        private String pop = "local";
        private @Nullable String advertise;
        private boolean allowUnauthenticatedPurge;
        private IoTransport transport = IoTransport.AUTO;
        private boolean loopYield = true;

        private Builder() {}

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder eventLoopThreads(int value) {
            eventLoopThreads = value;
            return this;
        }

        public Builder maxRequestLineBytes(int value) {
            maxRequestLineBytes = value;
            return this;
        }

        public Builder maxRequestHeaderBytes(int value) {
            maxRequestHeaderBytes = value;
            return this;
        }

        public Builder maxRequestBodyBytes(long value) {
            maxRequestBodyBytes = value;
            return this;
        }

        public Builder clientIdleTimeout(Duration value) {
            clientIdleTimeout = value;
            return this;
        }

        public Builder serverName(String value) {
            serverName = value;
            return this;
        }

        public Builder fastlyDebug(boolean value) {
            fastlyDebug = value;
            return this;
        }

        public Builder debugClients(List<String> value) {
            debugClients = value;
            return this;
        }

        public Builder originIdleTimeout(Duration value) {
            originIdleTimeout = value;
            return this;
        }

        public Builder maxResponseHeaderBytes(int value) {
            maxResponseHeaderBytes = value;
            return this;
        }

        public Builder requestHeaderTimeout(Duration value) {
            requestHeaderTimeout = value;
            return this;
        }

        /** Where the staging listener binds; null for none. */
        public Builder staging(@Nullable Listen value) {
            staging = value;
            return this;
        }

        /** Requests a private copy of the edge serves in the background once it listens; 0 for none. */
        /** Where the client TLS listener binds; null (the default) for none. */
        public Builder tls(@Nullable Listen value) {
            tls = value;
            return this;
        }

        public Builder warmupRequests(int value) {
            warmupRequests = value;
            return this;
        }

        /** {@code off}, {@code -} for standard output, or a file path. */
        public Builder accessLog(String value) {
            accessLog = value;
            return this;
        }

        /** Access-log lines that may wait for the writer before new ones are dropped. */
        public Builder accessLogQueue(int value) {
            accessLogQueue = value;
            return this;
        }

        /** Bytes the HTTP cache may hold; 0 turns it off. */
        public Builder cacheSizeBytes(long value) {
            cacheSizeBytes = value;
            return this;
        }

        /** The POP this edge belongs to ({@code local} unless set). */
        public Builder pop(String value) {
            pop = value;
            return this;
        }

        /** {@code HOST:PORT} other POPs' edges reach this one at; null: the listen address when it is not a wildcard. */
        public Builder advertise(@Nullable String value) {
            advertise = value;
            return this;
        }

        /** Whether a {@code PURGE} sent to the edge is obeyed without a {@code Fastly-Key}. */
        public Builder allowUnauthenticatedPurge(boolean value) {
            allowUnauthenticatedPurge = value;
            return this;
        }

        public Builder transport(IoTransport value) {
            transport = value;
            return this;
        }

        /** Whether each event loop yields the CPU after a turn that did work. */
        public Builder loopYield(boolean value) {
            loopYield = value;
            return this;
        }

        public EdgeConfig build() {
            return new EdgeConfig(host, port, eventLoopThreads, maxRequestLineBytes, maxRequestHeaderBytes, maxRequestBodyBytes,
                    clientIdleTimeout, serverName, fastlyDebug, debugClients, originIdleTimeout, maxResponseHeaderBytes,
                    requestHeaderTimeout, staging, tls, warmupRequests, accessLog, accessLogQueue, cacheSizeBytes, pop, advertise,
                    allowUnauthenticatedPurge, transport, loopYield);
        }
    }
}
