package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POPs through the edge feed and {@code GET /datacenters} (shielding, docs/shielding.md): every
 * edge says its POP and address in its sync report, every answer carries the POPs with their live
 * edges' addresses, a changed map answers a waiting poll at once, and an edge silent for longer
 * than the bound is no longer offered.
 */
class PopsApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private JsonNode sync(String... pairs) {
        var all = new ArrayList<>(List.of("serving", "", "wait_seconds", "0"));
        all.addAll(List.of(pairs));
        return api.post("/_backline/edge/sync", form(all.toArray(String[]::new))).ok().json();
    }

    private static List<String> addresses(JsonNode answer, String pop) {
        var list = new ArrayList<String>();
        answer.path("pops").path(pop).forEach(address -> list.add(address.asText()));
        return list;
    }

    @Test
    void everySyncAnswerCarriesThePopsWithTheAddressesOfTheirEdges() {
        sync("edge_id", "p1-edge-1", "pop", "p1a", "address", "127.0.0.1:9101");
        sync("edge_id", "p1-edge-2", "pop", "p1a", "address", "127.0.0.1:9102");
        var answer = sync("edge_id", "p1-edge-3", "pop", "p1s", "address", "[::1]:9103");

        assertThat(addresses(answer, "p1a")).containsExactly("127.0.0.1:9101", "127.0.0.1:9102");
        assertThat(addresses(answer, "p1s")).containsExactly("[::1]:9103");
        assertThat(answer.path("pops_digest").asText()).matches("[0-9a-f]{16}");

        // An edge without an address is its POP's member all the same, and offers no address.
        var lone = sync("edge_id", "p1-edge-4", "pop", "p1lone");
        assertThat(lone.path("pops").has("p1lone")).isTrue();
        assertThat(addresses(lone, "p1lone")).isEmpty();
        // An edge that says nothing of POPs (one before shielding) still gets them.
        assertThat(addresses(sync("edge_id", "p1-old-edge"), "p1a")).hasSize(2);
    }

    @Test
    void datacentersListsTheKnownPopsInFastlysShape() {
        sync("edge_id", "p2-edge", "pop", "p2s", "address", "127.0.0.1:9201");

        var datacenters = api.get("/datacenters").ok().json();

        JsonNode pop = null;
        for (var item : datacenters) {
            if (item.path("code").asText().equals("p2s")) {
                pop = item;
            }
        }
        assertThat(pop).as("%s", datacenters).isNotNull();
        assertThat(pop.path("name").asText()).isEqualTo("p2s");
        assertThat(pop.path("group").asText()).isEqualTo("Backline");
        assertThat(pop.path("shield").asText()).as("what a backend's shield names").isEqualTo("p2s");
        assertThat(pop.path("coordinates").path("latitude").isNumber()).isTrue();
        assertThat(pop.path("coordinates").path("longitude").isNumber()).isTrue();
        assertThat(pop.path("coordinates").path("x").isNumber()).isTrue();
        assertThat(pop.path("coordinates").path("y").isNumber()).isTrue();
    }

    @Test
    void aWaitingEdgeHearsOfANewShieldEdgeAtOnce() throws Exception {
        var first = sync("edge_id", "p3-edge-a", "pop", "p3a", "address", "127.0.0.1:9301");
        var digest = first.path("pops_digest").asText();

        long started = System.nanoTime();
        var waiting = CompletableFuture.supplyAsync(() -> api.post("/_backline/edge/sync", form("edge_id", "p3-edge-a", "serving", "",
                "pop", "p3a", "address", "127.0.0.1:9301", "pops_digest", digest, "wait_seconds", "20")).ok().json());
        Thread.sleep(300); // the poll waits: nothing it reports differs
        assertThat(waiting).isNotDone();
        sync("edge_id", "p3-edge-s", "pop", "p3s", "address", "127.0.0.1:9302");

        var answer = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(addresses(answer, "p3s")).containsExactly("127.0.0.1:9302");
        assertThat(answer.path("pops_digest").asText()).isNotEqualTo(digest);
    }

    @Test
    void anEdgeNotHeardFromForLongerThanTheBoundIsNoLongerOffered() {
        sync("edge_id", "p4-edge-gone", "pop", "p4s", "address", "127.0.0.1:9401");
        api.advanceClock(PopDirectory.LIVE.toSeconds() + 1);
        sync("edge_id", "p4-edge-live", "pop", "p4s", "address", "127.0.0.1:9402");

        // The map is read from the store at most once a second: within two, the silent edge is gone.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> offered;
        do {
            offered = addresses(sync("edge_id", "p4-edge-live", "pop", "p4s", "address", "127.0.0.1:9402"), "p4s");
        } while (offered.size() != 1 && System.nanoTime() < deadline && pause());
        assertThat(offered).containsExactly("127.0.0.1:9402");
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Test
    void aMalformedPopOrAddressIsRefusedWithTheRule() {
        var pop = api.post("/_backline/edge/sync", form("edge_id", "p5", "serving", "", "pop", "no spaces", "wait_seconds", "0"))
                .status(400).json();
        assertThat(pop.path("detail").asText()).contains("pop", "letters, digits");
        var address = api.post("/_backline/edge/sync", form("edge_id", "p5", "serving", "", "pop", "p5", "address", "nohost",
                "wait_seconds", "0")).status(400).json();
        assertThat(address.path("detail").asText()).contains("address", "HOST:PORT");
    }
}
