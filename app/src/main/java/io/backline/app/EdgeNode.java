package io.backline.app;

import io.backline.edge.ActiveVersion;
import io.backline.edge.EdgeConfig;
import io.backline.edge.EdgeException;
import io.backline.edge.EdgeServer;
import io.backline.edge.ServedCertificate;
import io.backline.edge.Purge;
import io.backline.edge.PurgeAuthorizer;
import io.backline.edge.ExchangeObserver;
import io.backline.edge.Pops;
import io.backline.edge.RolloutCandidate;
import io.backline.edge.RolloutCounts;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.health.HealthRegistry;
import io.backline.edge.metrics.EdgeMetrics;
import io.backline.edge.log.AccessLog;
import io.backline.edge.logging.LoggingDelivery;
import io.backline.edge.SnapshotCompiler;
import io.backline.wire.EdgeFeed;
import io.backline.wire.EdgeFeedCertificates;
import io.backline.wire.EdgeFeedPurges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code backline edge}: the edge without database access. It follows the active configuration (and
 * the staged one, served on its staging listener)
 * through any API node's edge feed ({@link FeedClient}): the full configuration at connect, then each
 * changed service as it changes. It moves to the next API node with backoff when one fails, keeps
 * the last configuration on disk ({@link KeptSnapshot}) so it starts and serves while no API node
 * answers, and acknowledges what it serves by its next feed call. Its parts: the feed client, the
 * kept snapshot, the admin server ({@link EdgeAdminServer}) and the edge id ({@link EdgeId}); this
 * class holds what is served and builds the edge's snapshot from it.
 *
 * <pre>{@code
 * try (var edge = EdgeNode.start(new EdgeNode.Settings(List.of(URI.create("http://api-1:8080")), token,
 *         new HostPort("0.0.0.0", 8000), Path.of("/var/lib/backline-edge"), null))) {
 *     System.out.println(edge.edgeId() + " serves " + edge.servedVersions());
 * }
 * }</pre>
 */
