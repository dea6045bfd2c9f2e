package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.backline.api.TokenService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rollouts across processes (issue 19, docs/rollout.md): one {@code backline api} node and two
 * {@code backline edge} processes that get the split through the feed and report their counts to
 * it, real origins, and load from 2,999 client addresses sent to both edges in turn. A good candidate
 * goes through every step to promoted with the candidate's share at each step near its percentage;
 * a bad one is rolled back at its first step; an edge killed during a rollout comes back to the same
 * split; and with the API node on PostgreSQL killed and restarted mid-rollout, the rollout finishes.
 */
class RolloutNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CLIENTS = 2999;

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
    void aGoodCandidateAdvancesThroughEveryStepWithItsShareNearEachPercentageAndIsPromoted() throws Exception {
        var cluster = cluster(sqlite(), NamedOrigin.port(green));
        var load = load(cluster).start(8);

        var started = cluster.api().post("/service/" + cluster.sid() + "/rollout", Map.of("version", "2", "steps", "10,25,50,100",
                "step_seconds", "4", "min_requests", "30"));
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        await().atMost(Duration.ofSeconds(120)).until(() -> state(cluster).equals("promoted"));
        load.close();

        var samples = load.samples();
        assertThat(samples).allSatisfy(s -> assertThat(s.status()).as("%s", s).isEqualTo(200));
        // The header says which version served each answer during the rollout, and the origin agrees
        // (without the header: version 1 before the start, version 2 after the promotion).
        assertThat(samples).allSatisfy(s -> {
            if (s.side() != null) {
                assertThat(s.body()).as("%s", s).isEqualTo(s.candidate() ? "green" : "blue");
            } else {
                assertThat(s.body()).as("%s", s).isIn("blue", "green");
            }
        });
        var byPercent = samples.stream().filter(s -> s.side() != null).collect(Collectors.groupingBy(RolloutLoad.Sample::percent,
                TreeMap::new, Collectors.toList()));
        assertThat(byPercent).containsOnlyKeys(10, 25, 50, 100);
        byPercent.forEach((percent, atStep) -> {
            double share = 100.0 * atStep.stream().filter(RolloutLoad.Sample::candidate).count() / atStep.size();
            System.out.printf("rollout step %d %%: candidate share %.2f %% of %d answers%n", percent, share, atStep.size());
            assertThat(atStep.stream().map(RolloutLoad.Sample::edgePort).distinct()).as("both edges at %d %%", percent).hasSize(2);
            assertThat(share).as("candidate share at %d %% over %d answers of both edges", percent, atStep.size())
                    .isCloseTo(percent, within(5.0));
        });
        assertStickyWithinEachStep(samples);
        var version2 = cluster.api().get("/service/" + cluster.sid() + "/version/2").json();
        assertThat(version2.get("active").asBoolean()).isTrue();
        assertThat(version2.get("locked").asBoolean()).isTrue();
        // Both edges serve version 2 alone now.
        await().atMost(WAIT).until(() -> cluster.edges().stream().allMatch(edge -> {
            var sample = RolloutLoad.send("127.0.0.2", edge.port(), "shop.test");
            return sample.side() == null && sample.body().equals("green");
        }));
    }

    @Test
    void aCandidateWhoseOriginFailsAThirdOfRequestsIsRolledBackAtItsFirstStepAndTheOldVersionServesEverything() throws Exception {
        var calls = new AtomicInteger();
        var flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flaky.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        flaky.createContext("/", exchange -> {
            boolean fail = calls.incrementAndGet() % 3 == 0;
            var bytes = (fail ? "broken" : "green").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Cache-Control", "private");
            exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        flaky.start();
        running.add(() -> flaky.stop(0));
        var cluster = cluster(sqlite(), Integer.toString(flaky.getAddress().getPort()));
        var load = load(cluster).start(8);

        var started = cluster.api().post("/service/" + cluster.sid() + "/rollout", Map.of("version", "2", "steps", "10,50,100",
                "step_seconds", "5", "min_requests", "60"));
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> !state(cluster).equals("running"));
        var rollout = cluster.api().get("/service/" + cluster.sid() + "/rollout").json();
        assertThat(rollout.get("state").asText()).isEqualTo("rolled_back");
        assertThat(rollout.get("step_index").asInt()).isZero();
        assertThat(rollout.get("reason").asText()).contains("step 1 (10%)", "error ratio", "exceeds max_error_ratio");
        // The edges follow: the old version alone, for every client.
        await().atMost(WAIT).until(() -> cluster.edges().stream().allMatch(edge ->
                RolloutLoad.send("127.0.0.2", edge.port(), "shop.test").side() == null));
        var during = load.samples();
        var failed = during.stream().filter(s -> s.status() != 200).toList();
        assertThat(failed).as("the failures are the candidate's, at its 10 %% step").isNotEmpty()
                .allSatisfy(s -> assertThat(s.candidate() && s.percent() == 10 && s.status() == 500).as("%s", s).isTrue());
        assertThat((double) failed.size() / during.size()).as("failed share of %d answers", during.size()).isLessThan(0.10);
        load.clear();
        Thread.sleep(1_000);
        load.close();

        var after = load.samples();
        assertThat(after).isNotEmpty().allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.body()).isEqualTo("blue");
            assertThat(s.side()).isNull();
        });
        var version1 = cluster.api().get("/service/" + cluster.sid() + "/version/1").json();
        assertThat(version1.get("active").asBoolean()).isTrue();
        assertThat(cluster.api().get("/service/" + cluster.sid() + "/version/2").json().get("active").asBoolean()).isFalse();
    }

    @Test
    void anEdgeKilledDuringARolloutComesBackToTheSameSplit() throws Exception {
        var cluster = cluster(sqlite(), NamedOrigin.port(green));
        var started = cluster.api().post("/service/" + cluster.sid() + "/rollout", Map.of("version", "2", "steps", "50,100",
                "step_seconds", "600"));
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        var edge = cluster.edges().getFirst();
        await().atMost(WAIT).until(() -> RolloutLoad.send("127.0.0.2", edge.port(), "shop.test").side() != null);
        var clients = RolloutLoad.addresses(200);
        var before = versions(clients, edge.port());
        assertThat(new HashSet<>(before.values())).as("both versions among 200 clients at 50 %").containsExactlyInAnyOrder("blue",
                "green");

        edge.kill();
        var restarted = NodeProcess.edge(List.of(cluster.apiNode().uri()), cluster.token(), dir.resolve("edge-1"), "edge-1",
                dir.resolve("logs/edge-1-restarted.log"), List.of("--warmup-requests", "0"));
        running.add(restarted);
        await().atMost(WAIT).until(() -> RolloutLoad.send("127.0.0.2", restarted.port(), "shop.test").status() == 200);

        assertThat(versions(clients, restarted.port())).as("each client sees the version it saw before the restart").isEqualTo(before);
        assertThat(state(cluster)).isEqualTo("running");
        assertThat(cluster.api().post("/service/" + cluster.sid() + "/rollout/abort", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anApiNodeOnPostgresqlKilledAndRestartedDuringARolloutLetsItFinish() throws Exception {
        try (var postgres = EmbeddedPostgres.builder().start()) {
            try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE rollout");
            }
            var database = "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/rollout";
            var cluster = cluster(database, NamedOrigin.port(green));
            var load = load(cluster).start(8);
            var started = cluster.api().post("/service/" + cluster.sid() + "/rollout", Map.of("version", "2", "steps", "10,50,100",
                    "step_seconds", "3", "min_requests", "30"));
            assertThat(started.status()).as("%s", started).isEqualTo(200);
            // Killed while the edges serve the second step (an edge may miss a step the API node passed just before it died).
            await().atMost(Duration.ofSeconds(60)).until(() -> load.samples().stream().anyMatch(s -> s.percent() == 50));

            int port = cluster.apiNode().port();
            cluster.apiNode().kill();
            Thread.sleep(2_000); // the edges keep serving the split with no API node
            var restarted = NodeProcess.api(database, dir.resolve("logs/api-restarted.log"), port);
            running.add(restarted);

            await().atMost(Duration.ofSeconds(90)).until(() -> state(cluster).equals("promoted"));
            load.close();
            var samples = load.samples();
            assertThat(samples.stream().filter(s -> s.status() != 200)).as("every answer was served, the API node's absence too")
                    .isEmpty();
            assertThat(samples.stream().map(RolloutLoad.Sample::percent).collect(Collectors.toSet())).contains(10, 50, 100);
            assertThat(cluster.api().get("/service/" + cluster.sid() + "/version/2").json().get("active").asBoolean()).isTrue();
            for (var closeable : running.reversed()) {
                closeable.close(); // before PostgreSQL goes
            }
            running.clear();
        }
    }

    /** Within one step (one percentage) a client address is served by one version, whichever edge it asks. */
    private static void assertStickyWithinEachStep(List<RolloutLoad.Sample> samples) {
        var seen = new HashMap<String, Set<String>>();
        samples.stream().filter(s -> s.side() != null)
                .forEach(s -> seen.computeIfAbsent(s.client() + " at " + s.percent(), k -> new HashSet<>()).add(s.side()));
        assertThat(seen).isNotEmpty().allSatisfy((client, sides) -> assertThat(sides).as(client).hasSize(1));
    }

    private static Map<String, String> versions(List<String> clients, int port) {
        var out = new TreeMap<String, String>();
        clients.forEach(client -> out.put(client, RolloutLoad.send(client, port, "shop.test").body()));
        return out;
    }

    private static String state(Cluster cluster) throws IOException {
        var reply = cluster.api().get("/service/" + cluster.sid() + "/rollout");
        return reply.status() == 200 ? reply.json().get("state").asText() : "(status " + reply.status() + ")";
    }

    private RolloutLoad load(Cluster cluster) {
        var load = new RolloutLoad(cluster.edges().stream().map(NodeProcess::port).toList(), "shop.test", CLIENTS);
        running.add(load);
        return load;
    }

    private String sqlite() {
        return dir.resolve("backline.db").toString();
    }

    /** An API node on {@code database}, two edges, and service shop.test: version 1 (blue) active, version 2 to {@code candidatePort}. */
    private Cluster cluster(String database, String candidatePort) throws Exception {
        String token;
        try (var store = Databases.open(database)) {
            token = new TokenService(store, Clock.systemUTC()).create("rollout test", "global", List.of()).secret();
        }
        var apiNode = NodeProcess.api(database, dir.resolve("logs/api.log"));
        running.add(apiNode);
        var edges = new ArrayList<NodeProcess>();
        for (var name : List.of("edge-1", "edge-2")) {
            var edge = NodeProcess.edge(List.of(apiNode.uri()), token, dir.resolve(name), name, dir.resolve("logs/" + name + ".log"),
                    List.of("--warmup-requests", "0"));
            running.add(edge);
            edges.add(edge);
        }
        var api = new CrashApi(apiNode.uri(), token);
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        ok(api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test")));
        ok(api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port",
                NamedOrigin.port(blue))));
        ok(api.put("/service/" + sid + "/version/1/activate", Map.of()));
        ok(api.put("/service/" + sid + "/version/1/clone", Map.of()));
        ok(api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", candidatePort)));
        await().atMost(WAIT).until(() -> edges.stream().allMatch(edge -> RolloutLoad.send("127.0.0.2", edge.port(), "shop.test")
                .body().equals("blue")));
        return new Cluster(apiNode, edges, api, sid, token);
    }

    private record Cluster(NodeProcess apiNode, List<NodeProcess> edges, CrashApi api, String sid, String token) {}

    private static JsonNode ok(CrashApi.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }
}
