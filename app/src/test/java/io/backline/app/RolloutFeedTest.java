package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.backline.model.ServiceId;
import io.backline.store.Rollout;
import io.backline.store.RolloutState;
import io.backline.store.SqliteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge feed's side of a staged rollout, in one JVM on one database file: a running rollout
 * reaches an edge node with its candidate (EdgeFeed.Split), the node's counts come back through
 * {@code /_backline/edge/rollout-report} into the store, the split is kept on disk for a restart, and
 * the end of the rollout takes it away. The rollout is written to the store directly, as the
 * control plane's decider would, so this test needs only the feed.
 */
class RolloutFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private HttpServer blue;
    private HttpServer green;
    private SqliteStore store;

    @BeforeEach
    void origins() throws IOException {
        blue = NamedOrigin.start("blue");
        green = NamedOrigin.start("green");
        store = SqliteStore.open(dir.resolve("shared.db"));
        running.add(store);
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
    void aRunningRolloutReachesTheEdgeWithItsCandidateIsCountedKeptAcrossARestartAndGoesWhenItEnds() throws Exception {
        var node = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0);
        running.add(node);
        var token = node.newAdminToken();
        var edge = edge(token, node.apiUri());
        var api = new CrashApi(node.apiUri(), token);
        var sid = api.post("/service", Map.of("name", "shop")).json().get("id").asText();
        api.post("/service/" + sid + "/version/1/domain", Map.of("name", "shop.test"));
        api.post("/service/" + sid + "/version/1/backend", Map.of("name", "origin", "address", "127.0.0.1", "port", NamedOrigin.port(blue)));
        assertThat(api.put("/service/" + sid + "/version/1/activate", Map.of()).status()).isEqualTo(200);
        api.put("/service/" + sid + "/version/1/clone", Map.of());
        api.put("/service/" + sid + "/version/2/backend/origin", Map.of("port", NamedOrigin.port(green)));
        await().atMost(WAIT).until(() -> edge.servedVersions().containsKey(sid));
        assertThat(edge.rollouts()).isEmpty();

        var now = Instant.now();
        var rollout = new Rollout("rfeed" + System.nanoTime(), new ServiceId(sid), 2, 1, List.of(50, 100), 600, 100, 0.01, 0.005, 0, now,
                RolloutState.RUNNING, null, now, now);
        store.write(tx -> {
            tx.insertRollout(rollout);
            return null;
        });
        wakeTheFeed(api);
        await().atMost(WAIT).until(() -> edge.rollouts().containsKey(sid));
        var split = edge.rollouts().get(sid);
        assertThat(split.rolloutId()).isEqualTo(rollout.id());
        assertThat(split.percent()).isEqualTo(50);
        assertThat(split.candidate().version()).isEqualTo(2);
        assertThat(edge.servedVersions()).containsEntry(sid, 1);
        assertThat(Files.readString(dir.resolve("edge-1/snapshot.json"))).contains("\"rollout\"", rollout.id());

        // Requests from 40 client addresses: whichever version answered each, the edge reports it and the store counts it.
        for (int client = 2; client < 42; client++) {
            assertThat(send(edge, "127.0.0." + client)).isIn("blue", "green");
        }
        await().atMost(WAIT).until(() -> counted(rollout.id()) == 40);

        // A restart with no API node to ask: the kept split is served again and its counts start from 0.
        running.remove(edge);
        edge.close();
        var restarted = edge(token, URI.create("http://127.0.0.1:" + deadPort()));
        assertThat(restarted.rollouts()).containsKey(sid);
        assertThat(restarted.rollouts().get(sid).rolloutId()).isEqualTo(rollout.id());
        assertThat(restarted.servedVersions()).containsEntry(sid, 1);
        running.remove(restarted);
        restarted.close();

        // Back on the API node: the rollout ends (aborted) and the split goes.
        var back = edge(token, node.apiUri());
        await().atMost(WAIT).until(() -> back.connectedTo() != null);
        store.write(tx -> tx.updateRollout(rollout, rollout.ended(RolloutState.ABORTED, "test", Instant.now())));
        wakeTheFeed(api);
        await().atMost(WAIT).until(() -> back.rollouts().isEmpty());
        assertThat(send(back, "127.0.0.2")).isEqualTo("blue");
    }

    @Test
    void aMalformedRolloutReportIsRefusedNamingTheField() throws Exception {
        var node = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0);
        running.add(node);
        var api = new CrashApi(node.apiUri(), node.newAdminToken());

        var bad = api.post("/_backline/edge/rollout-report", Map.of("edge_id", "edge-1", "counts", "r1:SU1:5:10:11"));
        var missing = api.post("/_backline/edge/rollout-report", Map.of("counts", ""));
        var unknown = api.post("/_backline/edge/rollout-report", Map.of("edge_id", "edge-1", "counts", "nosuchrollout:SU1:5:10:1"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).startsWith("counts: 'r1:SU1:5:10:11' (expected: ");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asText()).contains("edge_id");
        assertThat(unknown.status()).as("counts of a rollout that is not running are dropped").isEqualTo(200);
    }

    /** Any activation moves the feed's revision, and the long poll answers with every difference, the split's too. */
    private static void wakeTheFeed(CrashApi api) throws IOException {
        var other = api.post("/service", Map.of("name", "wake-" + System.nanoTime())).json().get("id").asText();
        api.post("/service/" + other + "/version/1/backend", Map.of("name", "o", "address", "127.0.0.1", "port", "9"));
        assertThat(api.put("/service/" + other + "/version/1/activate", Map.of()).status()).isEqualTo(200);
    }

    private long counted(String rolloutId) {
        return store.read(tx -> tx.rolloutTallies(rolloutId).stream().mapToLong(t -> t.requests()).sum());
    }

    private EdgeNode edge(String token, URI plane) {
        var node = EdgeNode.start(new EdgeNode.Settings(List.of(plane), token, new HostPort("127.0.0.1", 0), dir.resolve("edge-1"),
                "edge-1"));
        running.add(node);
        return node;
    }

    /** One request for shop.test from {@code client} (a loopback address of its own): the origin's name. */
    private static String send(EdgeNode edge, String client) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(client, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    private static int deadPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
