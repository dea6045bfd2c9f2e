package io.backline.edge;

import static io.backline.edge.CacheOrigin.Answer;
import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import io.backline.model.ServiceType;
import io.backline.model.SettingsSchema;
import io.backline.model.Values;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache through a real edge and a real origin on loopback (docs/cache.md). */
class ProxyCacheTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HOST = "example.com";
    private static final String DEBUG = "Fastly-Debug: 1";

    private final CacheOrigin origin = new CacheOrigin();
    private final AtomicReference<EdgeSnapshot> active = new AtomicReference<>();
    private EdgeServer edge;

    @AfterEach
    void close() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    private EdgeServer start() {
        return start(SettingsSchema.SCHEMA.defaults(ServiceType.VCL), EdgeConfig.builder().cacheSizeBytes(16L << 20).build());
    }

    private EdgeServer start(Values settings, EdgeConfig sizes) {
        active.set(snapshot(1, settings));
        edge = EdgeServer.start(ProxyFixtures.config().cacheSizeBytes(sizes.cacheSizeBytes())
                .allowUnauthenticatedPurge(sizes.allowUnauthenticatedPurge()).build(), active::get, HealthView.ALL_HEALTHY);
        return edge;
    }

    private EdgeSnapshot snapshot(int version, Values settings) {
        var active = new ActiveVersion(ProxyFixtures.SERVICE, version, List.of(backend("origin", origin.port())), List.of(), List.of(),
                List.of(ProxyFixtures.domain(HOST)), settings);
        return SnapshotCompiler.compile(version, List.of(active));
    }

    private ProxyClient.Response get(String path, String... headers) {
        return ProxyClient.get(edge.port(), HOST, path, headers);
    }

    private ProxyClient.Response request(String method, String path, String... headers) {
        try (var client = new ProxyClient(edge.port())) {
            return client.request(method, HOST, path, headers);
        }
    }

    @Test
    void aCacheableResponseIsFetchedOnceAndThenServedAsAHit() {
        origin.on("/a", Answer.ok("alpha", "Cache-Control", "max-age=60"));
        start();
        var miss = get("/a", DEBUG);
        var hit = get("/a", DEBUG);
        var again = get("/a");
        assertThat(origin.count("/a")).isEqualTo(1);
        assertThat(miss.text()).isEqualTo("alpha");
        assertThat(miss.header("x-cache")).isEqualTo("MISS");
        assertThat(miss.header("x-cache-hits")).isEqualTo("0");
        assertThat(miss.header("x-backline-cache")).isEqualTo("miss: stored ttl=60 (Cache-Control max-age)");
        assertThat(hit.text()).isEqualTo("alpha");
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.header("x-cache-hits")).isEqualTo("1");
        assertThat(hit.header("x-backline-cache")).isEqualTo("hit");
        assertThat(hit.header("age")).isNotNull();
        assertThat(hit.header("content-length")).isEqualTo("5");
        assertThat(again.header("x-cache-hits")).isEqualTo("2");
        assertThat(again.header("x-backline-cache")).isNull();
    }

    @Test
    void eachTtlSourceIsUsedInFastlysOrder() {
        origin.on("/surrogate", Answer.ok("s", "Surrogate-Control", "max-age=50", "Cache-Control", "s-maxage=60, max-age=70"))
                .on("/smaxage", Answer.ok("s", "Cache-Control", "s-maxage=60, max-age=70"))
                .on("/maxage", Answer.ok("s", "Cache-Control", "max-age=70", "Expires", "Thu, 01 Jan 2099 00:00:00 GMT"))
                .on("/expires", request -> Answer.ok("s", "Expires", io.netty.handler.codec.DateFormatter.format(
                        new java.util.Date(System.currentTimeMillis() + 90_500))))
                .on("/default", Answer.ok("s"));
        start(SettingsSchema.SCHEMA.defaults(ServiceType.VCL).with(SettingsSchema.DEFAULT_TTL, 120), EdgeConfig.builder()
                .cacheSizeBytes(1 << 20).build());
        assertThat(get("/surrogate", DEBUG).header("x-backline-cache")).isEqualTo("miss: stored ttl=50 (Surrogate-Control max-age)");
        assertThat(get("/smaxage", DEBUG).header("x-backline-cache")).isEqualTo("miss: stored ttl=60 (Cache-Control s-maxage)");
        assertThat(get("/maxage", DEBUG).header("x-backline-cache")).isEqualTo("miss: stored ttl=70 (Cache-Control max-age)");
        assertThat(get("/expires", DEBUG).header("x-backline-cache")).matches("miss: stored ttl=(89|90|91) \\(Expires\\)");
        assertThat(get("/default", DEBUG).header("x-backline-cache")).isEqualTo("miss: stored ttl=120 (default_ttl)");
        for (var path : List.of("/surrogate", "/smaxage", "/maxage", "/expires", "/default")) {
            assertThat(get(path).header("x-cache")).as(path).isEqualTo("HIT");
        }
        assertThat(origin.total()).isEqualTo(5);
    }

    @Test
    void anObjectPastItsTtlIsFetchedAgain() throws InterruptedException {
        origin.on("/short", Answer.ok("s", "Cache-Control", "max-age=1"));
        start();
        get("/short");
        assertThat(get("/short").header("x-cache")).isEqualTo("HIT");
        Thread.sleep(1_100);
        assertThat(get("/short").header("x-cache")).isEqualTo("MISS");
        assertThat(origin.count("/short")).isEqualTo(2);
    }

    @Test
    void neverCachedResponsesPassAndSayWhy() {
        origin.on("/private", Answer.ok("p", "Cache-Control", "private, max-age=60"))
                .on("/nostore", Answer.ok("p", "Cache-Control", "no-store"))
                .on("/nocache", Answer.ok("p", "Cache-Control", "no-cache"))
                .on("/cookie", Answer.ok("p", "Set-Cookie", "id=1", "Cache-Control", "max-age=60"))
                .on("/zero", Answer.ok("p", "Cache-Control", "max-age=0"))
                .on("/created", Answer.of(201, "p", "Cache-Control", "max-age=60"))
                .on("/error", Answer.of(500, "p", "Cache-Control", "max-age=60"));
        start();
        var reasons = new java.util.LinkedHashMap<String, String>();
        reasons.put("/private", "pass: Cache-Control private");
        reasons.put("/nostore", "pass: Cache-Control no-store");
        reasons.put("/nocache", "pass: Cache-Control no-cache");
        reasons.put("/cookie", "pass: Set-Cookie");
        reasons.put("/zero", "pass: ttl=0 (Cache-Control max-age)");
        reasons.put("/created", "pass: status 201");
        reasons.put("/error", "pass: status 500");
        reasons.forEach((path, reason) -> {
            assertThat(get(path, DEBUG).header("x-backline-cache")).as(path).isEqualTo(reason);
            assertThat(get(path).header("x-cache")).as(path).isEqualTo("MISS");
            assertThat(origin.count(path)).as(path).isEqualTo(2);
        });
        assertThat(get("/anything", "Authorization: x").header("x-cache")).isEqualTo("MISS");
        var counters = edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE);
        assertThat(counters.responses(io.backline.edge.cache.CacheCounters.Result.PASS)).isEqualTo(14);
    }

    @Test
    void aPostIsNeverLookedUp() {
        origin.on("/form", Answer.ok("f", "Cache-Control", "max-age=60"));
        start();
        try (var client = new ProxyClient(edge.port())) {
            client.send("POST /form HTTP/1.1\r\nHost: " + HOST + "\r\nFastly-Debug: 1\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(client.read(false).header("x-backline-cache")).isEqualTo("pass: method POST");
        }
        get("/form");
        assertThat(get("/form").header("x-cache")).isEqualTo("HIT");
        assertThat(origin.count("/form")).isEqualTo(2);
    }

    @Test
    void surrogateHeadersAreRemovedUnlessTheClientIsAnotherEdge() {
        origin.on("/tagged", Answer.ok("t", "Surrogate-Key", "a b", "Surrogate-Control", "max-age=60"));
        start();
        var miss = get("/tagged");
        assertThat(miss.header("surrogate-key")).isNull();
        assertThat(miss.header("surrogate-control")).isNull();
        var fromEdge = get("/tagged", "Fastly-FF: cache-backline-a");
        assertThat(fromEdge.header("x-cache")).isEqualTo("HIT");
        assertThat(fromEdge.header("surrogate-key")).isEqualTo("a b");
        assertThat(fromEdge.header("surrogate-control")).isEqualTo("max-age=60");
    }

    @Test
    void theSurrogateHeadersAShieldPassesOnStopAtTheEdgeItsClientAskedFirst() {
        origin.on("/tagged", Answer.ok("t", "Surrogate-Key", "a b", "Surrogate-Control", "max-age=60"));
        var active = new ActiveVersion(ProxyFixtures.SERVICE, 1, List.of(backend("origin", origin.port(), "shield", "s")), List.of(),
                List.of(), List.of(ProxyFixtures.domain(HOST)), SettingsSchema.SCHEMA.defaults(ServiceType.VCL));
        var snapshot = SnapshotCompiler.compile(1, List.of(active));
        try (var shield = EdgeServer.start(ProxyFixtures.config().pop("s").serverName("cache-s").cacheSizeBytes(16L << 20).build(),
                () -> snapshot, HealthView.ALL_HEALTHY)) {
            edge = EdgeServer.start(ProxyFixtures.config().pop("a").serverName("cache-a").cacheSizeBytes(16L << 20).build(),
                    () -> snapshot, HealthView.ALL_HEALTHY);
            edge.pops(Pops.of(java.util.Map.of("s", List.of("127.0.0.1:" + shield.port()))));
            // This edge wrote its own Fastly-FF on the request to the shield; that does not make its client another edge.
            var miss = get("/tagged");
            assertThat(miss.header("x-cache")).isEqualTo("MISS, MISS");
            assertThat(miss.header("surrogate-key")).isNull();
            assertThat(miss.header("surrogate-control")).isNull();
            var hit = get("/tagged");
            assertThat(hit.header("x-cache")).isEqualTo("MISS, HIT");
            assertThat(hit.header("surrogate-key")).isNull();
            assertThat(origin.count("/tagged")).isEqualTo(1);
            assertThat(edge.cache().orElseThrow().purge(new Purge.Keys(ProxyFixtures.SERVICE, List.of("b"), false)))
                    .as("the edge kept the keys the shield passed on").isEqualTo(1);
        }
    }

    @Test
    void xCacheListsGrowHopByHopBehindAShield() {
        origin.on("/shielded", Answer.ok("s", "Cache-Control", "max-age=60", "X-Cache", "MISS", "X-Cache-Hits", "0",
                "X-Served-By", "cache-shield"));
        start();
        var miss = get("/shielded");
        assertThat(miss.header("x-cache")).isEqualTo("MISS, MISS");
        assertThat(miss.header("x-cache-hits")).isEqualTo("0, 0");
        var hit = get("/shielded");
        assertThat(hit.header("x-cache")).isEqualTo("MISS, HIT");
        assertThat(hit.header("x-cache-hits")).isEqualTo("0, 1");
        assertThat(hit.header("x-served-by")).isEqualTo("cache-shield, cache-backline-local");
    }

    @Test
    void variantsAreKeptPerVaryValue() {
        origin.on("/greeting", request -> Answer.ok("hello " + request.headers().get("accept-language"), "Vary", "Accept-Language",
                "Cache-Control", "max-age=60"));
        start();
        assertThat(get("/greeting", "Accept-Language: en").text()).isEqualTo("hello en");
        assertThat(get("/greeting", "Accept-Language: fr").text()).isEqualTo("hello fr");
        var en = get("/greeting", "Accept-Language: en");
        var fr = get("/greeting", "Accept-Language: fr");
        assertThat(en.text()).isEqualTo("hello en");
        assertThat(en.header("x-cache")).isEqualTo("HIT");
        assertThat(fr.text()).isEqualTo("hello fr");
        assertThat(fr.header("x-cache")).isEqualTo("HIT");
        assertThat(origin.count("/greeting")).isEqualTo(2);
    }

    @Test
    void varyReadsTheRequestAsTheClientSentItNotAsTheEdgeRewroteItForTheOrigin() {
        // The edge adds X-Forwarded-For, Via and a traceparent (a new span each time) only when it goes to the origin: a
        // variant stored under those must still be found by the next request, which the edge has not rewritten.
        origin.on("/rewritten", request -> Answer.ok("for " + request.headers().get("x-forwarded-for"), "Vary",
                "X-Forwarded-For, Via, Traceparent, Host", "Cache-Control", "max-age=60"));
        start();
        var miss = get("/rewritten");
        assertThat(miss.text()).isEqualTo("for 127.0.0.1");
        assertThat(origin.seen().getFirst().headers()).containsKeys("via", "traceparent", "x-forwarded-host");
        var hit = get("/rewritten");
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.text()).isEqualTo("for 127.0.0.1");
        assertThat(get("/rewritten", "Via: 1.1 another-proxy").header("x-cache")).as("the client's own Via is a variant").isEqualTo("MISS");
        assertThat(origin.count("/rewritten")).isEqualTo(2);
    }

    @Test
    void aRequestWithMoreHeadersThanTheLookupLayersIsKeptAsWell() {
        origin.on("/many", request -> Answer.ok("lang " + request.headers().get("accept-language"), "Vary", "Accept-Language",
                "Cache-Control", "max-age=60"));
        start();
        var headers = new java.util.ArrayList<String>();
        for (int i = 0; i < 80; i++) {
            headers.add("X-Field-" + i + ": " + i);
        }
        headers.add("Accept-Language: de");
        var many = headers.toArray(String[]::new);
        assertThat(get("/many", many).text()).isEqualTo("lang de");
        var hit = get("/many", many);
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.text()).isEqualTo("lang de");
        assertThat(get("/many", "Accept-Language: fr").text()).isEqualTo("lang fr");
    }

    @Test
    void aClientsValidatorIsAnswered304FromTheCache() {
        origin.on("/doc", Answer.ok("document", "Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified",
                "Mon, 01 Jan 2024 00:00:00 GMT"));
        start();
        get("/doc");
        var byTag = get("/doc", "If-None-Match: W/\"v1\"");
        assertThat(byTag.status()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.header("etag")).isEqualTo("\"v1\"");
        assertThat(byTag.header("x-cache")).isEqualTo("HIT");
        assertThat(get("/doc", "If-None-Match: \"v0\"").status()).isEqualTo(200);
        assertThat(get("/doc", "If-Modified-Since: Tue, 02 Jan 2024 00:00:00 GMT").status()).isEqualTo(304);
        assertThat(get("/doc", "If-Modified-Since: Sun, 31 Dec 2023 00:00:00 GMT").status()).isEqualTo(200);
        assertThat(origin.count("/doc")).isEqualTo(1);
    }

    @Test
    void aStaleObjectIsRevalidatedWithItsETagAndA304RefreshesIt() throws InterruptedException {
        origin.on("/tagged", request -> "\"v1\"".equals(request.headers().get("if-none-match"))
                ? Answer.of(304, "", "Cache-Control", "max-age=60", "ETag", "\"v1\"")
                : Answer.ok("version one", "Cache-Control", "max-age=1", "ETag", "\"v1\""));
        start();
        get("/tagged");
        Thread.sleep(1_100);
        var revalidated = get("/tagged", DEBUG);
        assertThat(revalidated.status()).isEqualTo(200);
        assertThat(revalidated.text()).isEqualTo("version one");
        assertThat(revalidated.header("x-backline-cache")).isEqualTo("miss: revalidated, 304 refreshed ttl=60");
        assertThat(origin.seen().get(1).headers()).containsEntry("if-none-match", "\"v1\"");
        var hit = get("/tagged");
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.text()).isEqualTo("version one");
        assertThat(origin.count("/tagged")).isEqualTo(2);
    }

    @Test
    void aStaleObjectIsRevalidatedWithItsLastModified() throws InterruptedException {
        var modified = "Mon, 01 Jan 2024 00:00:00 GMT";
        origin.on("/dated", request -> modified.equals(request.headers().get("if-modified-since"))
                ? Answer.of(304, "", "Cache-Control", "max-age=60")
                : Answer.ok("dated", "Cache-Control", "max-age=1", "Last-Modified", modified));
        start();
        get("/dated");
        Thread.sleep(1_100);
        assertThat(get("/dated").text()).isEqualTo("dated");
        assertThat(origin.seen().get(1).headers()).containsEntry("if-modified-since", modified);
        assertThat(get("/dated").header("x-cache")).isEqualTo("HIT");
        assertThat(origin.count("/dated")).isEqualTo(2);
    }

    @Test
    void byteRangesAreServedFromTheWholeObject() {
        origin.on("/digits", Answer.ok("0123456789", "Cache-Control", "max-age=60"));
        start();
        get("/digits");
        var part = get("/digits", "Range: bytes=2-5");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.text()).isEqualTo("2345");
        assertThat(part.header("content-range")).isEqualTo("bytes 2-5/10");
        assertThat(get("/digits", "Range: bytes=-3").text()).isEqualTo("789");
        var outside = get("/digits", "Range: bytes=20-");
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.header("content-range")).isEqualTo("bytes */10");
        assertThat(get("/digits", "Range: bytes=0-1,4-5").text()).isEqualTo("0123456789");
        assertThat(origin.count("/digits")).isEqualTo(1);
    }

    @Test
    void headIsAnsweredFromTheCacheWithoutABody() {
        origin.on("/page", Answer.ok("page body", "Cache-Control", "max-age=60"));
        start();
        assertThat(request("HEAD", "/page").header("x-cache")).isEqualTo("MISS"); // a HEAD miss stores nothing
        get("/page");
        var head = request("HEAD", "/page");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("x-cache")).isEqualTo("HIT");
        assertThat(head.header("content-length")).isEqualTo("9");
        assertThat(head.body()).isEmpty();
        assertThat(origin.count("/page")).isEqualTo(2);
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesOnceInTheBackground() throws InterruptedException {
        var version = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/news", request -> Answer.ok("news " + version.incrementAndGet(), "Cache-Control",
                "max-age=1, stale-while-revalidate=30"));
        start();
        assertThat(get("/news").text()).isEqualTo("news 1");
        Thread.sleep(1_100);
        for (int i = 0; i < 5; i++) {
            var stale = get("/news", DEBUG);
            if (origin.count("/news") == 1 || i == 0) {
                assertThat(stale.text()).isEqualTo("news 1");
            }
            assertThat(stale.header("x-cache")).isEqualTo("HIT");
        }
        await().atMost(WAIT).until(() -> origin.count("/news") == 2);
        var refresh = origin.seen().get(1).headers();
        assertThat(refresh).as("the refresh is rewritten for the origin as a miss is")
                .containsEntry("x-forwarded-for", "127.0.0.1").containsEntry("via", "1.1 backline").containsKey("traceparent");
        await().atMost(WAIT).until(() -> get("/news").text().equals("news 2"));
        assertThat(get("/news", DEBUG).header("x-backline-cache")).isEqualTo("hit");
        assertThat(origin.count("/news")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesTheStaleObjectWhenTheOriginIsDown() throws InterruptedException {
        origin.on("/status", Answer.ok("all good", "Cache-Control", "max-age=1, stale-if-error=60"));
        start();
        get("/status");
        origin.stop();
        Thread.sleep(1_100);
        var stale = get("/status", DEBUG);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo("all good");
        assertThat(stale.header("x-cache")).isEqualTo("HIT");
        assertThat(stale.header("x-backline-cache")).startsWith("stale: if-error (");
        var counters = edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE);
        assertThat(counters.responses(io.backline.edge.cache.CacheCounters.Result.STALE)).isEqualTo(1);
    }

    @Test
    void staleIfErrorServesTheStaleObjectWhenTheOriginAnswers5xx() throws InterruptedException {
        var broken = new java.util.concurrent.atomic.AtomicBoolean();
        origin.on("/flaky", request -> broken.get() ? Answer.of(503, "down")
                : Answer.ok("fine", "Cache-Control", "max-age=1, stale-if-error=60"));
        start();
        get("/flaky");
        broken.set(true);
        Thread.sleep(1_100);
        var stale = get("/flaky", DEBUG);
        assertThat(stale.text()).isEqualTo("fine");
        assertThat(stale.header("x-backline-cache")).isEqualTo("stale: if-error (origin 503)");
    }

    @Test
    void theSettingsStaleIfErrorServesStaleWithoutAHeader() throws InterruptedException {
        origin.on("/plain", Answer.ok("plain", "Cache-Control", "max-age=1"));
        start(SettingsSchema.SCHEMA.defaults(ServiceType.VCL).with(SettingsSchema.STALE_IF_ERROR, true), EdgeConfig.builder()
                .cacheSizeBytes(1 << 20).build());
        get("/plain");
        origin.stop();
        Thread.sleep(1_100);
        var stale = get("/plain");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo("plain");
    }

    @Test
    void withoutStaleIfErrorAFailedFetchIsTheError() throws InterruptedException {
        origin.on("/plain", Answer.ok("plain", "Cache-Control", "max-age=1"));
        start();
        get("/plain");
        origin.stop();
        Thread.sleep(1_100);
        assertThat(get("/plain").status()).isEqualTo(503);
    }

    @Test
    void fiftyConcurrentMissesMakeOneOriginRequest() throws Exception {
        origin.on("/slow", request -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ok("slow body", "Cache-Control", "max-age=60");
        });
        start();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<ProxyClient.Response>>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return get("/slow");
                }));
            }
            start.countDown();
            for (var result : results) {
                var response = result.get();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("slow body");
            }
        }
        assertThat(origin.count("/slow")).isEqualTo(1);
        var counters = edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE);
        assertThat(counters.collapsedTotal()).isPositive();
        assertThat(counters.responses(io.backline.edge.cache.CacheCounters.Result.MISS)).isEqualTo(1);
        assertThat(counters.responses(io.backline.edge.cache.CacheCounters.Result.HIT)).isEqualTo(49);
    }

    @Test
    void collapsedRequestsGoOnTheirOwnWhenTheResponseIsNotCacheable() throws Exception {
        origin.on("/mine", request -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ok("private", "Cache-Control", "private");
        });
        start();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<ProxyClient.Response>>();
            for (int i = 0; i < 5; i++) {
                results.add(pool.submit(() -> get("/mine")));
            }
            for (var result : results) {
                assertThat(result.get().text()).isEqualTo("private");
            }
        }
        assertThat(origin.count("/mine")).isEqualTo(5);
    }

    @Test
    void aPassedResponseMarksItsKeyHitForPassSoLaterMissesAreNotQueued() throws Exception {
        var cacheable = new java.util.concurrent.atomic.AtomicBoolean();
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        var mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/mine", request -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return Answer.ok("mine", "Cache-Control", cacheable.get() ? "max-age=60" : "private");
        }).on("/broken", Answer.of(500, "no", "Cache-Control", "max-age=60"));
        start();
        assertThat(get("/mine", DEBUG).header("x-backline-cache")).isEqualTo("pass: Cache-Control private");
        var counters = edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<ProxyClient.Response>>();
            for (int i = 0; i < 5; i++) {
                results.add(pool.submit(() -> get("/mine", DEBUG)));
            }
            for (var result : results) {
                var response = result.get();
                assertThat(response.text()).isEqualTo("mine");
                assertThat(response.header("x-cache")).isEqualTo("MISS");
                assertThat(response.header("x-backline-cache")).isEqualTo("pass: hit-for-pass (Cache-Control private)");
            }
        }
        assertThat(counters.collapsedTotal()).as("no request waited behind another's fetch").isZero();
        assertThat(mostAtOnce.get()).as("the five went to the origin together").isGreaterThan(1);
        assertThat(origin.count("/mine")).isEqualTo(6);

        // The marker holds while the origin turns cacheable (Fastly: HITPASS is not stored); a purge lifts it.
        cacheable.set(true);
        get("/mine");
        assertThat(get("/mine").header("x-cache")).isEqualTo("MISS");
        assertThat(edge.purge(new Purge.Url(ProxyFixtures.SERVICE, HOST, "/mine", false))).isZero();
        assertThat(get("/mine", DEBUG).header("x-backline-cache")).startsWith("miss: stored");
        assertThat(get("/mine").header("x-cache")).isEqualTo("HIT");

        // A status Fastly does not cache is delivered without a marker: the next miss looks again.
        get("/broken");
        assertThat(get("/broken", DEBUG).header("x-backline-cache")).isEqualTo("pass: status 500");
        assertThat(counters.responses(io.backline.edge.cache.CacheCounters.Result.PASS)).isEqualTo(1 + 5 + 2 + 2);
    }

    @Test
    void purgesThroughTheEdgeServerRemoveByUrlByKeyAndAll() {
        origin.on("/one", Answer.ok("1", "Cache-Control", "max-age=60", "Surrogate-Key", "red shared"))
                .on("/two", Answer.ok("2", "Cache-Control", "max-age=60", "Surrogate-Key", "blue shared"))
                .on("/three", Answer.ok("3", "Cache-Control", "max-age=60"));
        start();
        for (var path : List.of("/one", "/two", "/three")) {
            get(path);
        }
        assertThat(edge.purge(new Purge.Keys(ProxyFixtures.SERVICE, List.of("red"), false))).isEqualTo(1);
        assertThat(get("/one").header("x-cache")).isEqualTo("MISS");
        assertThat(get("/two").header("x-cache")).isEqualTo("HIT");
        assertThat(edge.purge(new Purge.Keys(ProxyFixtures.SERVICE, List.of("shared", "nothing"), false))).isEqualTo(2);
        assertThat(edge.purge(new Purge.Url(ProxyFixtures.SERVICE, HOST, "/three", false))).isEqualTo(1);
        assertThat(get("/three").header("x-cache")).isEqualTo("MISS");
        get("/one");
        get("/two");
        assertThat(edge.purge(new Purge.All(ProxyFixtures.SERVICE))).isEqualTo(3);
        assertThat(edge.purge(new Purge.All("another-service"))).isZero();
        for (var path : List.of("/one", "/two", "/three")) {
            assertThat(get(path).header("x-cache")).as(path).isEqualTo("MISS");
        }
        assertThat(origin.total()).isEqualTo(3 + 1 + 1 + 2 + 3);
        var counters = edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE);
        assertThat(counters.purges(0)).isEqualTo(1);
        assertThat(counters.purges(1)).isEqualTo(2);
        assertThat(counters.purges(3)).isEqualTo(1);
    }

    @Test
    void aSoftPurgeMarksStaleSoTheNextRequestRevalidates() {
        origin.on("/soft", request -> "\"s1\"".equals(request.headers().get("if-none-match"))
                ? Answer.of(304, "", "Cache-Control", "max-age=60", "ETag", "\"s1\"")
                : Answer.ok("soft body", "Cache-Control", "max-age=60", "ETag", "\"s1\"", "Surrogate-Key", "k"));
        start();
        get("/soft");
        assertThat(edge.purge(new Purge.Keys(ProxyFixtures.SERVICE, List.of("k"), true))).isEqualTo(1);
        var revalidated = get("/soft");
        assertThat(revalidated.text()).isEqualTo("soft body");
        assertThat(origin.count("/soft")).isEqualTo(2);
        assertThat(origin.seen().get(1).headers()).containsEntry("if-none-match", "\"s1\"");
        assertThat(get("/soft").header("x-cache")).isEqualTo("HIT");
        assertThat(edge.purge(new Purge.Url(ProxyFixtures.SERVICE, HOST, "/soft", true))).isEqualTo(1);
        get("/soft");
        assertThat(origin.count("/soft")).isEqualTo(3);
    }

    @Test
    void theHostsPortAndCaseDoNotSplitTheKey() {
        origin.on("/h", Answer.ok("h", "Cache-Control", "max-age=60"));
        start();
        get("/h");
        assertThat(ProxyClient.get(edge.port(), "Example.COM:8000", "/h").header("x-cache")).isEqualTo("HIT");
        assertThat(edge.purge(new Purge.Url(ProxyFixtures.SERVICE, "example.com", "/h", false))).isEqualTo(1);
        assertThat(origin.count("/h")).isEqualTo(1);
    }

    @Test
    void purgeSentToTheEdgeIsObeyedWhenUnauthenticatedPurgeIsAllowed() {
        origin.on("/p", Answer.ok("p", "Cache-Control", "max-age=60"));
        start(SettingsSchema.SCHEMA.defaults(ServiceType.VCL), EdgeConfig.builder().cacheSizeBytes(1 << 20)
                .allowUnauthenticatedPurge(true).build());
        get("/p");
        var purged = request("PURGE", "/p");
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.header("content-type")).isEqualTo("application/json");
        assertThat(purged.text()).matches("\\{\"status\":\"ok\",\"id\":\"1-\\d+-\\d+\"}");
        assertThat(get("/p").header("x-cache")).isEqualTo("MISS");
        assertThat(origin.count("/p")).isEqualTo(2);
    }

    @Test
    void purgeSentToTheEdgeIsRefusedByDefaultAndAskedOfTheAuthorizer() {
        origin.on("/p", Answer.ok("p", "Cache-Control", "max-age=60"));
        start();
        get("/p");
        var refused = request("PURGE", "/p");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text()).contains("\"detail\":\"purge refused: no Fastly-Key\"");
        assertThat(request("PURGE", "/p", "Fastly-Key: wrong").status()).isEqualTo(403);
        assertThat(get("/p").header("x-cache")).isEqualTo("HIT");
        edge.purgeAuthorizer((key, serviceId) -> java.util.concurrent.CompletableFuture.supplyAsync(
                () -> "secret".equals(key) && ProxyFixtures.SERVICE.equals(serviceId)));
        assertThat(request("PURGE", "/p", "Fastly-Key: wrong").status()).isEqualTo(403);
        var soft = request("PURGE", "/p", "Fastly-Key: secret", "Fastly-Soft-Purge: 1");
        assertThat(soft.status()).isEqualTo(200);
        assertThat(edge.cache().orElseThrow().counters(ProxyFixtures.SERVICE).purges(4)).isEqualTo(1);
        assertThat(get("/p").header("x-cache")).isEqualTo("MISS");
    }

    @Test
    void anActivationKeepsTheCache() {
        origin.on("/kept", Answer.ok("kept", "Cache-Control", "max-age=60"));
        start();
        get("/kept");
        active.set(snapshot(2, SettingsSchema.SCHEMA.defaults(ServiceType.VCL)));
        assertThat(get("/kept").header("x-cache")).isEqualTo("HIT");
        assertThat(origin.count("/kept")).isEqualTo(1);
    }

    @Test
    void withTheCacheOffEveryRequestGoesToTheOrigin() {
        origin.on("/off", Answer.ok("off", "Cache-Control", "max-age=60", "Surrogate-Key", "k"));
        start(SettingsSchema.SCHEMA.defaults(ServiceType.VCL), EdgeConfig.builder().cacheSizeBytes(0).build());
        get("/off");
        var second = get("/off");
        assertThat(second.header("x-cache")).isEqualTo("MISS");
        assertThat(second.header("x-cache-hits")).isNull();
        assertThat(second.header("surrogate-key")).isEqualTo("k");
        assertThat(origin.count("/off")).isEqualTo(2);
        assertThat(edge.cache()).isEmpty();
        assertThat(edge.purge(new Purge.All(ProxyFixtures.SERVICE))).isZero();
    }
}
