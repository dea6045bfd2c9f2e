package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.condition;
import static io.backline.edge.ProxyFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.health.HealthView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staging listener (docs/edge.md, "Staging"): the staged version of a service serves the
 * traffic that arrives there, the active one everything else; real origins on loopback ports.
 */
class EdgeStagingTest {
    private ProxyOrigin blue;
    private ProxyOrigin green;
    private ProxyOrigin other;

    @BeforeEach
    void origins() {
        blue = ProxyOrigin.start("blue");
        green = ProxyOrigin.start("green");
        other = ProxyOrigin.start("other");
    }

    @AfterEach
    void stop() {
        blue.close();
        green.close();
        other.close();
    }

    @Test
    void theStagingListenerServesTheStagedVersionAndTheActiveOneOfServicesWithNoneStaged() throws Exception {
        var snapshot = SnapshotCompiler.compile(1,
                List.of(version("shop", 1, List.of(backend("origin", blue.port())), List.of(), "shop.test"),
                        version("blog", 4, List.of(backend("origin", other.port())), List.of(), "blog.test")),
                List.of(version("shop", 2, List.of(backend("origin", green.port())), List.of(), "shop.test")), EdgeSnapshot.EMPTY);

        try (var edge = EdgeServer.start(ProxyFixtures.config().staging(new EdgeConfig.Listen("127.0.0.1", 0)).build(), () -> snapshot,
                HealthView.ALL_HEALTHY);
                var production = new ProxyClient(edge.port());
                var staging = new ProxyClient(edge.stagingPort())) {
            assertThat(edge.stagingPort()).isPositive().isNotEqualTo(edge.port());
            assertThat(production.request("GET", "shop.test", "/").text()).isEqualTo("blue");
            assertThat(staging.request("GET", "shop.test", "/").text()).isEqualTo("green");
            assertThat(staging.request("GET", "blog.test", "/").text()).as("nothing staged: the active version").isEqualTo("other");
            assertThat(staging.request("GET", "nobody.test", "/").status()).isEqualTo(404);
        }
    }

    @Test
    void withoutAStagingAddressThereIsNoStagingListener() {
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> EdgeSnapshot.EMPTY, HealthView.ALL_HEALTHY)) {
            assertThat(edge.stagingPort()).isEqualTo(-1);
        }
    }

    @Test
    void aStagedVersionThatDoesNotCompileKeepsThePreviousStagedOneAndProductionMovesOn() {
        var first = SnapshotCompiler.compile(1, List.of(version("shop", 1, List.of(backend("origin", blue.port())), List.of(), "shop.test")),
                List.of(version("shop", 2, List.of(backend("origin", green.port())), List.of(), "shop.test")), EdgeSnapshot.EMPTY);
        // An edit left the staged draft naming a condition it does not have yet.
        var broken = version("shop", 2, List.of(backend("origin", green.port(), "request_condition", "missing")),
                List.of(condition("other", "req.url ~ \"^/x\"", 10)), "shop.test");

        var next = SnapshotCompiler.compile(2, List.of(version("shop", 3, List.of(backend("origin", other.port())), List.of(),
                "shop.test")), List.of(broken), first);

        assertThat(next.service("shop").version()).isEqualTo(3);
        assertThat(next.find(Environment.STAGING, "shop.test")).isSameAs(first.stagedService("shop"));
        var none = SnapshotCompiler.compile(2, List.of(), List.of(broken), EdgeSnapshot.EMPTY);
        assertThat(none.staged()).isEmpty();
    }

    @Test
    void aStagingAddressInUseFailsTheStartAndNamesTheStagingListener() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = ProxyFixtures.config().staging(new EdgeConfig.Listen("127.0.0.1", taken.getLocalPort())).build();
            assertThatThrownBy(() -> EdgeServer.start(config, () -> EdgeSnapshot.EMPTY, HealthView.ALL_HEALTHY))
                    .isInstanceOf(EdgeException.class)
                    .hasMessageContaining("cannot listen for staging on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
