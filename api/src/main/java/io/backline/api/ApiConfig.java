package io.backline.api;

/**
 * Settings of the control plane.
 *
 * @param host address to listen on ({@code 127.0.0.1} by default)
 * @param port port to listen on; 0 picks a free one
 * @param maxBodyBytes largest accepted request body (1 MiB by default; PEM bundles fit easily)
 * @param writesPerHour non-read requests each token may make per hour; 0 means unlimited
 * @param soleWriter whether this process is the only writer of configuration to its store (true
 *     for backline serve on its own SQLite file; false when several API nodes share a database)
 * @param tlsSealer seals the TLS API's private keys in the store ({@code DIR/tls-key} or the
 *     operator's {@code --tls-key-file}; every node of one database needs the same key). {@link #of}
 *     gives an {@link TlsSealer#ephemeral() ephemeral} one, for tests
 */
public record ApiConfig(String host, int port, int maxBodyBytes, int writesPerHour, boolean soleWriter, TlsSealer tlsSealer) {
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    public static final int DEFAULT_WRITES_PER_HOUR = 10_000;

    public ApiConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: at least 1)");
        }
        if (writesPerHour < 0) {
            throw new IllegalArgumentException("writesPerHour: " + writesPerHour + " (expected: 0 or more)");
        }
    }

    /**
     * The defaults, safe wherever other API nodes may share the store: not a sole writer (no hot-read
     * cache, rate limits counted in the store). A process that owns its store says so with {@link
     * #asSoleWriter()}.
     */
    public static ApiConfig of(String host, int port) {
        return new ApiConfig(host, port, DEFAULT_MAX_BODY, DEFAULT_WRITES_PER_HOUR, false, TlsSealer.ephemeral());
    }

    /** This configuration for the only writer of its store ({@code backline serve} on its own SQLite file). */
    public ApiConfig asSoleWriter() {
        return new ApiConfig(host, port, maxBodyBytes, writesPerHour, true, tlsSealer);
    }

    public ApiConfig withWritesPerHour(int limit) {
        return new ApiConfig(host, port, maxBodyBytes, limit, soleWriter, tlsSealer);
    }

    /** This configuration with the TLS key of the data directory or the operator. */
    public ApiConfig withTlsSealer(TlsSealer sealer) {
        return new ApiConfig(host, port, maxBodyBytes, writesPerHour, soleWriter, sealer);
    }
}
