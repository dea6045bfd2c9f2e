package io.backline.app;

import io.backline.api.ApiConfig;
import io.backline.api.ApiServer;
import io.backline.api.TlsSealer;
import io.backline.api.TokenScope;
import io.backline.api.TokenService;
import io.backline.edge.health.HealthView;
import io.backline.model.ConfigException;
import io.backline.store.ConfigStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code backline api}: a stateless API node on a shared database. Any number of them may run
 * behind a load balancer: all state (configuration, tokens, rate-limit counters, edge reports)
 * is in the database, and edges connect to any of them.
 *
 * <pre>{@code
 * try (var node = ApiNode.start(Databases.open("postgresql://backline:secret@db:5432/backline"), new HostPort("0.0.0.0", 8080), 10_000)) {
 *     System.out.println(node.apiUri());
 * }
 * }</pre>
 */
public final class ApiNode implements AutoCloseable {
    private final ConfigStore store;
    private final ApiServer api;
    private final String host;
    private final @Nullable String newAdminToken;
    private final ProcessMetrics metrics;

    private ApiNode(ConfigStore store, ApiServer api, String host, @Nullable String newAdminToken, ProcessMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.api = api;
        this.host = host;
        this.newAdminToken = newAdminToken;
    }

    /** Starts on an open store, which it closes when it stops; with no TLS key, the TLS API refuses private keys. */
    public static ApiNode start(ConfigStore store, HostPort listen, int writesPerHour) {
        return start(store, listen, writesPerHour, TlsSealer.none());
    }

    /**
     * Starts with the TLS key that seals private keys in the store ({@code --tls-key-file}): every
     * node of one database needs the same one.
     */
    public static ApiNode start(ConfigStore store, HostPort listen, int writesPerHour, TlsSealer tlsSealer) {
        var metrics = new ProcessMetrics();
        try {
            var clock = Clock.systemUTC();
            var tokens = new TokenService(store, clock);
            String fresh = null;
            if (tokens.list().isEmpty()) {
                // The first node on an empty database makes the admin token; a second one racing it
                // may make another, and both are valid.
                fresh = tokens.create("admin", TokenScope.GLOBAL.wire(), List.of()).secret();
            }
            // Other nodes write to the same database: no hot-read cache, rate limits counted in it.
            var config = ApiConfig.of(listen.host(), listen.port()).withWritesPerHour(writesPerHour).withTlsSealer(tlsSealer);
            // Explain needs no live edge: it compiles the version it is asked about. Live health is
            // each edge node's own, so this node has none to report.
            var insight = new LocalEdgeInsight(HealthView.ALL_HEALTHY, id -> {
                throw ConfigException.notFound(
                        "backend-health is answered where an edge runs (backline serve); an API node has no probes of its own");
            });
            var api = ApiServer.start(config, store, tokens, clock, () -> {}, insight, metrics.registry());
            return new ApiNode(store, api, listen.host(), fresh, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            store.close();
            throw e;
        }
    }

    public URI apiUri() {
        return new HostPort(host, api.port()).httpUri();
    }

    public int port() {
        return api.port();
    }

    /** The admin token when this start created it (an empty database), to be shown once. */
    public @Nullable String newAdminToken() {
        return newAdminToken;
    }

    @Override
    public void close() {
        api.close();
        store.close();
        metrics.close();
    }
}
