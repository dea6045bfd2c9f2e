package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rollouts in {@code backline serve} (issue 19), against real origins: version 1 of shop.test
 * answers "blue", the candidate, version 2, "green" (or fails). Load comes from 2,000 loopback client
 * addresses so the split by address shows in the shares.
 */
class RolloutTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CLIENTS = 2_000;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private HttpServer blue;
    private HttpServer green;

    @BeforeEach
    void origins() throws IOException {
        blue = NamedOrigin.start("blue");
        green = NamedOrigin.start("green");
    }

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
        blue.stop(0);
        green.stop(0);
    }

    @Test
    void aGoodCandidateAdvancesThroughEveryStepWithItsShareAndEndsPromotedActiveAndLocked() throws Exception {
        var server = serve();
        var api = api(server);
        var sid = blueActiveGreenDraft(api, NamedOrigin.port(green));
        var load = load(server, 8);

        var started = ok(api.post("/service/" + sid + "/rollout", Map.of("version", "2", "steps", "5,25,50,100", "step_seconds", "2",
                "min_requests", "50"))).json();
        assertThat(started.path("state").asText()).isEqualTo("running");
        assertThat(started.path("percent").asInt()).isEqualTo(5);
        assertThat(started.path("from_version").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(90)).until(() -> "promoted".equals(api.get("/service/" + sid + "/rollout").json().path("state")
                .asText()));
        load.close();

        var samples = load.samples();
        assertThat(samples).allSatisfy(sample -> assertThat(sample.status()).as("%s", sample).isEqualTo(200));
        // Each step's share of candidate requests is within a few points of its percentage.
        var byPercent = new TreeMap<Integer, long[]>();
        for (var sample : samples) {
            if (sample.percent() < 0) {
                continue;
            }
            var counts = byPercent.computeIfAbsent(sample.percent(), p -> new long[2]);
            counts[0]++;
            if (sample.candidate()) {
                counts[1]++;
                assertThat(sample.body()).isEqualTo("green");
            } else {
                assertThat(sample.body()).isEqualTo("blue");
            }
        }
        assertThat(byPercent.keySet()).contains(5, 25, 50);
        byPercent.forEach((percent, counts) -> {
            double share = 100.0 * counts[1] / counts[0];
            System.out.printf("rollout step %d%%: %d requests, %.1f%% to the candidate%n", percent, counts[0], share);
            if (percent < 100 && counts[0] >= 300) {
                assertThat(share).as("candidate share at %d%% over %d requests", percent, counts[0]).isCloseTo(percent,
                        org.assertj.core.data.Offset.offset(6.0));
            }
        });
        assertStickyAndForwardOnly(samples);

        var version = ok(api.get("/service/" + sid + "/version/2")).json();
        assertThat(version.path("active").asBoolean()).isTrue();
        assertThat(version.path("locked").asBoolean()).isTrue();
        assertThat(ok(api.get("/service/" + sid + "/version/1")).json().path("active").asBoolean()).isFalse();
        var done = ok(api.get("/service/" + sid + "/rollout")).json();
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("candidate").path("total_requests").asLong()).isGreaterThanOrEqualTo(150);
        // The edge serves version 2 to everyone now, without a split.
        await().atMost(WAIT).until(() -> {
            var sample = LoopbackLoad.send("127.1.0.7", server.edgeUri().getPort(), "shop.test");
            return "green".equals(sample.body()) && sample.rollout() == null;
        });
    }

    @Test
    void aCandidateThatFailsAThirdOfItsRequestsRollsBackAtTheFirstStep() throws Exception {
        var failing = failingOrigin(3);
        running.add(() -> failing.stop(0));
        var server = serve();
        var api = api(server);
        var sid = blueActiveGreenDraft(api, NamedOrigin.port(failing));
        var load = load(server, 8);

        ok(api.post("/service/" + sid + "/rollout", Map.of("version", "2", "step_seconds", "5", "min_requests", "50")));
        await().atMost(WAIT).until(() -> "rolled_back".equals(api.get("/service/" + sid + "/rollout").json().path("state").asText()));
        var rollout = ok(api.get("/service/" + sid + "/rollout")).json();
        long rolledBackAt = System.nanoTime();
        assertThat(rollout.path("step_index").asInt()).isZero();
        assertThat(rollout.path("reason").asText()).contains("step 1 (5%)").contains("error ratio").contains("max_error_ratio 0.01")
                .contains("baseline version 1 ratio");
        // After the edge follows, the old version serves everything.
        await().atMost(WAIT).until(() -> LoopbackLoad.send("127.1.0.9", server.edgeUri().getPort(), "shop.test").rollout() == null);
        long followed = System.nanoTime();
        Thread.sleep(1_000);
        load.close();

        var samples = load.samples();
        long failed = samples.stream().filter(s -> s.status() >= 500).count();
        long before = samples.stream().filter(s -> s.atNanos() <= followed).count();
        System.out.printf("bad candidate: %d of %d requests failed before the edge followed the rollback%n", failed, before);
        assertThat(failed).isPositive();
        // Bounded by the first step's share (5 %) of the traffic, of which a third fails.
        assertThat((double) failed / before).isLessThan(0.05);
        var after = samples.stream().filter(s -> s.atNanos() > followed).toList();
        assertThat(after).isNotEmpty().allSatisfy(sample -> {
            assertThat(sample.status()).isEqualTo(200);
            assertThat(sample.body()).isEqualTo("blue");
        });
        assertThat(ok(api.get("/service/" + sid + "/version/1")).json().path("active").asBoolean()).isTrue();
        var candidate = ok(api.get("/service/" + sid + "/version/2")).json();
        assertThat(candidate.path("active").asBoolean()).isFalse();
        assertThat(candidate.path("locked").asBoolean()).as("a rolled back candidate is left as it was").isFalse();
        assertThat(rolledBackAt).isPositive();
    }

    @Test
    void aCandidateWhoseOriginIsDownRollsBackWithinTheStepTimeOfReachingMinRequests() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var server = serve();
        var api = api(server);
        var sid = blueActiveGreenDraft(api, Integer.toString(closed));
        // Many clients, so that the candidate's share of them is close to 5 % whatever the rollout's hash seed.
        var load = load(server, 8, 20_000);
        Thread.sleep(500);

        long start = System.nanoTime();
        ok(api.post("/service/" + sid + "/rollout", Map.of("version", "2", "steps", "5,25,50,100", "step_seconds", "10",
                "min_requests", "50")));
        await().atMost(WAIT).until(() -> "rolled_back".equals(api.get("/service/" + sid + "/rollout").json().path("state").asText()));
        long rolledBack = System.nanoTime();
        await().atMost(WAIT).until(() -> LoopbackLoad.send("127.1.0.9", server.edgeUri().getPort(), "shop.test").rollout() == null);
        long followed = System.nanoTime();
        load.close();

        var samples = load.samples();
        var during = samples.stream().filter(s -> s.atNanos() >= start && s.atNanos() <= followed).toList();
        var failedDuring = during.stream().filter(s -> s.status() >= 500).toList();
        // The moment the candidate had answered min_requests (50) failures, as the clients saw them.
        long reachedMin = failedDuring.size() >= 50 ? failedDuring.get(49).atNanos() : followed;
        double seconds = (rolledBack - reachedMin) / 1e9;
        System.out.printf("origin down: %d of %d requests failed (%.2f%%); rolled back %.2f s after the start, %.2f s after the "
                + "candidate reached min_requests; edge followed %.2f s after the rollback%n", failedDuring.size(), during.size(),
                100.0 * failedDuring.size() / during.size(), (rolledBack - start) / 1e9, seconds, (followed - rolledBack) / 1e9);
        var rollout = ok(api.get("/service/" + sid + "/rollout")).json();
        assertThat(rollout.path("reason").asText()).contains("error ratio 1.0000");
        assertThat(failedDuring).allSatisfy(s -> assertThat(s.status()).isEqualTo(503));
        assertThat(seconds).as("rolled back within step_seconds + 2 s of reaching min_requests").isLessThan(10 + 2);
        assertThat((double) failedDuring.size() / during.size()).as("share of the traffic failed").isLessThanOrEqualTo(0.06);
        assertThat(samples.stream().filter(s -> s.atNanos() > followed)).allSatisfy(s -> assertThat(s.body()).isEqualTo("blue"));
    }

    @Test
    void promoteAndAbortEndARolloutAndActivateAndDeactivateAnswer409MeanWhile() throws Exception {
        var server = serve();
        var api = api(server);
        var sid = blueActiveGreenDraft(api, NamedOrigin.port(green));
        var path = "/service/" + sid + "/rollout";
        var first = ok(api.post(path, Map.of("version", "2", "steps", "50,100", "step_seconds", "600"))).json();

        var activate = api.put("/service/" + sid + "/version/2/activate", Map.of());
        assertThat(activate.status()).isEqualTo(409);
        assertThat(activate.json().path("detail").asText()).contains(first.path("id").asText()).contains(path + "/promote")
                .contains(path + "/abort");
        assertThat(api.put("/service/" + sid + "/version/1/deactivate", Map.of()).status()).isEqualTo(409);
        var second = api.post(path, Map.of("version", "2"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("detail").asText()).contains("one rollout at a time");

        // While it runs the edge splits by address: some clients get green, the others blue.
        await().atMost(WAIT).until(() -> LoopbackLoad.send("127.1.0.9", server.edgeUri().getPort(), "shop.test").rollout() != null);
        var seen = new HashSet<String>();
        for (var client : LoopbackLoad.addresses(40)) {
            seen.add(LoopbackLoad.send(client, server.edgeUri().getPort(), "shop.test").body());
        }
        assertThat(seen).containsExactlyInAnyOrder("blue", "green");
        // The staging listener is not split: it serves the active version (nothing is staged).
        var staging = server.stagingUri().getPort();
        assertThat(LoopbackLoad.addresses(40).stream().map(c -> LoopbackLoad.send(c, staging, "shop.test")))
                .allSatisfy(sample -> {
                    assertThat(sample.body()).isEqualTo("blue");
                    assertThat(sample.rollout()).isNull();
                });
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.get("/_backline/metrics").body())
                .contains("backline_rollout_percent{service=\"" + sid + "\"} 50.0")
                .contains("backline_rollout_requests_total{service=\"" + sid + "\",version=\"2\"}"));

        var aborted = ok(api.post(path + "/abort", Map.of())).json();
        assertThat(aborted.path("state").asText()).isEqualTo("aborted");
        assertThat(aborted.path("reason").asText()).contains("aborted by request");
        assertThat(ok(api.get("/service/" + sid + "/version/1")).json().path("active").asBoolean()).isTrue();
        assertThat(ok(api.get("/service/" + sid + "/version/2")).json().path("locked").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> LoopbackLoad.send("127.1.0.9", server.edgeUri().getPort(), "shop.test").rollout() == null);
        assertThat(LoopbackLoad.addresses(40).stream().map(c -> LoopbackLoad.send(c, server.edgeUri().getPort(), "shop.test").body()))
                .containsOnly("blue");
        assertThat(api.post(path + "/abort", Map.of()).status()).isEqualTo(400);

        ok(api.post(path, Map.of("version", "2", "steps", "10,100", "step_seconds", "600")));
        var promoted = ok(api.post(path + "/promote", Map.of())).json();
        assertThat(promoted.path("state").asText()).isEqualTo("promoted");
        assertThat(promoted.path("percent").asInt()).isEqualTo(100);
        var version = ok(api.get("/service/" + sid + "/version/2")).json();
        assertThat(version.path("active").asBoolean()).isTrue();
        assertThat(version.path("locked").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> "green".equals(LoopbackLoad.send("127.1.0.9", server.edgeUri().getPort(), "shop.test").body()));
        assertThat(LoopbackLoad.addresses(40).stream().map(c -> LoopbackLoad.send(c, server.edgeUri().getPort(), "shop.test").body()))
                .containsOnly("green");

        var all = ok(api.get("/service/" + sid + "/rollouts")).json();
        assertThat(all).hasSize(2);
        assertThat(all.path(0).path("state").asText()).isEqualTo("promoted");
        assertThat(all.path(1).path("state").asText()).isEqualTo("aborted");
        // With the rollout over, Fastly's activation works again.
        ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));
    }

    @Test
    void badInputGetsA4xxNamingTheFieldAndTheRule() throws Exception {
        var server = serve();
        var api = api(server);
        var sid = blueActiveGreenDraft(api, NamedOrigin.port(green));
        var path = "/service/" + sid + "/rollout";
        assertThat(api.get(path).status()).isEqualTo(404);
        ok(api.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(api.put("/service/" + sid + "/version/3/backend/origin", Map.of("healthcheck", "missing")));

        record Case(Map<String, String> form, int status, String detail) {}
        var cases = List.of(
                new Case(Map.of(), 400, "version: missing"),
                new Case(Map.of("version", "9"), 404, "Couldn't find Version"),
                new Case(Map.of("version", "x"), 400, "version"),
                new Case(Map.of("version", "1"), 400, "is the active version"),
                new Case(Map.of("version", "3"), 400, "does not validate"),
                new Case(Map.of("version", "2", "steps", "5,3,100"), 400, "strictly ascending"),
                new Case(Map.of("version", "2", "steps", "5,50"), 400, "the last step is 100"),
                new Case(Map.of("version", "2", "steps", "0,100"), 400, "percentages 1..100"),
                new Case(Map.of("version", "2", "steps", "5,x,100"), 400, "steps: 'x'"),
                new Case(Map.of("version", "2", "step_seconds", "0"), 400, "step_seconds: 0 (expected: 1.."),
                new Case(Map.of("version", "2", "min_requests", "-1"), 400, "min_requests"),
                new Case(Map.of("version", "2", "max_error_ratio", "1.5"), 400, "max_error_ratio: 1.5 (expected: a ratio 0..1"),
                new Case(Map.of("version", "2", "baseline_margin", "lots"), 400, "baseline_margin: 'lots'"),
                new Case(Map.of("version", "2", "speed", "fast"), 400, "speed: unknown field"));
        for (var c : cases) {
            var reply = api.post(path, c.form());
            assertThat(reply.status()).as("%s -> %s", c.form(), reply).isEqualTo(c.status());
            assertThat(reply.json().path("detail").asText()).as("%s", c.form()).contains(c.detail());
        }
        assertThat(api.post(path + "/promote", Map.of()).status()).isEqualTo(400);
        assertThat(api.get("/service/nosuchservice00000000/rollout").status()).isEqualTo(404);
        assertThat(api.get(path).status()).as("nothing was started").isEqualTo(404);
        var nullVersion = api.postJson(path, "{\"version\": null}");
        assertThat(nullVersion.status()).isEqualTo(400);
        assertThat(nullVersion.json().path("detail").asText()).startsWith("version: null");
        var objectSteps = api.postJson(path, "{\"version\": 2, \"steps\": {\"a\": 1}}");
        assertThat(objectSteps.status()).isEqualTo(400);
        assertThat(objectSteps.json().path("detail").asText()).startsWith("steps:");
        // A JSON body is read as the form is.
        var json = api.postJson(path, "{\"version\": 2, \"steps\": [20, 100], \"step_seconds\": 600, \"max_error_ratio\": 0.02}");
        assertThat(json.status()).as("%s", json).isEqualTo(200);
        assertThat(json.json().path("steps").toString()).isEqualTo("[20,100]");
        assertThat(json.json().path("max_error_ratio").asDouble()).isEqualTo(0.02);
    }

    @Test
    void aServeRestartedMidRolloutResumesTheSameSplit() throws Exception {
        var first = serve();
        var api = api(first);
        var sid = blueActiveGreenDraft(api, NamedOrigin.port(green));
        var id = ok(api.post("/service/" + sid + "/rollout", Map.of("version", "2", "steps", "50,100", "step_seconds", "600"))).json()
                .path("id").asText();
        await().atMost(WAIT).until(() -> LoopbackLoad.send("127.1.0.9", first.edgeUri().getPort(), "shop.test").rollout() != null);
        var before = versionsBy(first);
        api.close();
        running.remove(first);
        first.close();

        var again = serve();
        var after = versionsBy(again);
        assertThat(after).as("each client is served the version it was served before the restart").isEqualTo(before);
        assertThat(after.values()).contains("blue", "green");
        var rollout = ok(api(again).get("/service/" + sid + "/rollout")).json();
        assertThat(rollout.path("id").asText()).isEqualTo(id);
        assertThat(rollout.path("state").asText()).isEqualTo("running");
        assertThat(rollout.path("percent").asInt()).isEqualTo(50);
    }

    private Map<String, String> versionsBy(BacklineServer server) {
        var result = new HashMap<String, String>();
        for (var client : LoopbackLoad.addresses(60)) {
            result.put(client, LoopbackLoad.send(client, server.edgeUri().getPort(), "shop.test").body());
        }
        return result;
    }

    /** One client address sees one version in a step, and once on the candidate never goes back to the baseline. */
    private static void assertStickyAndForwardOnly(List<LoopbackLoad.Sample> samples) {
        var seen = new HashMap<String, Set<Boolean>>();
        var candidateSince = new HashMap<String, Integer>();
        for (var sample : samples) {
            if (sample.percent() < 0) {
                continue;
            }
            seen.computeIfAbsent(sample.client() + "@" + sample.percent(), k -> new HashSet<>()).add(sample.candidate());
            if (sample.candidate()) {
                candidateSince.merge(sample.client(), sample.percent(), Math::min);
            }
        }
        assertThat(seen.values()).allSatisfy(versions -> assertThat(versions).hasSize(1));
        for (var sample : samples) {
            var since = candidateSince.get(sample.client());
            if (since != null && sample.percent() > since) {
                assertThat(sample.candidate()).as("%s moved back to the baseline", sample.client()).isTrue();
            }
        }
    }

    /** shop.test: version 1 active on blue; version 2, its clone, on {@code candidatePort}, a draft. */
    private String blueActiveGreenDraft(CrashApi api, String candidatePort) throws IOException {
        var sid = ok(api.post("/service", Map.of("name", "shop"))).json().get("id").asText();
        ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port",
                NamedOrigin.port(blue))));
        ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));
        ok(api.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", candidatePort)));
        return sid;
    }

    /** An origin that answers 500 to every {@code every}-th request and "green" to the others. */
    private static HttpServer failingOrigin(int every) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var count = new AtomicLong();
        server.createContext("/", exchange -> {
            boolean fail = count.incrementAndGet() % every == 0;
            var bytes = (fail ? "broken" : "green").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Cache-Control", "private");
            exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private LoopbackLoad load(BacklineServer server, int threads) {
        return load(server, threads, CLIENTS);
    }

    private LoopbackLoad load(BacklineServer server, int threads, int clients) {
        var load = LoopbackLoad.start(server.edgeUri().getPort(), "shop.test", clients, threads);
        running.add(load);
        return load;
    }

    private BacklineServer serve() {
        var server = BacklineServer.start(ServeConfig.ephemeral(dir.resolve("data")));
        running.add(server);
        return server;
    }

    private CrashApi api(BacklineServer server) {
        var api = new CrashApi(server.apiUri(), server.adminToken());
        running.add(api);
        return api;
    }

    private static CrashApi.Reply ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply;
    }
}
