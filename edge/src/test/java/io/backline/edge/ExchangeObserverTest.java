package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What observers are told about each finished request, and the trace context the origin receives. */
class ExchangeObserverTest {
    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");
    private final List<ExchangeRecord> records = new CopyOnWriteArrayList<>();

    private EdgeServer start(EdgeSnapshot snapshot) {
        return EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY, records::add);
    }

    private ExchangeRecord only() {
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        return records.getFirst();
    }

    @Test
    void anAnswerFromTheOriginIsRecordedOnceWithItsServiceBackendStatusAndSizes() {
        try (var edge = start(snapshot(backend("primary", origin.port())))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/page?q=1", "User-Agent: test");
            assertThat(response.status()).isEqualTo(200);
            var record = only();
            assertThat(record.serviceId()).isEqualTo(ProxyFixtures.SERVICE);
            assertThat(record.version()).isEqualTo(1);
            assertThat(record.backend()).isEqualTo("primary");
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.method()).isEqualTo("GET");
            assertThat(record.host()).isEqualTo("example.com");
            assertThat(record.url()).isEqualTo("/page?q=1");
            assertThat(record.protocol()).isEqualTo("HTTP/1.1");
            assertThat(record.clientIp()).isEqualTo("127.0.0.1");
            assertThat(record.responseBodyBytes()).isEqualTo("origin".length());
            assertThat(record.firstByteNanos()).isPositive().isLessThanOrEqualTo(record.totalNanos());
            assertThat(record.synthetic()).isNull();
            assertThat(record.broken()).isNull();
            assertThat(record.requestHeaders().get("User-Agent")).isEqualTo("test");
            assertThat(record.responseHeaders()).isNotNull();
            assertThat(record.responseHeaders().get("X-Origin")).isEqualTo("origin");
            assertThat(record.startEpochMicros()).isCloseTo(System.currentTimeMillis() * 1000, org.assertj.core.data.Offset.offset(10_000_000L));
        }
    }

    @Test
    void anAnswerTheEdgeMadeCarriesItsReasonAndNoFirstByte() {
        try (var edge = start(snapshot(backend("primary", origin.port())))) {
            var response = ProxyClient.get(edge.port(), "unknown.example", "/");
            assertThat(response.status()).isEqualTo(404);
            var record = only();
            assertThat(record.serviceId()).isNull();
            assertThat(record.backend()).isNull();
            assertThat(record.status()).isEqualTo(404);
            assertThat(record.synthetic()).isEqualTo("unknown domain");
            assertThat(record.problem()).isEqualTo("unknown domain");
            assertThat(record.firstByteNanos()).isEqualTo(-1);
            assertThat(record.responseBodyBytes()).isEqualTo(response.body().length);
        }
    }

    @Test
    void aFirstByteTimeoutIsA503WithItsReason() {
        try (var edge = start(snapshot(backend("primary", origin.port(), "first_byte_timeout", "200")))) {
            assertThat(ProxyClient.get(edge.port(), "example.com", "/sleep/2000").status()).isEqualTo(503);
            var record = only();
            assertThat(record.status()).isEqualTo(503);
            assertThat(record.backend()).isEqualTo("primary");
            assertThat(record.synthetic()).isEqualTo("first byte timeout");
            assertThat(record.totalNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        }
    }

    @Test
    void aBodyCutByBetweenBytesTimeoutIsRecordedAsBroken() {
        try (var edge = start(snapshot(backend("primary", origin.port(), "between_bytes_timeout", "200")));
                var client = new ProxyClient(edge.port())) {
            var response = client.request("GET", "example.com", "/stall/3000/chunked");
            assertThat(response.complete()).isFalse();
            var record = only();
            assertThat(record.status()).isEqualTo(200);
            assertThat(record.broken()).isEqualTo("between bytes timeout");
            assertThat(record.responseBodyBytes()).isEqualTo("part1".length());
        }
    }

    @Test
    void aClientTraceIsJoinedAndTheOriginGetsTheEdgeSpanAsParent() {
        var clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (var edge = start(snapshot(backend("primary", origin.port())))) {
            ProxyClient.get(edge.port(), "example.com", "/", "traceparent: 00-" + clientTrace + "-00f067aa0ba902b7-01",
                    "tracestate: vendor=1");
            var record = only();
            assertThat(record.traceId()).isEqualTo(clientTrace);
            assertThat(record.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
            var seen = origin.last().headers();
            assertThat(seen.get("traceparent")).isEqualTo("00-" + clientTrace + "-" + record.spanId() + "-01");
            assertThat(seen.get("tracestate")).isEqualTo("vendor=1");
        }
    }

    @Test
    void aMissingOrInvalidTraceparentStartsANewTrace() {
        var invalid = List.of("", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x");
        try (var edge = start(snapshot(backend("primary", origin.port())))) {
            for (var value : invalid) {
                records.clear();
                ProxyClient.get(edge.port(), "example.com", "/", value.isEmpty() ? "X-None: 1" : "traceparent: " + value);
                var record = only();
                assertThat(record.traceId()).as(value).matches("[0-9a-f]{32}").isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                assertThat(origin.last().headers().get("traceparent")).as(value)
                        .isEqualTo("00-" + record.traceId() + "-" + record.spanId() + "-01");
            }
        }
    }

    @Test
    void aLaterTraceparentVersionIsReadForItsFirstFourFields() {
        var trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (var edge = start(snapshot(backend("primary", origin.port())))) {
            ProxyClient.get(edge.port(), "example.com", "/", "traceparent: 01-" + trace + "-00f067aa0ba902b7-00-extra");
            var record = only();
            assertThat(record.traceId()).isEqualTo(trace);
            assertThat(origin.last().headers().get("traceparent")).isEqualTo("00-" + trace + "-" + record.spanId() + "-00");
        }
    }

    @Test
    void anObserverThatThrowsDoesNotBreakTrafficOrTheOthers() {
        ExchangeObserver failing = record -> {
            throw new IllegalStateException("observer bug");
        };
        var snapshot = snapshot(backend("primary", origin.port()));
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot, HealthView.ALL_HEALTHY,
                ExchangeObserver.all(List.of(failing, records::add)))) {
            assertThat(ProxyClient.get(edge.port(), "example.com", "/").status()).isEqualTo(200);
            assertThat(only().status()).isEqualTo(200);
        }
    }
}
