package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.backline.model.DirectorRules;
import io.backline.model.DirectorSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Directors through real origins on loopback: each policy as traffic sees it, quorum and retries. */
class DirectorProxyTest {
    private ProxyOrigin a;
    private ProxyOrigin b;
    private ProxyOrigin c;
    /** Backends named here are sick; the edge reads this on every request. */
    private final Set<String> sick = ConcurrentHashMap.newKeySet();
    private final HealthView health = backend -> !sick.contains(backend.name());

    @BeforeEach
    void origins() {
        a = ProxyOrigin.start("a");
        b = ProxyOrigin.start("b");
        c = ProxyOrigin.start("c");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        c.close();
    }

    static Values director(String name, int type, List<String> members, String... fields) {
        var input = new HashMap<String, List<String>>();
        input.put("name", List.of(name));
        input.put("type", List.of(Integer.toString(type)));
        for (int i = 0; i < fields.length; i += 2) {
            input.put(fields[i], List.of(fields[i + 1]));
        }
        return DirectorRules.INSTANCE.create(DirectorSchema.SCHEMA.parse(input), ServiceType.VCL)
                .with(DirectorSchema.BACKENDS, List.copyOf(members));
    }

    private EdgeServer start(List<Values> backends, List<Values> conditions, Values... directors) {
        var version = new ActiveVersion(ProxyFixtures.SERVICE, 1, backends, conditions, List.of(),
                List.of(ProxyFixtures.domain("example.com")), List.of(directors));
        var snapshot = SnapshotCompiler.compile(1, List.of(version));
        return EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, health);
    }

    private List<Values> threeBackends(int weightA, int weightB, int weightC) {
        return List.of(backend("a", a.port(), "weight", Integer.toString(weightA)), backend("b", b.port(), "weight",
                Integer.toString(weightB)), backend("c", c.port(), "weight", Integer.toString(weightC)));
    }

    @Test
    void randomDirectorSplitsTenThousandRequestsByMemberWeight() {
        int requests = 10_000;
        var counts = new HashMap<String, Integer>();
        try (var edge = start(threeBackends(100, 200, 100), List.of(), director("lb", 1, List.of("a", "b", "c")));
                var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < requests; i++) {
                var response = client.request("GET", "example.com", "/item/" + i);
                assertThat(response.status()).isEqualTo(200);
                counts.merge(response.text(), 1, Integer::sum);
            }
        }
        // Expected 0.25 / 0.50 / 0.25; one standard deviation is at most 0.005 here, so ±0.02 is four of them.
        assertThat(counts.get("a") / (double) requests).isBetween(0.23, 0.27);
        assertThat(counts.get("b") / (double) requests).isBetween(0.48, 0.52);
        assertThat(counts.get("c") / (double) requests).isBetween(0.23, 0.27);
    }

    @Test
    void hashDirectorSendsOneUrlToOneMemberAndASickMemberMovesOnlyItsShare() {
        int urls = 300;
        var before = new HashMap<String, String>();
        try (var edge = start(threeBackends(100, 100, 100), List.of(), director("h", 3, List.of("a", "b", "c"), "quorum", "50"));
                var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < urls; i++) {
                var url = "/object/" + i;
                var first = client.request("GET", "example.com", url).text();
                for (int again = 0; again < 3; again++) {
                    assertThat(client.request("GET", "example.com", url).text()).as(url).isEqualTo(first);
                }
                before.put(url, first);
            }
            assertThat(before.values()).contains("a", "b", "c");
            // The same URL on another host is another object: the key is Host and URL.
            assertThat(client.request("GET", "EXAMPLE.com", "/object/1").status()).isEqualTo(200);

            sick.add("b");
            for (var entry : before.entrySet()) {
                var now = client.request("GET", "example.com", entry.getKey()).text();
                if (entry.getValue().equals("b")) {
                    assertThat(now).as(entry.getKey()).isIn("a", "c");
                } else {
                    assertThat(now).as("%s stays where it was", entry.getKey()).isEqualTo(entry.getValue());
                }
            }
            sick.clear();
            for (var entry : before.entrySet()) {
                assertThat(client.request("GET", "example.com", entry.getKey()).text()).as("%s returns", entry.getKey())
                        .isEqualTo(entry.getValue());
            }
        }
    }

    @Test
    void clientDirectorKeepsEachClientAddressOnOneMember() {
        var chosen = new HashMap<String, String>();
        try (var edge = start(threeBackends(100, 100, 100), List.of(), director("sticky", 4, List.of("a", "b", "c")))) {
            for (int host = 2; host <= 31; host++) {
                var address = "127.0.0." + host;
                try (var client = new ProxyClient(edge.port(), address)) {
                    var first = client.request("GET", "example.com", "/start").text();
                    for (int i = 0; i < 5; i++) {
                        assertThat(client.request("GET", "example.com", "/page/" + i + "?q=" + host).text()).as(address).isEqualTo(first);
                    }
                    chosen.put(address, first);
                }
                // A new connection from the same address lands on the same member.
                try (var again = new ProxyClient(edge.port(), address)) {
                    assertThat(again.request("GET", "example.com", "/later").text()).isEqualTo(chosen.get(address));
                }
            }
        }
        assertThat(Set.copyOf(chosen.values())).as("30 addresses spread over the members").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void directorBelowItsQuorumAnswers503WithFastlysReason() {
        var backends = List.of(backend("a", a.port()), backend("b", b.port()), backend("c", c.port()), backend("d", c.port(),
                "override_host", "d.example.com"));
        try (var edge = start(backends, List.of(), director("q", 1, List.of("a", "b", "c", "d"), "quorum", "75"))) {
            sick.add("d"); // 300 of 400 healthy: 75% reaches the quorum
            assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);

            sick.add("c"); // 200 of 400: below 75%
            var refused = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.reason()).isEqualTo("Quorum weight not reached");
            assertThat(refused.header("X-Backline-Error")).isEqualTo("Quorum weight not reached");

            sick.addAll(List.of("a", "b"));
            var none = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(none.status()).isEqualTo(503);
            assertThat(none.header("X-Backline-Error")).isEqualTo("All backends failed or unhealthy");
        }
        assertThat(a.seen().size() + b.seen().size() + c.seen().size()).isEqualTo(1);
    }

    @Test
    void connectionFailuresAreRetriedOnOtherMembersUpToRetries() {
        var backends = List.of(backend("dead1", closedPort()), backend("dead2", closedPort()), backend("live", a.port()));
        try (var edge = start(backends, List.of(), director("r", 1, List.of("dead1", "dead2", "live"), "retries", "5"))) {
            for (int i = 0; i < 50; i++) {
                var response = ProxyClient.get(edge.port(), "example.com", "/" + i, "Fastly-Debug: 1");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("X-Backend")).isEqualTo("live");
            }
        }
        assertThat(a.seen()).hasSize(50);

        // retries=0: one attempt only; a pick of a dead member is not tried again elsewhere.
        int failed = 0;
        try (var edge = start(backends, List.of(), director("r", 1, List.of("dead1", "dead2", "live"), "retries", "0"))) {
            for (int i = 0; i < 60; i++) {
                var response = ProxyClient.get(edge.port(), "example.com", "/once/" + i);
                if (response.status() == 503) {
                    assertThat(response.header("X-Backline-Error")).isEqualTo("All backends failed or unhealthy");
                    failed++;
                }
            }
        }
        assertThat(failed).as("about two thirds of 60 pick a dead member").isBetween(20, 58);
    }

    @Test
    void aMemberChosenAsDefaultOrByAConditionStandsForItsDirectorAndDebugHeadersNameBoth() {
        var backends = List.of(backend("a", a.port()), backend("b", b.port()),
                backend("c", c.port(), "request_condition", "to_c"));
        var conditions = List.of(condition("to_c", "req.url ~ \"^/c/\"", 10));
        try (var edge = start(backends, conditions, director("pool", 3, List.of("a", "b")), director("solo", 1, List.of("c")))) {
            var seen = new HashMap<String, Integer>();
            for (int i = 0; i < 200; i++) {
                seen.merge(ProxyClient.get(edge.port(), "example.com", "/x/" + i).text(), 1, Integer::sum);
            }
            assertThat(seen.keySet()).as("the default backend a stands for director pool over a and b")
                    .containsExactlyInAnyOrder("a", "b");

            var routed = ProxyClient.get(edge.port(), "example.com", "/c/1", "Fastly-Debug: 1");
            assertThat(routed.text()).isEqualTo("c");
            assertThat(routed.header("X-Backend")).isEqualTo("c");
            assertThat(routed.header("X-Backend-Reason")).contains("condition=to_c(prio 10)->c", "director=solo(random",
                    "pick c");
        }
    }

    /** A port on 127.0.0.1 that nothing listens on: a connect is refused at once. */
    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
