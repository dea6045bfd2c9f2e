package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeRuntime;
import io.backline.edge.Environment;
import io.backline.edge.ExchangeRecord;
import io.backline.edge.ServiceSnapshot;
import io.backline.edge.cache.CacheCounters;
import io.backline.edge.cache.CacheKey;
import io.backline.edge.cache.CachePolicy;
import io.backline.edge.cache.CachedObject;
import io.backline.edge.cache.HttpCache;
import io.backline.edge.origin.ConnectAttempt;
import io.backline.edge.origin.OriginConnection;
import io.backline.edge.origin.OriginListener;
import io.backline.edge.select.BackendSelector;
import io.backline.edge.select.FastlyFf;
import io.backline.edge.select.ShieldSelector;
import io.backline.edge.select.Selection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response: made by {@link #open} for each request head, routed there, then
 * {@link #start started}; it gets an origin connection (pooled or new, moving on to the next
 * candidate as {@link Failover} allows), forwards the request, streams the response back, and
 * ends {@link State#DONE} or {@link State#CLOSED}. What is known when the request arrives is
 * final; the rest is {@link #state} and a few flags. A new request is a new exchange, so a late
 * callback from a connect attempt or an origin reaches the exchange it was made for, which knows
 * by its state that it no longer waits.
 *
 * <p>With the cache on (docs/cache.md), {@link #start} first has the request looked up by a
 * {@link CacheLookup}: a fresh object (or a stale one within stale-while-revalidate) is answered at
 * once ({@link #serveCached}); it may wait ({@link State#WAITING}) for the fill another exchange
 * leads; a miss goes to the origin with a {@link ResponseFill}, which stores the response as it
 * streams and revalidates a stale object. A stale object answers when the origin fails
 * (stale-if-error). A {@code PURGE} is {@link EdgePurge}'s.
 *
 * <p>Everything here runs on the client connection's event loop, which is also the loop of every
 * origin connection it uses.
 */
final class Exchange implements OriginListener, ConnectAttempt.Listener, EdgePurge.Requester {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.proxy");

    /** Where the exchange is. The response side moves FORWARDING → RESPONDING → DONE; a synthetic answer skips to the end. */
    enum State {
        /** Made; routing done, nothing sent yet. */
        ROUTING,
        /** Waiting for a new origin connection; request body bytes wait in {@link #early}. */
        CONNECTING,
        /** Waiting for another exchange's fetch of the same object, or for a purge's authorization; the client is not read. */
        WAITING,
        /** An origin connection carries the request; no response yet. */
        FORWARDING,
        /** The response head went to the client; its body streams. */
        RESPONDING,
        /** Answered in full before the request was read whole: the rest of the request body is read and dropped. */
        DISCARDING,
        /** Request and response complete; the connection may take the next request. */
        DONE,
        /** The client connection closes (or closed) with this exchange. */
        CLOSED
    }

    private final ClientConnection client;
    private final Channel channel;
    private final EdgeRuntime edge;
    private final HttpRequest request;
    private final HttpVersion clientVersion;
    private final boolean head;
    private final boolean requestChunked;
    private final ExchangeTiming timing;
    /** The routed Host and origin-form URL; for a refused request the raw URI and "". */
    private final String host;
    private final String url;
    /** Set when routing found a service; null for a refused request or an unknown domain. */
    private final @Nullable ServiceSnapshot service;
    private final @Nullable Selection selection;
    /** Null unless the selection has candidates. */
    private final @Nullable Failover failover;
    private final boolean debug;
    /** Why the edge answers itself before forwarding, or null when it forwards. */
    private final @Nullable Answer answer;
    private final TraceContext trace;
    /** Whether the request arrived with Fastly-FF: its client is another Backline edge (one this edge adds does not count). */
    private final boolean fromEdge;
    /** The X-Backline-Rollout text under Fastly-Debug during a rollout; null otherwise. */
    private final @Nullable String rolloutNote;

    private State state = State.ROUTING;
    private boolean closeAfter;
    private boolean requestComplete;
    private long bodyBytes;
    /** The candidate tried last. */
    private @Nullable BackendSettings backend;
    private @Nullable OriginConnection origin;
    private boolean originPaused;
    /** Request body that arrived while connecting; made only then. */
    private @Nullable ArrayDeque<HttpContent> early;
    /** The way to the current candidate: a shield edge or its origin; planned in {@link #shieldHop}. */
    private @Nullable ShieldPath path;
    /** The request's Fastly-FF as it arrived, kept once this edge's entry is appended. */
    private @Nullable String arrivedFf;
    private boolean ffWritten;
    /** Whether the request was rewritten for an origin ({@link #prepareForOrigin}). */
    private boolean prepared;

    // The cache's part (docs/cache.md); cache is null when it is off or the request was not routed.
    private final @Nullable HttpCache cache;
    /** Made when the request is looked up (or a stale object is looked for); null for a pass by method. */
    private @Nullable CacheLookup lookup;
    /** What becomes of the origin's response when a looked-up request goes there. */
    private @Nullable ResponseFill storing;
    /** The origin's response is dropped as it arrives, and this object answers when it has ended. */
    private @Nullable CachedObject servesAfterOrigin;
    /** What the response counts as in backline_edge_cache_responses_total; null for nothing (the cache is off, or a PURGE). */
    private CacheCounters.@Nullable Result cacheResult;
    /** The X-Backline-Cache text under Fastly-Debug. */
    private @Nullable String cacheNote;

    // What the observers are told when the exchange ends (see #record).
    private int status;
    private long responseBytes;
    private long firstByteNanos = -1;
    private @Nullable HttpHeaders responseHeaders;
    private @Nullable String synthetic;
    private boolean recorded;

    /** A response the edge makes instead of forwarding. */
    private record Answer(int status, String reason, String body, boolean refused) {}

    private Exchange(ClientConnection client, HttpRequest request, ExchangeTiming timing, String host, String url,
            @Nullable ServiceSnapshot service, @Nullable Selection selection, boolean debug, @Nullable Answer answer,
            @Nullable String rolloutNote, boolean candidate) {
        this.client = client;
        this.channel = client.channel();
        this.edge = client.edge();
        this.request = request;
        this.clientVersion = request.protocolVersion();
        this.head = HttpMethod.HEAD.equals(request.method());
        this.requestChunked = HttpUtil.isTransferEncodingChunked(request);
        this.timing = timing;
        this.host = host;
        this.url = url;
        this.service = service;
        this.selection = selection;
        this.failover = selection == null || selection.failed() || selection.candidates().isEmpty() ? null : new Failover(selection);
        this.debug = debug;
        this.answer = answer;
        this.rolloutNote = rolloutNote;
        this.trace = TraceContext.of(request.headers().get(TraceContext.TRACEPARENT));
        this.fromEdge = request.headers().contains(EdgeHeaders.FASTLY_FF);
        this.closeAfter = !HttpUtil.isKeepAlive(request) || answer != null && answer.refused();
        // The staging listener does not cache: a staged version's answers must never reach production from the shared store.
        // Nor does a rollout's candidate: its answers would reach the baseline's clients under the service's shared keys.
        this.cache = service == null || candidate || edge.environment() == Environment.STAGING ? null : edge.cache().store();
    }

    /**
     * Routes a request head, without writing anything: refuse what is malformed or too large →
     * find the service by Host in the snapshot current now (the whole exchange uses it) → select
     * the backend (conditions, pool, health). {@link #start} then acts on the outcome.
     */
    static Exchange open(ClientConnection client, HttpRequest request) {
        var edge = client.edge();
        var timing = ExchangeTiming.start();
        edge.stats().request();
        String host;
        String url;
        switch (RequestGate.check(request, edge.config().maxRequestBodyBytes())) {
            case RequestGate.Accepted accepted -> {
                host = accepted.host();
                url = accepted.url();
            }
            case RequestGate.Refused refused -> {
                edge.stats().refused();
                var answer = new Answer(refused.status(), refused.reason(), "", true);
                return new Exchange(client, request, timing, "", request.uri(), null, null, false, answer, null, false);
            }
        }
        var snapshot = edge.snapshots().get();
        edge.pools().observe(snapshot);
        var service = snapshot.find(edge.environment(), host);
        if (service == null) {
            var answer = new Answer(404, "unknown domain", "Unknown domain: " + host, false);
            return new Exchange(client, request, timing, host, url, null, null, false, answer, null, false);
        }
        boolean debug = client.debugClient() && EdgeHeaders.debugRequested(request.headers().get(EdgeHeaders.FASTLY_DEBUG));
        // A rollout splits production by the client's address (issue 19): its candidate serves the clients whose bucket is in.
        var split = edge.environment() == Environment.PRODUCTION ? snapshot.rollout(service.serviceId()) : null;
        boolean candidate = false;
        if (split != null && split.toCandidate(client.address())) {
            candidate = true;
            service = split.candidate();
        }
        var rolloutNote = debug && split != null ? split.describe(candidate) : null;
        var selection = BackendSelector.select(service, client.view(request, url), edge.health(), debug);
        var failure = selection.failure();
        var answer = failure == null ? null : new Answer(503, failure, "", false);
        return new Exchange(client, request, timing, host, url, service, selection, debug, answer, rolloutNote, candidate);
    }

    State state() {
        return state;
    }

    /**
     * Answers what routing refused, or rewrites the request for the origin, answers it from the cache
     * when it can, and otherwise gets it a connection.
     */
    void start() {
        var refusal = answer;
        if (cache != null && "PURGE".equals(request.method().name())) {
            purge(); // a service whose backends are all down can still be purged
            return;
        }
        if (refusal != null) {
            if (cache != null && !refusal.refused() && serveStale(refusal.reason())) {
                return; // every candidate unhealthy: stale-if-error
            }
            respond(refusal.status(), refusal.reason(), refusal.body());
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            request.headers().remove(HttpHeaderNames.EXPECT);
            ResponseWriter.continue100(channel);
        }
        if (cache != null && lookUp()) {
            return;
        }
        state = State.CONNECTING;
        acquire();
    }

    // ---- the cache

    /**
     * Looks the request up when its method is (docs/cache.md). True when it is answered or waits for
     * another exchange's fetch; false when it goes to the origin, storing through {@link #storing}.
     */
    private boolean lookUp() {
        var method = request.method();
        if (!CachePolicy.lookupMethod(method)) {
            cacheOutcome(CacheCounters.Result.PASS, "pass: method " + method.name());
            return false;
        }
        var fetch = lookup().lookUp(head);
        storing = fetch;
        return fetch == null;
    }

    /** This request's lookup, made at its first use; only for a method that is looked up. */
    private CacheLookup lookup() {
        var found = lookup;
        if (found == null) {
            var routed = service();
            found = new CacheLookup(this, cache(), routed.cache(), CacheKey.of(routed.serviceId(), host, url), request.headers(),
                    channel.eventLoop());
            lookup = found;
        }
        return found;
    }

    /** The lookup joined another exchange's fetch: wait, not reading the client, until it is {@link CacheLookup#filled}. */
    void waitForFill() {
        state = State.WAITING;
        client.updateRead();
    }

    boolean waitsForFill() {
        return state == State.WAITING;
    }

    /** After waiting in vain: to the origin on its own, filling nothing. */
    void goAlone(String note, ResponseFill fetch) {
        cacheNote = note;
        storing = fetch;
        state = State.CONNECTING;
        acquire();
    }

    /** What the response counts as in backline_edge_cache_responses_total, and the X-Backline-Cache text. */
    void cacheOutcome(CacheCounters.Result result, String note) {
        cacheResult = result;
        cacheNote = note;
    }

    void cacheCounts(CacheCounters.Result result) {
        cacheResult = result;
    }

    void cacheNote(String note) {
        cacheNote = note;
    }

    /** Starts the one refresh of an object served under stale-while-revalidate, unless one runs already. */
    void refreshInBackground(CacheKey key, CachedObject object) {
        var policy = failover;
        var routed = service();
        if (policy == null) {
            return;
        }
        var refresh = cache().leadRefresh(key, object, routed.cache());
        if (refresh == null) {
            return;
        }
        var backendToUse = policy.current();
        BackgroundFetch.refresh(edge, channel, client.loopIndex(), backendToUse, url, originHost(backendToUse), request.headers(),
                fetch -> prepare(fetch, false), refresh, object, routed.cache()).start();
    }

    /**
     * Answers a failure with a stale object within stale-if-error, looked up when the request was not
     * yet; false when there is none or it cannot (released meanwhile).
     */
    private boolean serveStale(String why) {
        if (!CachePolicy.lookupMethod(request.method())) {
            return false;
        }
        var object = lookup().staleForError();
        if (object == null) {
            return false;
        }
        releaseFill();
        return serveCached(object, CacheCounters.Result.STALE, "HIT", "stale: if-error (" + why + ")");
    }

    /**
     * Answers from a cached object: the stored headers with the edge's own, X-Cache, X-Cache-Hits and
     * Age; a 304, 206 or 416 as the request asks; the body shared with the cache. False when the object's
     * body was released meanwhile (evicted or purged between lookup and now): then it is a miss.
     */
    boolean serveCached(CachedObject object, CacheCounters.Result outcome, String xCache, String note) {
        var body = object.retainedBody();
        if (body == null) {
            return false;
        }
        var fetch = storing;
        if (fetch != null) {
            fetch.restoreClientValidators();
        }
        int hits = "HIT".equals(xCache) ? object.hit() : object.hits();
        var found = lookup;
        if (found != null) {
            found.cancelWait();
        }
        releaseEarly();
        long now = System.nanoTime();
        var reply = CachedResponses.build(object, request.headers(), head, body, System.currentTimeMillis());
        var headers = reply.head().headers();
        var writer = client.writer();
        writer.decorate(headers, timing, now, xCache, hits);
        CachedResponses.stripSurrogate(headers, fromEdge);
        cacheOutcome(outcome, note);
        if (debug) {
            debugHeaders(headers, now, false);
            headers.set(EdgeHeaders.X_BACKLINE_CACHE, note);
        }
        status = reply.head().status().code();
        responseHeaders = headers;
        responseBytes = reply.bodyBytes();
        if (!requestComplete && HttpUtil.is100ContinueExpected(request)) {
            closeAfter = true;
        }
        ResponseWriter.connection(headers, closeAfter, clientVersion);
        channel.write(reply.head(), channel.voidPromise());
        writeLast(reply.last());
        return true;
    }

    /** Leaves the fill this exchange waits for, if any. */
    private void stopWaiting() {
        var found = lookup;
        if (found != null) {
            found.stopWaiting();
        }
    }

    private void releaseFill() {
        var fetch = storing;
        if (fetch != null) {
            fetch.release();
        }
    }

    /** The origin failed before answering: a stale object within stale-if-error answers, otherwise the error. */
    private void originUnavailable(int code, String reason, String body) {
        if (cache != null && serveStale(reason)) {
            return;
        }
        respond(code, reason, body);
    }

    // ---- PURGE sent to the edge

    /** Waits for {@link EdgePurge} to check the key and purge this URL (docs/cache.md, "PURGE"). */
    private void purge() {
        state = State.WAITING;
        client.updateRead();
        EdgePurge.start(edge, cache(), channel, service().serviceId(), host, url, request.headers(), this);
    }

    @Override
    public boolean waitsForPurge() {
        return state == State.WAITING;
    }

    @Override
    public void purgeAnswered(FullHttpResponse answer, @Nullable String refusal) {
        sendOwn(answer, refusal);
    }

    // ---- getting an origin connection

    /**
     * Rewrites the request for an origin when it first goes to one ({@link ForwardedHeaders}, the
     * traceparent, Fastly-Orig-Host). Not before: a cache hit is answered from the request as the
     * client sent it, which is also what the cache's lookup and Vary read (docs/cache.md), and it
     * saves a hit the work and the ~500 bytes of headers an origin would have needed.
     */
    private void prepareForOrigin() {
        if (prepared) {
            return;
        }
        prepared = true;
        var found = lookup;
        if (found != null) {
            found.keepClientHeaders();
        }
        prepare(request, requestChunked);
    }

    /** What {@link #prepareForOrigin} does, to this request or to a background refresh made from it. */
    private void prepare(HttpRequest outgoing, boolean chunked) {
        ForwardedHeaders.prepareRequest(outgoing, url, host, client.clientIp(), chunked, client.hop());
        trace.applyTo(outgoing.headers());
        if (!service().defaultHost().isEmpty()) {
            outgoing.headers().set(EdgeHeaders.FASTLY_ORIG_HOST, host); // semantics §4.3: the client's Host, kept
        }
    }

    /** Gets a connection to the current candidate, moving on within a pool when one is full. */
    private void acquire() {
        prepareForOrigin();
        var policy = failover();
        while (true) {
            var next = policy.current();
            backend = next;
            var hop = shieldHop(next);
            var pool = edge.pools().pool(hop != null ? hop : next);
            // a shield edge gets the client's Host, routes by it to the same service and applies override_host itself
            request.headers().set(HttpHeaderNames.HOST, hop != null ? host : originHost(next));
            timing.connecting();
            var pooled = policy.sentAgain() ? null : pool.pollIdle(client.loopIndex());
            if (pooled != null) {
                timing.pooled();
                attach(pooled);
                return;
            }
            if (pool.tryReserve(client.loopIndex())) {
                state = State.CONNECTING;
                client.updateRead();
                pool.connect(channel.eventLoop(), client.loopIndex(), this);
                return;
            }
            edge.stats().maxConnRejection();
            if (hop != null) {
                shieldPath().failed(Synthetic.MAX_CONN); // the next shield edge, or the origin
                continue;
            }
            if (!failOver(Synthetic.MAX_CONN)) {
                return;
            }
        }
    }

    /**
     * The hop to a shield edge for this candidate, or null for its origin (docs/shielding.md). A
     * candidate without a shield costs one lookup and no allocation; for one with a shield the path
     * is planned once, and this edge adds its {@code Fastly-FF} entry when it sends the request to
     * a shield edge or forwards one that arrived with the header (it is then the shield).
     */
    private @Nullable BackendSettings shieldHop(BackendSettings candidate) {
        var planned = path;
        if (planned != null && !planned.plannedFor(candidate)) {
            planned = null;
            path = null;
        }
        if (planned == null) {
            if (ShieldSelector.shieldOf(service(), candidate) == null) {
                return null;
            }
            var headers = request.headers();
            var arrived = ffWritten ? arrivedFf : headers.get(EdgeHeaders.FASTLY_FF);
            arrivedFf = arrived;
            var route = ShieldSelector.route(service(), candidate, edge.config().pop(), edge.pops().get(), host, url, arrived);
            planned = new ShieldPath(candidate, route);
            path = planned;
            if (!ffWritten && (route.viaShield() || arrived != null)) {
                ffWritten = true;
                headers.set(EdgeHeaders.FASTLY_FF, FastlyFf.append(arrived,
                        FastlyFf.entry(service().serviceId(), edge.config().pop(), edge.config().serverName())));
            }
        }
        return planned.hop();
    }

    private ShieldPath shieldPath() {
        var planned = path;
        if (planned == null) {
            throw new IllegalStateException("exchange: no shield path planned");
        }
        return planned;
    }

    /** semantics §4.3 and docs/edge.md: the backend's override_host, else the settings' default host, else the client's. */
    private String originHost(BackendSettings candidate) {
        var overrideHost = candidate.overrideHost();
        var defaultHost = service().defaultHost();
        return overrideHost != null ? overrideHost : defaultHost.isEmpty() ? host : defaultHost;
    }

    /** Whether the attempt under way goes to a shield edge. */
    private boolean viaShield() {
        var planned = path;
        return planned != null && planned.hop() != null;
    }

    /** The current candidate failed before the request went out. True when the next should be tried; otherwise the 503 is sent. */
    private boolean failOver(String reason) {
        var policy = failover();
        if (policy.failed(reason)) {
            return true;
        }
        if (policy.pooled()) {
            originUnavailable(503, Selection.ALL_UNHEALTHY, Selection.ALL_UNHEALTHY + "\n" + policy.trail());
        } else {
            originUnavailable(503, reason, "");
        }
        return false;
    }

    @Override
    public void connected(OriginConnection connection) {
        if (state != State.CONNECTING) {
            connection.park(); // answered or closed meanwhile: keep the connection for the next request
            return;
        }
        timing.connected();
        attach(connection);
    }

    @Override
    public void connectFailed(String reason) {
        if (state != State.CONNECTING) {
            return;
        }
        if (viaShield()) {
            shieldPath().failed(reason); // the next shield edge, or the origin directly
            acquire();
            return;
        }
        if (failOver(reason)) {
            acquire();
        }
    }

    private void attach(OriginConnection connection) {
        origin = connection;
        state = State.FORWARDING;
        connection.bind(this, backend());
        connection.write(request);
        var waiting = early;
        if (failover().sentAgain() && (waiting == null || waiting.isEmpty())) {
            connection.write(LastHttpContent.EMPTY_LAST_CONTENT); // replaying a bodyless request
        }
        if (waiting != null) {
            HttpContent content;
            while ((content = waiting.poll()) != null) {
                connection.write(content);
            }
        }
        if (requestComplete) {
            timing.sent();
            connection.requestSent();
        }
        connection.flush();
        client.updateRead();
    }

    // ---- the request body

    /** A part of the request body from the client. */
    void requestContent(HttpContent content) {
        if (state == State.DONE || state == State.CLOSED) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            abandon(400, "malformed request body");
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > edge.config().maxRequestBodyBytes()) {
            content.release();
            abandon(413, "request body too large");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        var connection = origin;
        if (state == State.ROUTING || state == State.CONNECTING || state == State.WAITING) {
            var waiting = early;
            if (waiting == null) {
                waiting = new ArrayDeque<>(2);
                early = waiting;
            }
            waiting.add(content);
            requestComplete = last;
        } else if (connection != null) {
            connection.write(content);
            if (last) {
                requestComplete = true;
                timing.sent();
                connection.requestSent();
            }
            if (!connection.isWritable()) {
                client.updateRead();
            }
        } else {
            content.release();
            if (last) {
                requestComplete = true;
                finishIfDone();
            }
        }
    }

    /** The request body is unacceptable: answer if nothing was sent yet, otherwise just close. */
    private void abandon(int status, String reason) {
        edge.stats().refused();
        abortOrigin();
        if (responseStarted()) {
            record(reason);
            client.close();
        } else {
            closeAfter = true;
            respond(status, reason, "");
        }
    }

    // ---- the origin's side

    @Override
    public void originResponse(HttpResponse response) {
        var fetch = storing;
        if (fetch != null) {
            var answers = fetch.swallowed(response);
            if (answers != null) {
                servesAfterOrigin = answers;
                ReferenceCountUtil.release(response);
                return;
            }
        }
        long now = System.nanoTime();
        state = State.RESPONDING;
        if (!requestComplete) {
            closeAfter = true; // the origin answered before the body was sent: this connection cannot be reused
        }
        var framing = ForwardedHeaders.prepareResponse(response, head, clientVersion);
        if (framing == ForwardedHeaders.Framing.CLOSE) {
            closeAfter = true;
        }
        var headers = response.headers();
        status = response.status().code();
        responseHeaders = headers;
        firstByteNanos = timing.firstByteNanos(now);
        var writer = client.writer();
        if (cache != null) {
            if (fetch != null) {
                fetch.decide(response);
            }
            writer.decorate(headers, timing, now, "MISS", 0);
            CachedResponses.stripSurrogate(headers, fromEdge);
        } else {
            writer.decorate(headers, timing, now);
        }
        if (debug) {
            debugHeaders(headers, now, true);
            var note = cacheNote;
            if (note != null) {
                headers.set(EdgeHeaders.X_BACKLINE_CACHE, note);
            }
        }
        ResponseWriter.connection(headers, closeAfter, clientVersion);
        channel.write(response, channel.voidPromise());
    }

    /** A dropped origin response has ended (or broke): the object chosen by {@link ResponseFill#swallowed} answers. */
    private void serveAfterOrigin(CachedObject object) {
        servesAfterOrigin = null;
        var note = cacheNote == null ? "hit" : cacheNote;
        var outcome = cacheResult == null ? CacheCounters.Result.HIT : cacheResult;
        var xCache = outcome == CacheCounters.Result.STALE ? "HIT" : "MISS";
        if (!serveCached(object, outcome, xCache, note)) {
            respond(503, "cached object lost during revalidation", "");
        }
    }

    @Override
    public void originContent(HttpContent content) {
        var connection = origin;
        var after = servesAfterOrigin;
        if (after != null) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last) {
                origin = null;
                if (connection != null) {
                    connection.release(requestComplete);
                }
                serveAfterOrigin(after);
            }
            return;
        }
        responseBytes += content.content().readableBytes();
        var fetch = storing;
        if (fetch != null) {
            fetch.append(content.content());
        }
        if (content instanceof LastHttpContent) {
            origin = null;
            originPaused = false;
            if (connection != null) {
                connection.release(requestComplete);
            }
            if (fetch != null) {
                fetch.complete();
            }
            writeLast(content);
            return;
        }
        channel.write(content, channel.voidPromise());
        if (!channel.isWritable() && !originPaused && connection != null) {
            // Over the high-water mark may only mean that this read's bytes are not flushed yet
            // (a 100 KiB response crosses 64 KiB within one read loop): hand them to the socket
            // first and pause the origin only if the client is really behind. Pausing at once cost
            // two epoll_ctl calls per response, 5 % of the edge's CPU at 100 KiB.
            channel.flush();
            if (!channel.isWritable() && channel.isActive() && origin == connection) {
                originPaused = true;
                client.touch();
                connection.pauseReading();
            }
        }
    }

    @Override
    public void originReadComplete() {
        channel.flush();
    }

    @Override
    public void originWritabilityChanged() {
        client.updateRead();
    }

    @Override
    public void originFailed(OriginConnection.Failure failure) {
        var connection = origin;
        origin = null;
        originPaused = false;
        if (state != State.FORWARDING && state != State.RESPONDING) {
            return;
        }
        releaseFill();
        var after = servesAfterOrigin;
        if (after != null) {
            serveAfterOrigin(after);
            return;
        }
        if (failure == OriginConnection.Failure.BETWEEN_BYTES_TIMEOUT) {
            edge.stats().betweenBytesTimeout();
            LOG.log(System.Logger.Level.WARNING, () -> "between_bytes_timeout: " + backend().key() + " went silent mid-body; "
                    + "closing the client connection");
        }
        if (state == State.RESPONDING) {
            // What arrived is sent, then a close without the chunk terminator or the missing bytes: the only
            // way HTTP/1.1 says a body is short. A clean end would let the client cache or parse half a body.
            channel.flush();
            record(failure.reason());
            client.close();
            return;
        }
        if (failure == OriginConnection.Failure.CLOSED && connection != null && connection.reused() && !connection.answered()) {
            // A pooled connection the origin closed as the request arrived (its idle timeout raced ours). The origin may
            // or may not have acted on it, so it is sent again only when that is harmless and possible.
            var method = request.method().name();
            var replay = failover().reusedConnectionClosed(method, requestComplete, bodyBytes);
            switch (replay) {
                case SEND_AGAIN -> {
                    state = State.CONNECTING; // once more, on a new connection
                    acquire();
                    return;
                }
                case NOT_IDEMPOTENT, BODY_NOT_REPLAYABLE -> {
                    respond(503, failure.reason(), failure.reason() + ": " + replay.explain(method));
                    return;
                }
                case ALREADY_SENT_AGAIN -> { } // the failure is the answer
            }
        }
        if (failure == OriginConnection.Failure.FIRST_BYTE_TIMEOUT) {
            edge.stats().firstByteTimeout();
        }
        originUnavailable(503, failure.reason(), "");
    }

    // ---- the client connection's events

    /** Whether the client connection may read: not while connecting, nor while the origin cannot take more. */
    boolean acceptsClientBytes() {
        var connection = origin;
        return state != State.ROUTING && state != State.CONNECTING && state != State.WAITING && state != State.CLOSED
                && (connection == null || connection.isWritable());
    }

    /** Whether the exchange waits for the client: to read the response (origin paused) or to send the request's rest. */
    boolean waitsOnClient(boolean clientAutoRead) {
        return originPaused || (!requestComplete && state != State.ROUTING && state != State.CONNECTING && state != State.WAITING
                && clientAutoRead);
    }

    /** The client did not send or read in time: a 408 while nothing was sent yet, otherwise a close. */
    void clientTimedOut() {
        if (responseStarted()) {
            record("client timeout");
            client.close();
        } else {
            edge.stats().refused();
            closeAfter = true;
            respond(408, "client timeout", "Request timeout: the request did not arrive in time");
        }
    }

    /** The client can take more: read the origin again if it was paused for it. */
    void clientWritable() {
        if (originPaused) {
            originPaused = false;
            client.touch();
            var connection = origin;
            if (connection != null) {
                connection.resumeReading();
            }
        }
    }

    /** Sends what the client's last read wrote to the origin. */
    void flushOrigin() {
        var connection = origin;
        if (connection != null) {
            connection.flush();
        }
    }

    /** The client connection closed or is closing: the origin connection's state is unknown, so it closes too. */
    void clientClosed() {
        record("client closed"); // unless it ended already: a close after the last byte is not a break
        state = State.CLOSED;
        stopWaiting();
        abortOrigin();
        releaseEarly();
    }

    // ---- answers and the end

    /** A response made by the edge; its reason is in X-Backline-Error (and the status line of a 503). */
    private void respond(int status, String reason, String body) {
        var response = client.writer().synthetic(channel.alloc(), status, reason, body, timing, System.nanoTime());
        sendOwn(response, reason);
    }

    /** Sends a response the edge made itself (an error, or a PURGE's answer); {@code reason} is its synthetic reason, if any. */
    private void sendOwn(FullHttpResponse response, @Nullable String reason) {
        edge.stats().synthetic();
        abortOrigin();
        releaseEarly();
        stopWaiting();
        long now = System.nanoTime();
        var writer = client.writer();
        if (!response.headers().contains(EdgeHeaders.X_TIMER)) {
            writer.decorate(response.headers(), timing, now);
        }
        var headers = response.headers();
        this.status = response.status().code();
        this.synthetic = reason;
        responseHeaders = headers;
        responseBytes = response.content().readableBytes();
        if (debug && selection != null) {
            debugHeaders(headers, now, false);
        }
        if (!requestComplete && HttpUtil.is100ContinueExpected(request)) {
            closeAfter = true; // the client waits for 100 before sending the body: reading on would misframe
        }
        ResponseWriter.connection(headers, closeAfter, clientVersion);
        writeLast(response);
    }

    /** Writes the response's last part, then ends the exchange: closing, dropping the rest of the request, or done. */
    private void writeLast(Object last) {
        record(null);
        if (closeAfter) {
            state = State.CLOSED;
            client.writeLastAndClose(last, requestComplete);
        } else {
            state = State.DISCARDING;
            channel.writeAndFlush(last, channel.voidPromise());
            finishIfDone();
        }
    }

    /**
     * Tells the observers how the exchange went, once: at its response's last byte, or when it broke
     * off ({@code broken} says why).
     */
    private void record(@Nullable String broken) {
        if (recorded) {
            return;
        }
        recorded = true;
        var routed = service;
        var tried = backend;
        var outcome = cacheResult;
        var store = cache;
        if (outcome != null && store != null && routed != null && synthetic == null) {
            store.counters(routed.serviceId()).count(outcome);
        }
        var protocol = client.hop() == ClientHop.H2 ? "HTTP/2.0" : clientVersion.text();
        edge.observer().exchangeEnded(new ExchangeRecord(timing.startEpochMicros(), client.clientIp(), request.method().name(), host,
                url, protocol, routed == null ? null : routed.serviceId(), routed == null ? 0 : routed.version(),
                edge.environment(), tried == null ? null : tried.name(), status, bodyBytes, responseBytes, firstByteNanos,
                timing.elapsedNanos(System.nanoTime()), synthetic, broken, trace.traceHigh(), trace.traceLow(), trace.span(), request.headers(),
                responseHeaders));
    }

    private void finishIfDone() {
        if (state == State.DISCARDING && requestComplete) {
            state = State.DONE;
            client.exchangeDone(this);
        }
    }

    private boolean responseStarted() {
        return state == State.RESPONDING || state == State.DISCARDING;
    }

    private void abortOrigin() {
        releaseFill();
        var connection = origin;
        if (connection != null) {
            origin = null;
            connection.abort();
        }
    }

    private void releaseEarly() {
        var waiting = early;
        if (waiting == null) {
            return;
        }
        HttpContent content;
        while ((content = waiting.poll()) != null) {
            content.release();
        }
    }

    /** The debug headers of ResponseWriter#debug, and X-Backline-Rollout during a rollout. */
    private void debugHeaders(HttpHeaders headers, long now, boolean fromOrigin) {
        client.writer().debug(headers, backend, debugReason(), debugPath(), timing, now, fromOrigin);
        var note = rolloutNote;
        if (note != null) {
            headers.set(EdgeHeaders.X_BACKLINE_ROLLOUT, note);
        }
    }

    private @Nullable String debugReason() {
        var reason = selection == null ? null : selection.reason();
        return failover == null ? reason : failover.annotate(reason);
    }

    private HttpCache cache() {
        var store = cache;
        if (store == null) {
            throw new IllegalStateException("exchange: no cache (expected: cacheSizeBytes > 0 and a routed request)");
        }
        return store;
    }

    /** Where the request went for X-Backline-Path: null when no backend was tried. */
    private @Nullable String debugPath() {
        var planned = path;
        return planned != null ? planned.describe() : backend != null ? "origin" : null;
    }

    private ServiceSnapshot service() {
        var routed = service;
        if (routed == null) {
            throw new IllegalStateException("exchange: not routed (expected: a service)");
        }
        return routed;
    }

    private Failover failover() {
        var policy = failover;
        if (policy == null) {
            throw new IllegalStateException("exchange: no candidates (expected: a successful selection)");
        }
        return policy;
    }

    private BackendSettings backend() {
        var current = backend;
        if (current == null) {
            throw new IllegalStateException("exchange: no backend tried yet");
        }
        return current;
    }
}
