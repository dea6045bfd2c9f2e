package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.key;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection reuse and limits per backend: keep-alive, max_use, max_lifetime, keepalive_time, max_conn (semantics §4.1). */
class ProxyConnectionPoolTest {
    private ProxyOrigin first;
    private ProxyOrigin second;

    @BeforeEach
    void origins() {
        first = ProxyOrigin.start("first");
        second = ProxyOrigin.start("second");
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void originSeesOneConnectionForManyRequests() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port()))); var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < 50; i++) {
                assertThat(client.request("GET", "example.com", "/n/" + i).status()).isEqualTo(200);
            }
            assertThat(first.connections()).isEqualTo(1);
            assertThat(first.seen()).hasSize(50).allSatisfy(seen -> assertThat(seen.connection()).isEqualTo(1));
        }
    }

    @Test
    void clientsOnNewConnectionsShareTheWarmOriginConnections() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port())))) {
            for (int i = 0; i < 20; i++) {
                assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);
            }
            assertThat(first.connections()).isLessThanOrEqualTo(2); // at most one per event loop
        }
    }

    @Test
    void maxUseRetiresAConnectionAfterThatManyRequests() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port(), "max_use", "3")));
                var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < 9; i++) {
                assertThat(client.request("GET", "example.com", "/").status()).isEqualTo(200);
            }
            assertThat(first.connections()).isEqualTo(3);
            var perConnection = first.seen().stream().collect(Collectors.groupingBy(ProxyOrigin.Seen::connection, Collectors.counting()));
            assertThat(perConnection.values()).containsOnly(3L);
        }
    }

    @Test
    void maxLifetimeRetiresAnAgedConnection() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port(), "max_lifetime", "300")));
                var client = new ProxyClient(edge.port())) {
            client.request("GET", "example.com", "/");
            int before = first.connections();
            // The pooled connection's idle deadline is capped by max_lifetime: the edge closes it when it ages out.
            await().atMost(Duration.ofSeconds(3)).until(() -> first.open() == 0);
            client.request("GET", "example.com", "/");
            assertThat(first.connections()).isEqualTo(before + 1);
            assertThat(first.last().connection()).isEqualTo(before + 1);
        }
    }

    @Test
    void idleConnectionIsClosedAfterKeepaliveTime() {
        var snapshot = snapshot(backend("origin", first.port(), "keepalive_time", "1"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);
            assertThat(edge.openConnections(key(snapshot, "origin"))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(4)).until(() -> first.open() == 0);
            assertThat(edge.openConnections(key(snapshot, "origin"))).isZero();
        }
    }

    @Test
    void fullSingleBackendIsAnImmediate503MaxConnReached() {
        var snapshot = snapshot(backend("origin", first.port(), "max_conn", "1"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var held = CompletableFuture.supplyAsync(() -> ProxyClient.get(edge.port(), "example.com", "/sleep/1500"));
            await().atMost(Duration.ofSeconds(2)).until(() -> first.seen().size() == 1);
            assertThat(edge.openConnections(key(snapshot, "origin"))).isEqualTo(1);

            long start = System.nanoTime();
            var rejected = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500L);
            assertThat(rejected.status()).isEqualTo(503);
            assertThat(rejected.reason()).isEqualTo("backend.max_conn reached");
            assertThat(rejected.header("X-Backline-Error")).isEqualTo("backend.max_conn reached");
            assertThat(edge.stats().maxConnRejections()).isEqualTo(1);

            assertThat(held.join().status()).isEqualTo(200);
            assertThat(first.connections()).isEqualTo(1);
        }
    }

    @Test
    void poolMovesToTheNextMemberWhenTheFirstIsFull() {
        var snapshot = snapshot(backend("busy", first.port(), "auto_loadbalance", "true", "weight", "1000000000", "max_conn", "1"),
                backend("spare", second.port(), "auto_loadbalance", "true", "weight", "1"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var held = CompletableFuture.supplyAsync(() -> ProxyClient.get(edge.port(), "example.com", "/sleep/1500"));
            await().atMost(Duration.ofSeconds(2)).until(() -> first.seen().size() == 1);

            var moved = ProxyClient.get(edge.port(), "example.com", "/", "Fastly-Debug: 1");
            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.text()).isEqualTo("second");
            assertThat(moved.header("X-Backend")).isEqualTo("spare");
            assertThat(moved.header("X-Backend-Reason")).contains("failover: busy: backend.max_conn reached");
            assertThat(held.join().text()).isEqualTo("first");
        }
    }

    @Test
    void poolMovesToTheNextMemberWhenTheFirstCannotBeReached() throws Exception {
        try (var blackhole = new ProxyTimeoutTest.Blackhole()) {
            var snapshot = snapshot(
                    backend("dead", blackhole.port(), "auto_loadbalance", "true", "weight", "1000000000", "connect_timeout", "200"),
                    backend("alive", second.port(), "auto_loadbalance", "true", "weight", "1"));
            try (var edge = ProxyFixtures.start(snapshot)) {
                var response = ProxyClient.get(edge.port(), "example.com", "/");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("second");
            }
        }
    }

    @Test
    void poolWhoseMembersAllFailAnswersAllBackendsFailedWithEachReason() {
        int closedPort;
        try (var gone = ProxyOrigin.start("gone")) {
            closedPort = gone.port();
        }
        var snapshot = snapshot(backend("a", closedPort, "auto_loadbalance", "true"),
                backend("b", closedPort, "auto_loadbalance", "true"));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("All backends failed or unhealthy");
            assertThat(response.text()).contains("a: Connection refused", "b: Connection refused");
        }
    }

    @Test
    void bodylessRequestOnAPooledConnectionTheOriginJustClosedIsRetriedOnce() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port()))); var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/").status()).isEqualTo(200);
            var response = client.request("GET", "example.com", "/flaky");
            assertThat(response.status()).isEqualTo(200);
            assertThat(first.connections()).isEqualTo(2);
            assertThat(first.seen()).extracting(ProxyOrigin.Seen::uri).containsExactly("/", "/flaky", "/flaky");
        }
    }

    @Test
    void requestWithABodyIsNotReplayedWhenThePooledConnectionBreaks() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port()))); var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/").status()).isEqualTo(200);
            client.send("POST /flaky HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabc");
            var response = client.read(false);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("backend read error");
            assertThat(first.seen()).hasSize(2);
        }
    }
}
