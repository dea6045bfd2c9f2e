package io.backline.edge;

import static io.backline.edge.LoggingFixtures.https;
import static io.backline.edge.LoggingFixtures.syslog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import io.backline.edge.logging.EndpointStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Receivers that stop answering cost lines, not latency: a syslog server that accepts and never
 * reads, and an HTTPS server that reads and never answers, measured in the test's own traffic
 * before and after they are activated.
 */
class SlowLogReceiverTest {
    private static final TestPki PKI = TestPki.newCa();
    /** A 2 KiB header, eight times in each syslog line: 16 KiB lines fill a never-read socket's buffers within a few hundred. */
    private static final String PAD = "X-Pad: " + "p".repeat(2 * 1024);

    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");

    @Test
    void receiversThatNeverReadOrAnswerDropLinesWithoutChangingTheEdgesLatency() throws Exception {
        var current = new AtomicReference<>(ProxyFixtures.snapshot(ProxyFixtures.backend("primary", origin.port())));
        try (var deaf = SyslogReceiver.deaf(); var silent = HttpsReceiver.silent(PKI.server("127.0.0.1").serverContext());
                var delivery = LoggingFixtures.delivery(64);
                var edge = EdgeServer.start(ProxyFixtures.config().build(), current::get, HealthView.ALL_HEALTHY, delivery);
                var client = new ProxyClient(edge.port())) {
            var baseline = latencies(client, 1_000);

            var stuck = LoggingFixtures.snapshot(origin.port(), syslog("deaf", deaf.port(), "format", "%{X-Pad}i".repeat(8)),
                    https("silent", silent.url("/").toString(), "format", "%U", "request_max_entries", "10", "tls_ca_cert", PKI.caPem()));
            delivery.update(stuck);
            current.set(stuck);
            var during = latencies(client, 2_000);

            await().atMost(Duration.ofSeconds(5)).until(() -> dropped(delivery.status(ProxyFixtures.SERVICE), "deaf") > 0
                    && dropped(delivery.status(ProxyFixtures.SERVICE), "silent") > 0);
            var statuses = delivery.status(ProxyFixtures.SERVICE);
            System.out.printf("stuck receivers: p50 %.2f -> %.2f ms, p99 %.2f -> %.2f ms; %s%n", baseline[0] / 1e6, during[0] / 1e6,
                    baseline[1] / 1e6, during[1] / 1e6, statuses);
            assertThat(dropped(statuses, "deaf")).isGreaterThan(1_000);
            assertThat(dropped(statuses, "silent")).isGreaterThan(1_000);
            // Generous: two cores shared with other builds; what is excluded is a request waiting for a receiver.
            assertThat(Duration.ofNanos(during[0])).isLessThan(Duration.ofNanos(Math.max(4 * baseline[0], baseline[0] + 5_000_000)));
            assertThat(Duration.ofNanos(during[1])).isLessThan(Duration.ofMillis(300));
        }
    }

    private static long dropped(java.util.List<EndpointStatus> statuses, String name) {
        return statuses.stream().filter(s -> s.name().equals(name)).mapToLong(EndpointStatus::dropped).sum();
    }

    /** p50 and p99 of {@code count} requests on one keep-alive connection, in nanoseconds. */
    private static long[] latencies(ProxyClient client, int count) {
        var samples = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            assertThat(client.request("GET", "example.com", "/r/" + i, PAD).status()).isEqualTo(200);
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return new long[] {samples[count / 2], samples[count * 99 / 100]};
    }
}
