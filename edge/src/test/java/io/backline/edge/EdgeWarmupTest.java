package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.health.HealthView;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The warm-up runs the real request path through a private edge, and leaves nothing behind in the real one. */
class EdgeWarmupTest {
    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");

    @Test
    void warmupSendsAtLeastTheRequestsAskedForAndEveryOneIsServed() throws InterruptedException {
        var result = EdgeWarmup.run(ProxyFixtures.config().build(), 500, Duration.ofSeconds(30));

        assertThat(result.requests()).isGreaterThanOrEqualTo(500);
        assertThat(result.unexpected()).isZero();
    }

    @Test
    void warmupStopsAtItsBudgetWhateverTheCount() throws InterruptedException {
        var result = EdgeWarmup.run(ProxyFixtures.config().build(), 10_000_000, Duration.ofMillis(300));

        assertThat(result.requests()).isLessThan(10_000_000);
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerWarmsUpInTheBackgroundWithoutCountingItsOwnTrafficAndServesMeanwhile() throws Exception {
        var config = ProxyFixtures.config().warmupRequests(300).build();
        try (var edge = EdgeServer.start(config, () -> snapshot(backend("origin", origin.port())), HealthView.ALL_HEALTHY)) {
            var served = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(served.status()).isEqualTo(200);

            var result = edge.warmup().get(30, TimeUnit.SECONDS);

            assertThat(result.requests()).isGreaterThanOrEqualTo(300);
            assertThat(result.unexpected()).isZero();
            assertThat(edge.stats().requests()).as("only the real request is counted").isEqualTo(1);
            assertThat(origin.seen()).as("the warm-up has its own origin").hasSize(1);
        }
    }

    @Test
    void theTlsWarmupMakesHandshakesAndSendsHttp2AndHttp11OverTls() throws InterruptedException {
        var result = EdgeWarmup.runTls(ProxyFixtures.config().build(), 400, Duration.ofSeconds(30));

        assertThat(result.overTls()).as("responses over TLS").isGreaterThanOrEqualTo(400);
        assertThat(result.requests()).isEqualTo(result.overTls());
        assertThat(result.unexpected()).isZero();
    }

    @Test
    void thePlainWarmupSendsNothingOverTls() throws InterruptedException {
        var result = EdgeWarmup.run(ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).build(), 200,
                Duration.ofSeconds(30));

        assertThat(result.overTls()).isZero();
    }

    @Test
    void aServerWarmsItsTlsPathOnceItHasACertificateAndNotBefore() throws Exception {
        var config = ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).warmupRequests(300).build();
        try (var edge = EdgeServer.start(config, () -> snapshot(backend("origin", origin.port())), HealthView.ALL_HEALTHY)) {
            edge.warmup().get(30, TimeUnit.SECONDS);
            edge.certificates(java.util.List.of());
            assertThat(edge.tlsWarmup()).as("no certificate yet: nothing to warm").isNotDone();

            edge.certificates(java.util.List.of(io.backline.edge.tls.WarmupCertificate.create("c", "www.example.com")));
            var result = edge.tlsWarmup().get(60, TimeUnit.SECONDS);

            assertThat(result.overTls()).isGreaterThanOrEqualTo(300);
            assertThat(result.unexpected()).isZero();
            assertThat(edge.stats().requests()).as("none of it counted by the real edge").isZero();
        }
    }

    @Test
    void aServerWithoutATlsListenerHasNoTlsWarmup() throws Exception {
        var config = ProxyFixtures.config().warmupRequests(100).build();
        try (var edge = EdgeServer.start(config, () -> snapshot(backend("origin", origin.port())), HealthView.ALL_HEALTHY)) {
            assertThat(edge.tlsWarmup().get(1, TimeUnit.SECONDS).requests()).isZero();
        }
    }

    @Test
    void withoutWarmupRequestsThereIsNone() throws Exception {
        try (var edge = ProxyFixtures.start(snapshot(backend("origin", origin.port())))) {
            assertThat(edge.warmup().get(1, TimeUnit.SECONDS).requests()).isZero();
        }
    }

    @Test
    void aNegativeCountIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ProxyFixtures.config().warmupRequests(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupRequests: -1");
    }
}
