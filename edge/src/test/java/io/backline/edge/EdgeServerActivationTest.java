package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.condition;
import static io.backline.edge.ProxyFixtures.key;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Activation is a snapshot swap: traffic follows at once, nothing in flight fails, pools follow backend identity. */
class EdgeServerActivationTest {
    private ProxyOrigin blue;
    private ProxyOrigin green;

    @BeforeEach
    void origins() {
        blue = ProxyOrigin.start("blue");
        green = ProxyOrigin.start("green");
    }

    @AfterEach
    void stop() {
        blue.close();
        green.close();
    }

    @Test
    void swappingTheSnapshotUnderLoadFailsNoRequest() {
        var toBlue = snapshot(backend("blue", blue.port()));
        var toGreen = snapshot(backend("green", green.port()));
        var active = new AtomicReference<>(toBlue);
        var stop = new AtomicBoolean();
        var ok = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<String>();
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), active::get, HealthView.ALL_HEALTHY)) {
            var clients = new ArrayList<CompletableFuture<Void>>();
            for (int c = 0; c < 4; c++) {
                int id = c;
                clients.add(CompletableFuture.runAsync(() -> {
                    try (var client = new ProxyClient(edge.port())) {
                        for (int i = 0; !stop.get(); i++) {
                            var path = (i + id) % 5 == 0 ? "/sleep/20" : "/";
                            var response = client.request("GET", "example.com", path);
                            if (response.status() == 200 && response.complete()) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(response.status() + " " + response.header("X-Backline-Error"));
                            }
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }));
            }
            // Each snapshot serves a share of the traffic before the next swap: wait for the answers, not for time.
            for (var next : List.of(toGreen, toBlue, toGreen)) {
                awaitMoreAnswers(ok, 30);
                active.set(next);
            }
            awaitMoreAnswers(ok, 30);
            stop.set(true);
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();

            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(100);
            assertThat(blue.seen()).isNotEmpty();
            assertThat(green.seen()).isNotEmpty();
            // The last activation dropped "blue": its pool is retired and its connections close once drained.
            await().atMost(Duration.ofSeconds(5)).until(() -> blue.open() == 0);
            assertThat(edge.openConnections(key(toBlue, "blue"))).isZero();
        }
    }

    @Test
    void unchangedBackendKeepsItsWarmConnectionAcrossAnActivation() {
        var before = snapshot(backend("blue", blue.port()));
        var after = snapshot(List.of(backend("blue", blue.port()), backend("green", green.port(), "request_condition", "beta")),
                List.of(condition("beta", "req.http.X-Beta", 10)));
        assertThat(key(after, "blue")).isEqualTo(key(before, "blue"));
        var active = new AtomicReference<>(before);
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), active::get, HealthView.ALL_HEALTHY);
                var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/").text()).isEqualTo("blue");
            active.set(after);
            assertThat(client.request("GET", "example.com", "/", "X-Beta: 1").text()).isEqualTo("green");
            for (int i = 0; i < 5; i++) {
                assertThat(client.request("GET", "example.com", "/").text()).isEqualTo("blue");
            }
            assertThat(blue.connections()).isEqualTo(1);
        }
    }

    @Test
    void changedConnectionFieldsStartANewPoolAndRetireTheOldOne() {
        var before = snapshot(backend("blue", blue.port()));
        var after = snapshot(backend("blue", blue.port(), "max_conn", "50"));
        assertThat(key(after, "blue")).isNotEqualTo(key(before, "blue"));
        var active = new AtomicReference<>(before);
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), active::get, HealthView.ALL_HEALTHY);
                var client = new ProxyClient(edge.port())) {
            client.request("GET", "example.com", "/");
            active.set(after);
            client.request("GET", "example.com", "/");
            assertThat(blue.connections()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> blue.open() == 1);
            assertThat(edge.openConnections(key(after, "blue"))).isEqualTo(1);
        }
    }

    @Test
    void changedTimeoutAppliesAtOnceWhileTheWarmConnectionIsKept() {
        var before = snapshot(backend("blue", blue.port(), "first_byte_timeout", "5000"));
        var after = snapshot(backend("blue", blue.port(), "first_byte_timeout", "200"));
        assertThat(key(after, "blue")).isEqualTo(key(before, "blue")); // timeouts do not shape connections
        var active = new AtomicReference<>(before);
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), active::get, HealthView.ALL_HEALTHY);
                var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/sleep/600").status()).isEqualTo(200);
            active.set(after);
            var response = client.request("GET", "example.com", "/sleep/600");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.reason()).isEqualTo("first byte timeout");
            assertThat(blue.seen()).extracting(ProxyOrigin.Seen::connection).containsExactly(1, 1);
        }
    }

    private static void awaitMoreAnswers(AtomicInteger ok, int more) {
        int target = ok.get() + more;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> ok.get() >= target);
    }
}
