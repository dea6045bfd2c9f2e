package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import io.backline.edge.log.AccessLog;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's lines for real requests through the edge, its drops, and its reopening. */
class AccessLogTest {
    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");
    @TempDir
    Path dir;

    private EdgeServer start(EdgeSnapshot snapshot, Path file, int queue) {
        return EdgeServer.start(ProxyFixtures.config().accessLog(file.toString()).accessLogQueue(queue).build(), () -> snapshot,
                HealthView.ALL_HEALTHY);
    }

    private static List<Map<String, Object>> lines(Path file, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file) && Files.readAllLines(file).size() >= count);
        try {
            var lines = Files.readAllLines(file);
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{\"time\":").endsWith("}"));
            return lines.stream().map(JsonLine::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNormalRequestIsOneLineWithEveryField() throws IOException {
        var file = dir.resolve("access.log");
        try (var edge = start(snapshot(backend("primary", origin.port())), file, 1024)) {
            var before = Instant.now().minusMillis(1);
            var response = ProxyClient.get(edge.port(), "example.com", "/page?q=\"1\"", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            assertThat(response.status()).isEqualTo(200);
            var line = lines(file, 1).getFirst();
            assertThat(line.keySet()).containsExactly("time", "service", "version", "environment", "client", "method", "host", "path",
                    "protocol", "status", "bytes", "request_bytes", "backend", "ttfb_ms", "total_ms", "reason", "trace_id");
            assertThat((String) line.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(Instant.parse((String) line.get("time"))).isBetween(before.minusMillis(1), Instant.now());
            assertThat(line).containsEntry("service", ProxyFixtures.SERVICE).containsEntry("version", 1L)
                    .containsEntry("environment", "production").containsEntry("client", "127.0.0.1").containsEntry("method", "GET")
                    .containsEntry("host", "example.com").containsEntry("path", "/page?q=\"1\"").containsEntry("protocol", "HTTP/1.1")
                    .containsEntry("status", 200L).containsEntry("bytes", (long) "origin".length()).containsEntry("request_bytes", 0L)
                    .containsEntry("backend", "primary").containsEntry("reason", null)
                    .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat((double) line.get("ttfb_ms")).isPositive().isLessThanOrEqualTo((double) line.get("total_ms"));
            assertThat(edge.accessLog().orElseThrow().written()).isEqualTo(1);
            assertThat(edge.accessLog().orElseThrow().dropped()).isZero();
            // The raw line escapes the quotes the client sent in its path.
            assertThat(Files.readString(file)).contains("\"path\":\"/page?q=\\\"1\\\"\"").endsWith("}\n");
        }
    }

    @Test
    void aRequestForAnUnknownDomainHasNoServiceNoBackendNoFirstByteAndItsReason() {
        var file = dir.resolve("access.log");
        try (var edge = start(snapshot(backend("primary", origin.port())), file, 1024)) {
            var response = ProxyClient.get(edge.port(), "unknown.example", "/x");
            var line = lines(file, 1).getFirst();
            assertThat(line).containsEntry("service", null).containsEntry("version", null).containsEntry("backend", null)
                    .containsEntry("ttfb_ms", null).containsEntry("host", "unknown.example").containsEntry("path", "/x")
                    .containsEntry("status", (long) response.status()).containsEntry("bytes", (long) response.body().length)
                    .containsEntry("reason", "unknown domain");
            assertThat(response.status()).isEqualTo(404);
            assertThat((String) line.get("trace_id")).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void aFirstByteTimeoutIsA503LineWithItsBackendAndReasonAndNoFirstByte() {
        var file = dir.resolve("access.log");
        try (var edge = start(snapshot(backend("primary", origin.port(), "first_byte_timeout", "200")), file, 1024)) {
            assertThat(ProxyClient.get(edge.port(), "example.com", "/sleep/2000").status()).isEqualTo(503);
            var line = lines(file, 1).getFirst();
            assertThat(line).containsEntry("status", 503L).containsEntry("backend", "primary").containsEntry("service", "svc1")
                    .containsEntry("reason", "first byte timeout").containsEntry("ttfb_ms", null);
            assertThat((double) line.get("total_ms")).isBetween(150.0, 1_900.0);
        }
    }

    @Test
    void aNewFileIsCreatedWithMode0640AndAnExistingOneIsAppendedTo() throws IOException {
        var file = dir.resolve("access.log");
        try (var edge = start(snapshot(backend("primary", origin.port())), file, 1024)) {
            ProxyClient.get(edge.port(), "example.com", "/one");
            lines(file, 1);
            var mode = Files.getPosixFilePermissions(file);
            assertThat(mode).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                    .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        }
        try (var edge = start(snapshot(backend("primary", origin.port())), file, 1024)) {
            ProxyClient.get(edge.port(), "example.com", "/two");
            assertThat(lines(file, 2)).extracting(line -> line.get("path")).containsExactly("/one", "/two");
        }
    }

    @Test
    void reopenWritesToANewFileAfterTheOldOneWasMovedAway() throws IOException {
        var file = dir.resolve("access.log");
        var rotated = dir.resolve("access.log.1");
        try (var edge = start(snapshot(backend("primary", origin.port())), file, 1024)) {
            var log = edge.accessLog().orElseThrow();
            ProxyClient.get(edge.port(), "example.com", "/before");
            lines(file, 1);
            Files.move(file, rotated); // what logrotate does before its postrotate signal
            log.reopen();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file));
            ProxyClient.get(edge.port(), "example.com", "/after");
            assertThat(lines(file, 1)).extracting(line -> line.get("path")).containsExactly("/after");
            assertThat(lines(rotated, 1)).extracting(line -> line.get("path")).containsExactly("/before");
            assertThat(log.written()).isEqualTo(2);
        }
    }

    /**
     * The writer is blocked on a FIFO nobody reads (the pipe's 64 KiB fill, then the write waits):
     * the queue fills, further lines are dropped and counted, and requests keep their latency.
     */
    @Test
    void aBlockedWriterDropsAndCountsLinesWithoutSlowingTheEdge() throws Exception {
        var fifo = dir.resolve("access.fifo");
        var made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(made.waitFor(10, TimeUnit.SECONDS) && made.exitValue() == 0).as("mkfifo").isTrue();
        // Opening a FIFO waits for the other end: the reader opens in the background, and does not read.
        var reader = CompletableFuture.supplyAsync(() -> {
            try {
                return (InputStream) new FileInputStream(fifo.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int requests = 3_000;
        var latencies = new long[requests];
        try (var edge = start(snapshot(backend("primary", origin.port())), fifo, 64); var client = new ProxyClient(edge.port())) {
            var log = edge.accessLog().orElseThrow();
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                assertThat(client.request("GET", "example.com", "/r/" + i).status()).isEqualTo(200);
                latencies[i] = System.nanoTime() - start;
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> log.dropped() > 0 && log.queued() == 64);
            long written = log.written();
            long dropped = log.dropped();
            // Everything is accounted for: written (into the pipe and the writer's buffer), queued, dropped, or in the
            // writer's hands (at most one batch, no more than the queue held).
            assertThat(written + dropped + log.queued()).isBetween((long) requests - 64, (long) requests);
            assertThat(dropped).isGreaterThan(requests / 2);
            Arrays.sort(latencies);
            long p50 = latencies[requests / 2];
            long p99 = latencies[requests * 99 / 100];
            System.out.printf("blocked access log: written %d, dropped %d; latency p50 %.2f ms, p99 %.2f ms%n", written, dropped,
                    p50 / 1e6, p99 / 1e6);
            assertThat(Duration.ofNanos(p50)).isLessThan(Duration.ofMillis(50));
            assertThat(Duration.ofNanos(p99)).isLessThan(Duration.ofMillis(250));
            drain(reader.get(5, TimeUnit.SECONDS)); // unblocks the writer so that the edge closes promptly
        }
    }

    private static void drain(InputStream in) {
        Thread.ofVirtual().start(() -> {
            try (in) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the writer closed its end
            }
        });
    }

    @Test
    void offWritesNothingAndKeepsNoLog() {
        try (var edge = EdgeServer.start(ProxyFixtures.config().build(), () -> snapshot(backend("primary", origin.port())),
                HealthView.ALL_HEALTHY)) {
            assertThat(edge.accessLog()).isEmpty();
        }
        assertThat(new ArrayList<>(List.of(AccessLog.STDOUT))).containsExactly("-");
    }
}
