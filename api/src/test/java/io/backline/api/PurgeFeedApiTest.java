package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.store.StoreTx;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Purges in the edge feed: an edge reports the last purge it applied and gets those after it, a new
 * or long-absent edge gets a reset, a purge wakes a waiting feed call, and the edges list shows what
 * each edge applied.
 */
class PurgeFeedApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static long lastPurge() {
        return api.store().read((StoreTx tx) -> tx.lastPurge());
    }

    private static JsonNode sync(String edgeId, String purged, int waitSeconds) {
        return api.post("/_backline/edge/sync", form("edge_id", edgeId, "serving", "", "purged", purged,
                "wait_seconds", Integer.toString(waitSeconds))).ok().json();
    }

    @Test
    void anEdgeWithoutAPurgeSequenceIsToldToResetAndGoOnFromTheLastOne() {
        var sid = api.createService("feed-new-edge");
        api.call("POST", "/service/" + sid + "/purge/k").send().ok();

        var answer = api.post("/_backline/edge/sync", form("edge_id", "edge-new", "serving", "", "wait_seconds", "0")).ok().json();

        assertThat(answer.path("purge_reset").asBoolean()).isTrue();
        assertThat(answer.path("purged").asLong()).isEqualTo(lastPurge());
        assertThat(answer.path("purges")).isEmpty();
    }

    @Test
    void anEdgeGetsThePurgesAfterTheOneItAppliedInOrderWithEveryField() {
        var sid = api.createService("feed-after");
        long before = lastPurge();
        api.call("POST", "/service/" + sid + "/purge").header("Surrogate-Key", "a b").header("Fastly-Soft-Purge", "1").send().ok();
        api.call("POST", "/service/" + sid + "/purge_all").send().ok();

        var answer = sync("edge-after", Long.toString(before), 0);

        assertThat(answer.path("purge_reset").asBoolean()).isFalse();
        assertThat(answer.path("purged").asLong()).isEqualTo(before + 2);
        var purges = answer.path("purges");
        assertThat(purges).hasSize(2);
        assertThat(purges.get(0).path("seq").asLong()).isEqualTo(before + 1);
        assertThat(purges.get(0).path("service_id").asText()).isEqualTo(sid);
        assertThat(purges.get(0).path("kind").asText()).isEqualTo("keys");
        assertThat(purges.get(0).path("keys")).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(purges.get(0).path("soft").asBoolean()).isTrue();
        assertThat(purges.get(1).path("kind").asText()).isEqualTo("all");
        assertThat(sync("edge-after", Long.toString(before + 2), 0).path("purges")).isEmpty();
    }

    @Test
    void aPurgeWakesAFeedCallWaitingForChanges() throws Exception {
        var sid = api.createService("feed-wake");
        long before = lastPurge();
        // The edge says it serves what is active (other tests activate services), so only the purge can wake it.
        var serving = new java.util.StringJoiner(",");
        sync("edge-wake", Long.toString(before), 0).path("changed")
                .forEach(service -> serving.add(service.path("service_id").asText() + ":" + service.path("version").asInt()));
        var waiting = CompletableFuture.supplyAsync(() -> api.post("/_backline/edge/sync", form("edge_id", "edge-wake",
                "serving", serving.toString(), "purged", Long.toString(before), "wait_seconds", "30")).ok().json());
        Thread.sleep(300); // the call is waiting on the watch by now; if not, it answers the purge at once, which is no worse

        long start = System.nanoTime();
        api.call("POST", "/service/" + sid + "/purge/woken").send().ok();
        var answer = waiting.get(10, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(answer.path("purges")).singleElement().satisfies(purge ->
                assertThat(purge.path("keys").get(0).asText()).isEqualTo("woken"));
    }

    @Test
    void anEdgeWhoseNextPurgeWasPrunedIsToldToReset() {
        var sid = api.createService("feed-pruned");
        long before = lastPurge();
        api.call("POST", "/service/" + sid + "/purge/old").send().ok();
        api.moveClockPast(Instant.now().plus(PurgeService.RETENTION).plusSeconds(120).toString());
        api.call("POST", "/service/" + sid + "/purge/new").send().ok(); // prunes the old one

        var answer = sync("edge-away", Long.toString(before), 0);

        assertThat(answer.path("purge_reset").asBoolean()).isTrue();
        assertThat(answer.path("purged").asLong()).isEqualTo(lastPurge());
    }

    @Test
    void anEdgeAheadOfTheDatabaseIsToldToReset() {
        var answer = sync("edge-ahead", Long.toString(lastPurge() + 1_000), 0);

        assertThat(answer.path("purge_reset").asBoolean()).isTrue();
    }

    @Test
    void theEdgesListShowsTheLastPurgeEachEdgeApplied() {
        var sid = api.createService("feed-edges");
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post("/service/" + sid + "/version/1/domain", form("name", "feed-edges.example.com")).ok();
        api.put("/service/" + sid + "/version/1/activate").ok();
        long seq = lastPurge();

        api.post("/_backline/edge/sync", form("edge_id", "edge-listed", "serving", sid + ":1", "purged", Long.toString(seq),
                "wait_seconds", "0")).ok();

        var edges = api.get("/service/" + sid + "/edges").ok().json();
        assertThat(edges).singleElement().satisfies(edge -> assertThat(edge.path("purged").asLong()).isEqualTo(seq));
    }

    @Test
    void aPurgedValueThatIsNoSequenceIsA400() {
        var reply = api.post("/_backline/edge/sync", form("edge_id", "edge-bad", "serving", "", "purged", "-3", "wait_seconds", "0"))
                .status(400).json();

        assertThat(reply.path("detail").asText()).isEqualTo("purged: '-3' (expected: the last purge sequence applied, 0 or more)");
    }
}
