package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.api.ApiConfig;
import io.backline.api.TlsSealer;
import io.backline.api.ApiServer;
import io.backline.api.TokenScope;
import io.backline.api.TokenService;
import io.backline.edge.BackendStatus;
import io.backline.edge.EdgeServer;
import io.backline.edge.ServedCertificate;
import io.backline.edge.ExchangeObserver;
import io.backline.edge.PurgeAuthorizer;
import io.backline.edge.RolloutCounts;
import io.backline.edge.Pops;
import io.backline.edge.health.HealthRegistry;
import io.backline.edge.metrics.EdgeMetrics;
import io.backline.edge.log.AccessLog;
import io.backline.edge.logging.LoggingDelivery;
import io.backline.store.SqliteStore;
import io.backline.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code backline serve} as an object: the embedded SQLite store and the API in one process.
 * The first start creates an admin token, keeps it in {@code DIR/admin-token} (mode 0600) and
 * reports it once through {@link #newAdminToken()}.
 *
 * <pre>{@code
 * try (var server = BacklineServer.start(ServeConfig.ephemeral(dir))) {
 *     HttpRequest.newBuilder(server.apiUri().resolve("/service")).header("Fastly-Key", server.adminToken());
 * }
 * }</pre>
 */
public final class BacklineServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BacklineServer.class.getName());
    /** The edge id the in-process edge's rollout counts are reported under. */
    static final String SERVE_EDGE_ID = "serve";
    private final SqliteStore store;
    private final StoreSnapshots edge;
    private final HealthRegistry health;
    private final LoggingDelivery logging;
    private final EdgeServer proxy;
    private final ApiServer api;
    private final TokenService tokens;
    private final ServeConfig config;
    private final String adminToken;
    private final @Nullable String newAdminToken;
    private final ProcessMetrics metrics;
    private final TokenPurgeAuthorizer purgeAuthorizer;
    private final RolloutReporter rollouts;

    private BacklineServer(ServeConfig config, SqliteStore store, StoreSnapshots edge, HealthRegistry health, LoggingDelivery logging,
            EdgeServer proxy, TokenService tokens, ApiServer api, String adminToken, @Nullable String newAdminToken,
            ProcessMetrics metrics, TokenPurgeAuthorizer purgeAuthorizer, RolloutReporter rollouts) {
        this.rollouts = rollouts;
        this.metrics = metrics;
        this.purgeAuthorizer = purgeAuthorizer;
        this.logging = logging;
        this.proxy = proxy;
        this.config = config;
        this.store = store;
        this.edge = edge;
        this.health = health;
        this.tokens = tokens;
        this.api = api;
        this.adminToken = adminToken;
        this.newAdminToken = newAdminToken;
    }

    public static BacklineServer start(ServeConfig config) {
        var dataDir = new DataDir(config.dataDir());
        dataDir.create();
        var store = SqliteStore.open(dataDir.database());
        var metrics = new ProcessMetrics();
        try {
            var clock = Clock.systemUTC();
            var tokens = new TokenService(store, clock);
            String fresh = null;
            String admin;
            if (tokens.list().isEmpty()) {
                admin = tokens.create("admin", TokenScope.GLOBAL.wire(), List.of()).secret();
                dataDir.writeAdminToken(admin);
                fresh = admin;
            } else {
                admin = readAdminToken(dataDir);
            }
            var purgeAuthorizer = new TokenPurgeAuthorizer(tokens);
            var apiConfig = ApiConfig.of(config.api().host(), config.api().port()).withWritesPerHour(config.writesPerHour())
                    .asSoleWriter().withTlsSealer(TlsSealer.loadOrCreate(dataDir.tlsKeyFile()));
            var health = new HealthRegistry();
            var edgeMetrics = new EdgeMetrics(metrics.registry(), health);
            edgeMetrics.listenTo(health);
            var logging = LoggingStatus.delivery(config.edge());
            var edge = new StoreSnapshots(store);
            var rolloutCounts = new RolloutCounts();
            edge.onSnapshot(snapshot -> {
                rolloutCounts.follow(snapshot);
                health.update(snapshot);
                edgeMetrics.follow(snapshot);
                logging.update(snapshot);
            });
            // The API starts before the proxy has bound; backend-health reads the proxy once it has.
            var proxyRef = new AtomicReference<EdgeServer>();
            // A purge reaches this process's edge before the API answers: one EdgeServer serves both the
            // live and the staging listener, with one cache, so one call covers both.
            var insight = new LocalEdgeInsight(health, id -> healthReport(edge, health, proxyRef.get(), id),
                    id -> LoggingStatus.report(id, logging), purge -> {
                        var proxy = proxyRef.get();
                        if (proxy != null) {
                            proxy.purge(FeedPurges.toEdge(purge));
                        }
                    }, config.edge().pop(), () -> proxyRef.get() == null ? Pops.EMPTY : proxyRef.get().pops());
            // The API and the edge start side by side (two cores load their classes in parallel);
            // the first snapshot is built on the reload thread, in order with any activation.
            var firstSnapshot = edge.reloadAsync();
            var observers = ExchangeObserver.all(List.of(edgeMetrics, logging, rolloutCounts));
            var proxyStart = CompletableFuture.supplyAsync(() -> EdgeServer.start(config.edge(), edge, health, observers));
            // Every change the edge follows (an activation, a TLS write) reloads the snapshot and hands the
            // edge the activated certificates, before the API answers the write.
            var apiRef = new AtomicReference<ApiServer>();
            Runnable changed = () -> {
                edge.requestReload();
                presentCertificates(apiRef.get(), proxyRef.get());
            };
            ApiServer api;
            try {
                api = ApiServer.start(apiConfig, store, tokens, clock, changed, insight, metrics.registry());
            } catch (RuntimeException e) {
                proxyStart.thenAccept(EdgeServer::close);
                throw e;
            }
            apiRef.set(api);
            EdgeServer proxy;
            try {
                firstSnapshot.join();
                proxy = proxyStart.join();
                proxyRef.set(proxy);
                presentCertificates(api, proxy);
                proxy.purgeAuthorizer(config.edge().allowUnauthenticatedPurge() ? PurgeAuthorizer.OPEN : purgeAuthorizer);
                shielding(config, api, proxy);
                edgeMetrics.bind(proxy);
                edgeMetrics.bind(logging);
            } catch (CompletionException e) {
                api.close();
                logging.close();
                proxyStart.thenAccept(EdgeServer::close);
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            // The in-process edge reports its rollout counts straight to the API's evidence sink (issue 19).
            var reporter = new RolloutReporter(SERVE_EDGE_ID, rolloutCounts, api.rolloutEvidence()).start();
            return new BacklineServer(config, store, edge, health, logging, proxy, tokens, api, admin, fresh, metrics, purgeAuthorizer,
                    reporter);
        } catch (RuntimeException e) {
            metrics.close();
            store.close();
            throw e;
        }
    }

    /**
     * Hands the edge the TLS API's activated certificates (keys opened in memory). A failure leaves
     * the edge with the certificates it had and is logged: a TLS key that no longer opens them (a
     * replaced {@code tls-key} file) must not stop configuration changes.
     */
    private static void presentCertificates(@Nullable ApiServer api, @Nullable EdgeServer proxy) {
        if (api == null || proxy == null) {
            return;
        }
        try {
            proxy.certificates(ServedCertificates.of(api.servedCertificates()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "edge: TLS certificates not updated, the previous ones stay: " + e.getMessage(), e);
        }
    }

    /**
     * The edge of this process is a member of its POP (docs/shielding.md): listed by
     * {@code GET /datacenters}, offered to edge nodes as a shield when it has an address, and
     * routing its own shielded requests by the POPs the API knows.
     */
    private static void shielding(ServeConfig config, ApiServer api, EdgeServer proxy) {
        var address = proxy.shieldAddress();
        var pop = config.edge().pop();
        if (address.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, () -> "edge: listening on " + config.edge().host() + " with no --advertise: POP " + pop
                    + " gets no shield address from this edge, so edges of other POPs cannot fetch through it");
        }
        api.localEdge(pop, address.orElse(null));
        api.onPops(pops -> proxy.pops(Pops.of(pops)));
    }

    private static JsonNode healthReport(StoreSnapshots edge, HealthRegistry health,
            @Nullable EdgeServer proxy, String serviceId) {
        var node = Json.object();
        node.put("service_id", serviceId);
        var service = edge.get().service(serviceId);
        if (service == null || proxy == null) {
            node.putNull("version");
            node.putArray("backends");
            node.putArray("directors");
            return node;
        }
        node.put("version", service.version());
        node.set("backends", Json.mapper().valueToTree(BackendStatus.of(service, health, proxy)));
        node.set("directors", Json.mapper().valueToTree(io.backline.edge.DirectorStatus.of(service, health)));
        return node;
    }

    private static String readAdminToken(DataDir dataDir) {
        try {
            var file = dataDir.adminTokenFile();
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The TLS certificates the edge presents now (from the TLS API's activations). */
    public List<ServedCertificate> certificates() {
        return proxy.certificates();
    }

    public URI apiUri() {
        return new HostPort(config.api().host(), api.port()).httpUri();
    }

    public int apiPort() {
        return api.port();
    }

    /** Where the edge serves traffic through the active versions. */
    public URI edgeUri() {
        return new HostPort(config.edge().host(), proxy.port()).httpUri();
    }

    /** Where the edge serves clients over TLS (HTTP/2 and HTTP/1.1), or null without a TLS listener. */
    public @Nullable URI tlsUri() {
        var tls = config.edge().tls();
        return tls == null ? null : URI.create("https://" + new HostPort(tls.host(), proxy.tlsPort()) + "/");
    }

    /** {@code openssl (BoringSSL)} or {@code jdk}: who does the edge's client TLS. */
    public String tlsProvider() {
        return proxy.tlsProvider();
    }

    /** Where the edge serves the staged versions, or null without a staging listener. */
    public @Nullable URI stagingUri() {
        var staging = config.edge().staging();
        return staging == null ? null : new HostPort(staging.host(), proxy.stagingPort()).httpUri();
    }

    /** The admin token kept in the data directory (empty if an operator removed that file). */
    public String adminToken() {
        return adminToken;
    }

    /** The admin token when this start created it, to be shown once. */
    public @Nullable String newAdminToken() {
        return newAdminToken;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** The in-process edge's access log, when {@code --access-log} is on. */
    public Optional<AccessLog> accessLog() {
        return proxy.accessLog();
    }

    /** The logging endpoints' senders, with their counters. */
    public LoggingDelivery logging() {
        return logging;
    }

    @Override
    public void close() {
        rollouts.close();
        api.close();
        proxy.close();
        purgeAuthorizer.close();
        logging.close(); // after the edge: the last requests' lines are queued, and get a moment to go out
        edge.close();
        health.close();
        store.close();
        metrics.close();
    }
}