public final class EdgeNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EdgeNode.class.getName());

    /**
     * @param controlPlanes the API nodes, tried in order and in turn when one fails
     * @param edge the edge's listen address and limits
     * @param stateDir where the last configuration ({@code snapshot.json}) and the edge id live
     * @param edgeId how the API lists this edge; null for the one kept in the state directory
     * @param admin where {@code /metrics} and {@code /ready} answer; null for nowhere
     */
    public record Settings(List<URI> controlPlanes, String token, EdgeConfig edge, Path stateDir, @Nullable String edgeId,
            @Nullable HostPort admin) {
        public Settings {
            controlPlanes = List.copyOf(controlPlanes);
            if (controlPlanes.isEmpty()) {
                throw new IllegalArgumentException("--control-plane: at least one API node URL");
            }
        }

        /** The edge's defaults, listening at {@code listen}. */
        public Settings(List<URI> controlPlanes, String token, HostPort listen, Path stateDir, @Nullable String edgeId,
                @Nullable HostPort admin) {
            this(controlPlanes, token, EdgeConfig.builder().host(listen.host()).port(listen.port()).build(), stateDir, edgeId, admin);
        }

        public Settings(List<URI> controlPlanes, String token, HostPort listen, Path stateDir, @Nullable String edgeId) {
            this(controlPlanes, token, listen, stateDir, edgeId, null);
        }
    }

    private final String edgeId;
    private final KeptSnapshot kept;
    private final HealthRegistry health = new HealthRegistry();
    private final ProcessMetrics metrics = new ProcessMetrics();
    private final EdgeMetrics edgeMetrics = new EdgeMetrics(metrics.registry(), health);
    private final LoggingDelivery logging;
    /** Answers per version of each rollout served, sent to the API by {@link #reporter}. */
    private final RolloutCounts rolloutCounts = new RolloutCounts();
    private final AtomicReference<EdgeSnapshot> snapshot = new AtomicReference<>(EdgeSnapshot.EMPTY);
    private volatile Served served = Served.NONE;
    /** The last purge sequence applied; -1 until the first feed answer (a new process's cache is empty, so it starts from there). */
    private volatile long purged = -1;
    private final Counter purgesApplied;
    private final Counter purgeResets;
    private final EdgeServer server;
    private final FeedClient feed;
    private final RolloutReportClient reporter;
    private final @Nullable EdgeAdminServer admin;

    private EdgeNode(Settings settings) throws IOException {
        Files.createDirectories(settings.stateDir());
        this.edgeId = EdgeId.of(settings.edgeId(), settings.stateDir());
        this.kept = new KeptSnapshot(settings.stateDir(), edgeId);
        this.logging = LoggingStatus.delivery(settings.edge());
        var last = kept.load();
        if (last != null) {
            apply(last, false);
            LOG.log(Level.INFO, () -> "edge " + edgeId + ": serving the kept configuration (revision " + last.revision() + ", "
                    + last.services().size() + " services) until an API node answers");
        }
        edgeMetrics.listenTo(health);
        this.server = EdgeServer.start(settings.edge(), snapshot::get, health, ExchangeObserver.all(List.of(edgeMetrics, logging,
                rolloutCounts)));
        var planes = settings.controlPlanes();
        server.purgeAuthorizer(settings.edge().allowUnauthenticatedPurge() ? PurgeAuthorizer.OPEN
                : new ControlPlanePurgeAuthorizer(() -> {
                    var now = connectedTo();
                    return now == null ? planes.getFirst() : now;
                }, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()));
        edgeMetrics.bind(server);
        edgeMetrics.bind(logging);
        feedGauges();
        this.purgesApplied = Counter.builder("backline.edge.feed.purges").description("Purges applied from the feed.")
                .register(metrics.registry());
        this.purgeResets = Counter.builder("backline.edge.feed.purge.resets")
                .description("Times the feed said to empty the cache instead (at start, or after an absence longer than the API keeps"
                        + " purges).").register(metrics.registry());
        this.admin = settings.admin() == null ? null : EdgeAdminServer.start(settings.admin(), this);
        var shieldAddress = server.shieldAddress();
        if (shieldAddress.isEmpty()) {
            LOG.log(Level.WARNING, () -> "edge " + edgeId + ": listening on " + settings.edge().host() + " with no --advertise: POP "
                    + settings.edge().pop() + " gets no shield address from this edge, so edges of other POPs cannot fetch through it");
        } else {
            LOG.log(Level.INFO, () -> "edge " + edgeId + ": POP " + settings.edge().pop() + ", reached by other POPs at "
                    + shieldAddress.get());
        }
        var membership = new FeedClient.Membership(settings.edge().pop(), shieldAddress.orElse(null));
        this.feed = new FeedClient(settings.controlPlanes(), settings.token(), edgeId, membership, new FeedClient.Receiver() {
            @Override
            public Served served() {
                return served;
            }

            @Override
            public void advance(long revision) {
                served = served.at(revision);
            }

            @Override
            public boolean apply(Served next) {
                return EdgeNode.this.apply(next, true);
            }

            @Override
            public long purged() {
                return purged;
            }

            @Override
            public void purge(EdgeFeedPurges.Answer answer) {
                EdgeNode.this.purge(answer);
            }

            @Override
            public void pops(Map<String, List<String>> pops) {
                server.pops(Pops.of(pops));
            }

            @Override
            public void certificates(List<EdgeFeedCertificates.Certificate> certificates) {
                // Never into the kept snapshot: private keys stay in memory (docs/edge-tls.md).
                server.certificates(ServedCertificates.of(certificates));
                LOG.log(Level.INFO, () -> "edge " + edgeId + ": " + certificates.size() + " TLS certificates for "
                        + certificates.stream().mapToInt(c -> c.domains().size()).sum() + " domains");
            }
        });
        feed.start();
        this.reporter = new RolloutReportClient(rolloutCounts, () -> {
            var now = connectedTo();
            return now == null ? planes.getFirst() : now;
        }, settings.token(), edgeId);
        reporter.start();
    }

    public static EdgeNode start(Settings settings) {
        try {
            return new EdgeNode(settings);
        } catch (IOException e) {
            throw new IllegalStateException("edge: cannot use the state directory " + settings.stateDir() + ": " + e.getMessage(), e);
        }
    }

    /** The admin listener's port, or -1 without one. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public String edgeId() {
        return edgeId;
    }

    public int port() {
        return server.port();
    }

    /** The feed revision of the configuration served now (0 before any). */
    public long revision() {
        return served.revision();
    }

    /** Purges applied from the feed, one by one. */
    long purgesApplied() {
        return (long) purgesApplied.count();
    }

    /** Times the feed told this edge to empty its cache instead of applying purges. */
    long purgeResets() {
        return (long) purgeResets.count();
    }

    /** The last purge sequence this edge applied (-1 before its first feed answer). */
    public long purged() {
        return purged;
    }

    /**
     * Applies one feed answer's purges in order, or its reset: every service this edge serves,
     * active or staged, is emptied from the cache, since purges it should have applied are gone from
     * the log.
     */
    private void purge(EdgeFeedPurges.Answer answer) {
        if (answer.reset()) {
            var services = new java.util.TreeSet<String>(served.services().keySet());
            services.addAll(served.staged().keySet());
            services.forEach(id -> server.purge(new Purge.All(id)));
            purgeResets.increment();
            if (purged >= 0) {
                LOG.log(Level.INFO, () -> "edge " + edgeId + ": purges after " + purged + " are no longer kept; emptied the cache of "
                        + services.size() + " services and going on from purge " + answer.purged());
            }
        } else {
            for (var item : answer.purges()) {
                try {
                    server.purge(FeedPurges.toEdge(item));
                    purgesApplied.increment();
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "edge " + edgeId + ": purge " + item.seq() + " skipped: " + e.getMessage());
                }
            }
        }
        purged = answer.purged();
    }

    /** The API node the feed follows now, null while none answers. */
    public @Nullable URI connectedTo() {
        return feed == null ? null : feed.connectedTo();
    }

    /** Each service served now and its version. */
    public Map<String, Integer> servedVersions() {
        return served.versions();
    }

    /** Each service whose staged version the staging listener serves now, and that version. */
    public Map<String, Integer> stagedVersions() {
        return served.stagedVersions();
    }

    /** The POPs and their edges' addresses this edge routes shielded requests by (from the last sync answer). */
    /** The TLS certificates this edge presents now, as the feed delivered them (held in memory only). */
    public List<ServedCertificate> certificates() {
        return server.certificates();
    }

    public Pops pops() {
        return server.pops();
    }

    /** The TLS listener's port, or -1 without one. */
    public int tlsPort() {
        return server.tlsPort();
    }

    /** {@code openssl (BoringSSL)} or {@code jdk}: who does the client TLS. */
    public String tlsProvider() {
        return server.tlsProvider();
    }

    /** The staging listener's port, or -1 without one. */
    public int stagingPort() {
        return server.stagingPort();
    }

    /** The access log, when {@code --access-log} is on. */
    public Optional<AccessLog> accessLog() {
        return server.accessLog();
    }

    /** The logging endpoints' senders, with their counters. */
    public LoggingDelivery logging() {
        return logging;
    }

    /** The process's registry: the edge's series, the feed's and the JVM's, for the admin listener. */
    PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    /** What the feed serves, read at each scrape. */
    private void feedGauges() {
        var registry = metrics.registry();
        Gauge.builder("backline.edge.feed.revision", this, EdgeNode::revision)
                .description("The feed revision of the configuration served.").strongReference(true).register(registry);
        Gauge.builder("backline.edge.feed.connected", this, node -> node.connectedTo() == null ? 0 : 1)
                .description("1 while an API node answers the feed.").strongReference(true).register(registry);
        Gauge.builder("backline.edge.feed.purged", this, EdgeNode::purged)
                .description("The last purge sequence applied (-1 before the first feed answer).").strongReference(true).register(registry);
        Gauge.builder("backline.edge.services", this, node -> node.servedVersions().size())
                .description("Services served.").strongReference(true).register(registry);
        Gauge.builder("backline.edge.staged.services", this, node -> node.stagedVersions().size())
                .description("Services whose staged version the staging listener serves.").strongReference(true).register(registry);
    }

    /** Builds and swaps in a configuration, then keeps it on disk; false (nothing changed) when it does not build. */
    private boolean apply(Served next, boolean persist) {
        EdgeSnapshot built;
        try {
            built = SnapshotCompiler.compile(next.revision(), next.services().values().stream().map(EdgeNode::active).toList(),
                    next.staged().values().stream().map(staged -> active(staged.service())).toList(), rollouts(next),
                    snapshot.get());
        } catch (EdgeException e) {
            LOG.log(Level.ERROR, "edge " + edgeId + ": configuration of revision " + next.revision()
                    + " rejected, the previous one keeps serving: " + e.getMessage());
            return false;
        }
        health.update(built); // probes learn new backends before they take traffic
        edgeMetrics.follow(built);
        logging.update(built); // and senders are ready for the new version's first line
        rolloutCounts.follow(built); // a new rollout is counted from its first request
        snapshot.set(built);
        served = next;
        if (persist) {
            kept.save(next);
        }
        return true;
    }

    /** The splits of the services in a rollout: each candidate beside its service's active version. */
    private static List<RolloutCandidate> rollouts(Served next) {
        var candidates = new java.util.ArrayList<RolloutCandidate>();
        next.services().values().forEach(service -> {
            var split = service.split();
            if (split != null) {
                candidates.add(new RolloutCandidate(split.rolloutId(), split.stepIndex(), split.percent(), active(split.candidate())));
            }
        });
        return candidates;
    }

    /** The split of each service in a rollout this edge serves now: its rollout, step and percent. */
    public Map<String, EdgeFeed.Split> rollouts() {
        var splits = new java.util.TreeMap<String, EdgeFeed.Split>();
        served.services().values().forEach(service -> {
            var split = service.split();
            if (split != null) {
                splits.put(service.serviceId(), split);
            }
        });
        return splits;
    }

    private static ActiveVersion active(EdgeFeed.Service service) {
        return ActiveVersion.of(service.serviceId(), service.version(), service::objects);
    }

    @Override
    public void close() {
        feed.close();
        reporter.close();
        if (admin != null) {
            admin.close();
        }
        server.close();
        logging.close();
        health.close();
        metrics.close();
    }
}
