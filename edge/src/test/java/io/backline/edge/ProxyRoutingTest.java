package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.condition;
import static io.backline.edge.ProxyFixtures.config;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.health.HealthView;
import io.backline.edge.select.Selection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host → service → backend, through real origins: Fastly's selection rules as traffic sees them. */
class ProxyRoutingTest {
    private ProxyOrigin first;
    private ProxyOrigin second;
    private ProxyOrigin third;

    @BeforeEach
    void origins() {
        first = ProxyOrigin.start("first");
        second = ProxyOrigin.start("second");
        third = ProxyOrigin.start("third");
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        third.close();
    }

    @Test
    void lastMatchingConditionWinsAndUnmatchedRequestsGoToTheDefaultBackend() {
        var snapshot = snapshot(List.of(
                backend("origin", first.port()),
                backend("v2", second.port(), "request_condition", "is_v2"),
                backend("foo", third.port(), "request_condition", "has_foo")), List.of(
                condition("is_v2", "req.url.path ~ \"^/v2\"", 10),
                condition("has_foo", "req.http.X-Foo == \"1\"", 20)));
        try (var edge = ProxyFixtures.start(snapshot); var client = new ProxyClient(edge.port())) {
            assertThat(client.request("GET", "example.com", "/").text()).isEqualTo("first");
            assertThat(client.request("GET", "example.com", "/v2/items").text()).isEqualTo("second");
            // Both conditions match; priority 20 runs after priority 10 and overwrites it (the tkuchiki case).
            assertThat(client.request("GET", "example.com", "/v2/items", "X-Foo: 1").text()).isEqualTo("third");
            assertThat(client.request("GET", "EXAMPLE.com:8080", "/other", "X-Foo: 1").text()).isEqualTo("third");
        }
    }

    @Test
    void autoLoadbalancedPoolSplitsTrafficByWeight() {
        var snapshot = snapshot(backend("a", first.port(), "auto_loadbalance", "true", "weight", "300"),
                backend("b", second.port(), "auto_loadbalance", "true", "weight", "100"));
        int requests = 2_000;
        int toFirst = 0;
        try (var edge = ProxyFixtures.start(snapshot); var client = new ProxyClient(edge.port())) {
            for (int i = 0; i < requests; i++) {
                var response = client.request("GET", "example.com", "/");
                assertThat(response.status()).isEqualTo(200);
                if (response.text().equals("first")) {
                    toFirst++;
                }
            }
        }
        assertThat(toFirst / (double) requests).isBetween(0.71, 0.79); // expected 0.75; 4 sigma is about ±0.04
        assertThat(second.seen()).hasSize(requests - toFirst);
    }

    @Test
    void unknownHostGetsAn404NamingTheDomainWithoutHanging() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port())))) {
            var response = ProxyClient.get(edge.port(), "nope.example.org", "/");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.text()).isEqualTo("Unknown domain: nope.example.org\n");
            assertThat(response.header("X-Backline-Error")).isEqualTo("unknown domain");
            assertThat(first.seen()).isEmpty();
        }
    }

    @Test
    void everyBackendConditionedAndNoneMatchingIsA503WithTheReasonEverywhere() {
        var snapshot = snapshot(List.of(backend("api", first.port(), "request_condition", "api")),
                List.of(condition("api", "req.url ~ \"^/api/\"", 10)));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/home");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.reason()).isEqualTo(Selection.NO_BACKEND);
            assertThat(response.text()).isEqualTo(Selection.NO_BACKEND + "\n");
            assertThat(response.header("X-Backline-Error")).isEqualTo(Selection.NO_BACKEND);
        }
    }

    @Test
    void sickBackendIsA503BackendIsUnhealthyWithoutContactingIt() {
        HealthView allSick = backend -> false;
        try (var edge = EdgeServer.start(config().build(), () -> snapshot(backend("origin", first.port())), allSick)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.reason()).isEqualTo("Backend is unhealthy");
            assertThat(response.header("X-Backline-Error")).isEqualTo("Backend is unhealthy");
            assertThat(first.seen()).isEmpty();
        }
    }

    @Test
    void everyResponseCarriesViaServedByCacheAndTimer() {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", first.port())))) {
            for (var host : List.of("example.com", "unknown.test")) {
                var response = ProxyClient.get(edge.port(), host, "/");
                assertThat(response.header("Via")).isEqualTo("1.1 backline");
                assertThat(response.header("X-Served-By")).isEqualTo("cache-backline-local");
                assertThat(response.header("X-Cache")).isEqualTo("MISS");
                assertThat(response.header("X-Timer")).matches("S\\d{10}\\.\\d{6},VS0,VE\\d+");
                assertThat(response.header("X-Backend")).isNull();
            }
        }
    }

    @Test
    void fastlyDebugFromAnAllowedClientExplainsTheChoice() {
        var snapshot = snapshot(List.of(backend("origin", first.port()),
                        backend("api", second.port(), "request_condition", "api", "shield", "iad-va-us")),
                List.of(condition("api", "req.url ~ \"^/api/\"", 10)));
        try (var edge = ProxyFixtures.start(snapshot)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/api/x", "Fastly-Debug: 1");
            assertThat(response.text()).isEqualTo("second");
            assertThat(response.header("X-Backend")).isEqualTo("api");
            assertThat(response.header("X-Backend-Reason")).contains("start=default:origin", "condition=api(prio 10)->api",
                    "path=origin (shield POP iad-va-us has no known edge)");
            assertThat(response.header("X-Backline-Path")).isEqualTo("origin (shield POP iad-va-us has no known edge)");
            assertThat(response.header("Server-Timing")).matches("connect;dur=[0-9.]+, fb;dur=[0-9.]+, total;dur=[0-9.]+");
            assertThat(ProxyClient.get(edge.port(), "example.com", "/api/x").header("X-Backend")).isNull();
        }
    }

    @Test
    void fastlyDebugFromOtherNetworksIsIgnored() {
        var config = config().debugClients(List.of("10.0.0.0/8")).build();
        try (var edge = EdgeServer.start(config, () -> snapshot(backend("origin", first.port())), HealthView.ALL_HEALTHY)) {
            var response = ProxyClient.get(edge.port(), "example.com", "/", "Fastly-Debug: 1");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Backend")).isNull();
            assertThat(response.header("Server-Timing")).isNull();
        }
    }
}
