package io.backline.api;

import io.backline.condition.StandardKinds;
import io.backline.console.Console;
import io.backline.model.Kinds;
import io.backline.store.ConfigStore;
import io.backline.wire.EdgeFeedCertificates;
import io.backline.wire.Json;
import io.backline.wire.Shapes;
import io.helidon.common.socket.SocketOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's HTTP server: Helidon SE on virtual threads, one catch-all route that hands
 * every request to the {@link ApiPipeline}. Helidon gives the raw path, so {@code %2F} inside a
 * name reaches the router intact.
 *
 * <pre>{@code
 * try (var api = ApiServer.start(ApiConfig.of("127.0.0.1", 0), store, tokens, Clock.systemUTC())) {
 *     System.out.println(api.port());
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final int MAX_HEADERS_BYTES = 16 * 1024;
    private static final int MAX_PROLOGUE_BYTES = 8 * 1024;

    private final WebServer server;

    private final RevisionWatch watch;
    private final ApiPipeline pipeline;
    private final PopDirectory pops;
    private final RolloutEvidence evidence;
    private final RolloutScheduler scheduler;
    private final TlsService tls;

    private ApiServer(WebServer server, RevisionWatch watch, ApiPipeline pipeline, PopDirectory pops, RolloutEvidence evidence,
            RolloutScheduler scheduler, TlsService tls) {
        this.scheduler = scheduler;
        this.tls = tls;
        this.server = server;
        this.watch = watch;
        this.pipeline = pipeline;
        this.pops = pops;
        this.evidence = evidence;
    }

    /** Assembles the routes and starts listening. */
    public static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock) {
        return start(config, store, tokens, clock, () -> {});
    }

    /** Starts with a hook that runs after every committed activation or deactivation. */
    public static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation) {
        return start(config, store, tokens, clock, onActivation, null);
    }

    /** Starts with an activation hook and the edge of the same process for explain and backend-health. */
    public static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight) {
        return start(config, store, tokens, clock, onActivation, insight, StandardKinds.KINDS);
    }

    /**
     * Starts with the process's meter registry: the API records its series there and
     * {@code GET /_backline/metrics} answers the registry's whole scrape (the JVM's and an edge's
     * of the same process included).
     */
    public static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight, PrometheusMeterRegistry registry) {
        return start(config, store, tokens, clock, onActivation, insight, StandardKinds.KINDS, DomainResolver.SYSTEM, registry);
    }

    /** Starts serving the given object kinds: {@link StandardKinds#KINDS}, or those and a test's own. */
    public static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight, Kinds kinds) {
        return start(config, store, tokens, clock, onActivation, insight, kinds, DomainResolver.SYSTEM);
    }

    /** Starts with the resolver domain checks use (tests hand in their own, so that none needs DNS), and a registry of its own. */
    static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight, Kinds kinds, DomainResolver resolver) {
        return start(config, store, tokens, clock, onActivation, insight, kinds, resolver,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static ApiServer start(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight, Kinds kinds, DomainResolver resolver, PrometheusMeterRegistry registry) {
        var watch = new RevisionWatch(store, config.soleWriter());
        Runnable activated = () -> {
            watch.changed();
            onActivation.run();
        };
        var pops = new PopDirectory(new TimedStore(store, registry), clock, watch);
        var built = pipeline(config, store, tokens, clock, activated, insight, watch, kinds, resolver, registry, pops);
        var pipeline = built.pipeline();
        var console = Console.load();
        var server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                // Without it a large answer's last segment waits for the client's delayed ACK
                // (about 40 ms on Linux): the list of 1,000 backends hit that on one answer in seven.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .addProtocol(Http1Config.builder()
                        .maxHeadersSize(MAX_HEADERS_BYTES)
                        .maxPrologueLength(MAX_PROLOGUE_BYTES)
                        .build())
                .directHandlers(transportErrors(pipeline))
                .routing(routing -> routing.any((req, res) -> serve(pipeline, console, config.maxBodyBytes(), req, res)))
                .build()
                .start();
        if (server.port() < 0) {
            // Helidon logs a listener that failed to bind and goes on without it; a server with no API
            // would only hang its callers, so the start fails here and says which address.
            server.stop();
            throw new IllegalStateException("api: cannot listen on " + config.host() + ":" + config.port()
                    + " (another process holds that port, or the address is not this machine's)");
        }
        return new ApiServer(server, watch, pipeline, pops, built.evidence(), new RolloutScheduler(built.rollouts(), registry).start(),
                built.tls());
    }

    /** The pipeline, and the parts the server runs beside it: the rollouts', and the TLS service serve's edge reads. */
    record Built(ApiPipeline pipeline, RolloutService rollouts, RolloutEvidence evidence, TlsService tls) {}

    static Built pipeline(ApiConfig config, ConfigStore store, TokenService tokens, Clock clock, Runnable onActivation,
            @Nullable EdgeInsight insight, RevisionWatch watch, Kinds kinds, DomainResolver resolver, PrometheusMeterRegistry registry,
            PopDirectory pops) {
        var timed = new TimedStore(store, registry);
        // Edges' rollout counts: the feed's reports (edge nodes) and serve's own edge arrive here.
        var evidence = new RolloutEvidence(timed);
        // backline serve owns its SQLite file: the only other writer, `backline token`, writes
        // tokens only, so hot object reads may skip the database between this process's writes.
        var counting = new WriteCountingStore(timed);
        // Every write that moves the revision (activation, staging, an edit of a staged version)
        // runs the hook once, after its commit: ConfigService needs no hook of its own.
        var service = new ConfigService(new RevisionNotifyingStore(counting, onActivation), clock);
        var objects = new ObjectService(service);
        var reads = new CachedObjectReads(objects, config.soleWriter() ? counting : null);
        var router = new Router()
                .addPublic("GET", "realms/fastly/.well-known/openid-configuration", call -> ApiResponse.ok(Json.object()))
                .addPublic("GET", "_backline/ping", call -> ApiResponse.ok(Shapes.ok()));
        new TokenHandlers().register(router);
        new ServiceHandlers(service, kinds).register(router);
        new VersionHandlers(service).register(router);
        var rollouts = new RolloutService(service);
        new RolloutHandlers(rollouts).register(router);
        new StagingHandlers(new StagingService(service)).register(router);
        new InsightHandlers(service, kinds, insight).register(router);
        // One TLS service for its routes, the feed and serve's edge: what edges present is read once per revision.
        // Through the notifying store: every TLS write bumps the revision, which wakes edge feeds and serve's edge.
        var tls = new TlsService(new RevisionNotifyingStore(timed, onActivation), config.tlsSealer(), clock);
        new EdgeFeedHandlers(timed, watch, clock, kinds, pops, evidence, tls).register(router);
        new DatacenterHandlers(pops).register(router);
        new PurgeHandlers(new PurgeService(timed, clock, insight == null ? purge -> { } : insight::purged, watch::changed))
                .register(router);
        // Before the domain's object routes: check_all is a path, not a domain name.
        new DomainHandlers(service, reads, resolver).register(router);
        var singletons = new SingletonService(service);
        new SettingsHandlers(singletons).register(router);
        new Http3Handlers(singletons).register(router);
        for (var kind : kinds.all()) {
            // Singletons (settings, http3) have their own routes above; the rest are named lists.
            if (!kind.singleton()) {
                new ObjectHandlers(objects, reads, kind.rules()).register(router);
            }
        }
        new DirectorBackendHandlers(new DirectorMembers(service)).register(router);
        new TlsHandlers(tls).register(router);
        new UnservedKindHandlers(service, kinds).register(router);
        var pipeline = new ApiPipeline(router, tokens, new RateLimiter(config.writesPerHour(), clock, config.soleWriter() ? null : timed),
                config.maxBodyBytes(), new ApiMetrics(registry));
        Gauge.builder("backline.config.revision", watch, RevisionWatch::revision)
                .description("Configuration changes the edges follow so far: activations, deactivations, staging and edits of staged"
                        + " versions (the edge feed's revision).")
                .strongReference(true).register(registry);
        // Public like the ping: counters only, for a scraper on the operators' network.
        router.addPublic("GET", "_backline/metrics", call -> ApiResponse.metrics(MetricsScrape.of(registry, call.accept())));
        return new Built(pipeline, rollouts, evidence, tls);
    }

    /**
     * Requests Helidon refuses before routing (a malformed request line, headers over the limit)
     * still get Fastly's JSON envelope, never an empty body that clients report as "Undefined error",
     * and a request id like every other answer.
     */
    private static DirectHandlers transportErrors(ApiPipeline pipeline) {
        var builder = DirectHandlers.builder();
        for (var type : DirectHandler.EventType.values()) {
            builder.addHandler(type, (request, event, status, headers, message) -> {
                var msg = switch (status.code()) {
                    case 413 -> "Request entity too large";
                    case 431 -> "Request header fields too large";
                    case 400 -> "Bad request";
                    default -> status.reasonPhrase();
                };
                var detail = transportDetail(status.code(), request.path(), message);
                var error = new ApiResponse(status.code(), Shapes.error(msg, detail), java.util.Map.of("content-type", "application/json"));
                // The TLS API's clients read JSON:API errors, also for a request refused before routing.
                if (request.path().startsWith("/tls/")) {
                    error = ApiErrors.asJsonApi(error);
                }
                return DirectHandler.TransportResponse.builder()
                        .status(status)
                        .headers(headers)
                        .header(HeaderNames.CONTENT_TYPE, error.headers().get("content-type"))
                        .header(HeaderNames.create(ApiPipeline.REQUEST_ID_HEADER), pipeline.nextRequestId())
                        .entity(error.bytes())
                        .keepAlive(false)
                        .build();
            });
        }
        return builder.build();
    }

    /** What Helidon refused, always with a detail: Fastly's error shape has one. */
    static String transportDetail(int status, String target, @Nullable String message) {
        return switch (status) {
            case 400 -> badRequestDetail(target, message);
            case 414 -> "request line: longer than " + MAX_PROLOGUE_BYTES + " bytes (expected: a method, path and query of at most "
                    + MAX_PROLOGUE_BYTES + " bytes)";
            case 431 -> "headers: more than " + MAX_HEADERS_BYTES + " bytes (expected: at most " + MAX_HEADERS_BYTES + " bytes of headers)";
            default -> message == null || message.isBlank() ? "request: refused before routing (" + status + ")" : message;
        };
    }

    /** Names the part of the request Helidon refused: a broken escape in the path or the query. */
    static String badRequestDetail(String target, @Nullable String message) {
        int query = target.indexOf('?');
        var path = query < 0 ? target : target.substring(0, query);
        var escape = Pattern.compile("%(?![0-9A-Fa-f]{2})");
        if (escape.matcher(path).find()) {
            return "path: broken percent-escape in '" + path + "' (expected: %XX with two hex digits)";
        }
        if (query >= 0 && escape.matcher(target.substring(query + 1)).find()) {
            return "query: broken percent-escape in '" + target.substring(query + 1) + "' (expected: %XX with two hex digits)";
        }
        // Helidon hands over the path without its query, and refuses oversized or malformed headers
        // with the same 400 and no message, so a refused request with a sound path had one of those.
        return "request: a broken percent-escape or a character not allowed in the query, or headers that are malformed or "
                + "over " + MAX_HEADERS_BYTES + " bytes" + (message == null || message.isBlank() ? "" : " (" + message + ")")
                + " (expected: %XX with two hex digits, at most " + MAX_HEADERS_BYTES + " bytes of headers)";
    }

    private static void serve(ApiPipeline pipeline, Console console, int maxBodyBytes, ServerRequest req, ServerResponse res) {
        // The console owns GET / and /console/...: one test of the path, so API requests pay nothing more.
        if (Console.claims(req.prologue().method().text(), req.path().rawPath())) {
            var answer = console.answer(req.path().rawPath(), req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null));
            if (answer.isPresent()) {
                res.status(Status.create(answer.get().status()));
                answer.get().headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
                res.send(answer.get().body());
                return;
            }
        }
        var headers = new HashMap<String, String>();
        for (var header : req.headers()) {
            headers.put(header.name().toLowerCase(Locale.ROOT), header.get());
        }
        var rawQuery = req.query().rawValue();
        long length = req.headers().contentLength().orElse(-1L);
        var method = req.prologue().method().text();
        var body = req.content().inputStream();
        var response = pipeline.handle(new ApiPipeline.Request(method, req.path().rawPath(), rawQuery.isEmpty() ? null : rawQuery, headers,
                length, body));
        if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
            drain(body, maxBodyBytes);
        }
        res.status(Status.create(response.status()));
        response.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.send(response.body());
    }

    /**
     * Reads and drops a body the pipeline does not read (GET, HEAD, DELETE), up to the body limit: a
     * connection closed with unread bytes is reset, and a client still reading a large answer (the
     * metrics scrape) then loses it. A larger body is left unread; that connection is not kept.
     */
    private static void drain(java.io.InputStream body, int maxBodyBytes) {
        try (var in = body) {
            var buffer = new byte[8192];
            long left = maxBodyBytes;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= read;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // The client went away or sent a broken body: nothing to answer it anyway.
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * Makes the edge running in this process ({@code backline serve}) a member of POP {@code pop},
     * reached by edges of other POPs at {@code address} ({@code HOST:PORT}; null when it has none):
     * it is listed by {@code GET /datacenters} and offered to edge nodes as a shield.
     */
    public void localEdge(String pop, @Nullable String address) {
        pops.local(pop, address);
    }

    /**
     * Tells {@code listener} the POPs and their edges' addresses now and whenever they change, so
     * that an edge in the same process routes shielded requests by them.
     */
    public void onPops(Consumer<Map<String, List<String>>> listener) {
        pops.listen(listener);
    }

    /**
     * Where edges' counts for running rollouts go: the edge feed hands each edge node's report
     * here, and {@code backline serve} its own edge's (issue 19).
     */
    public RolloutEvidence rolloutEvidence() {
        return evidence;
    }

    /**
     * The activated TLS certificates with their keys opened and their activated domains, as the
     * edge presents them ({@code backline serve} hands them to its edge after every change).
     */
    public List<EdgeFeedCertificates.Certificate> servedCertificates() {
        return tls.served();
    }

    /** The route table this server answers by, in the order routes are tried. */
    List<Router.Route> routes() {
        return pipeline.routes();
    }

    @Override
    public void close() {
        scheduler.close();
        server.stop();
        watch.close();
    }
}
