package io.backline.edge;

import static io.backline.edge.LoggingFixtures.https;
import static io.backline.edge.LoggingFixtures.snapshot;
import static io.backline.edge.LoggingFixtures.syslog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backline.edge.health.HealthView;
import io.backline.edge.logging.EndpointStatus;
import io.backline.edge.logging.LoggingDelivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Lines of real requests reaching real syslog and HTTPS receivers, in the endpoint's format and message type. */
class LoggingDeliveryTest {
    private static final String CLASSIC = "<134>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ cache-test ";
    private static final TestPki PKI = TestPki.newCa();

    @AutoClose
    private final ProxyOrigin origin = ProxyOrigin.start("origin");
    private final LoggingDelivery delivery = LoggingFixtures.delivery(1_024);
    private final AtomicReference<EdgeSnapshot> current = new AtomicReference<>(EdgeSnapshot.EMPTY);
    private EdgeServer edge;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        delivery.close();
    }

    private void serve(EdgeSnapshot snapshot) {
        delivery.update(snapshot);
        current.set(snapshot);
        if (edge == null) {
            edge = EdgeServer.start(ProxyFixtures.config().build(), current::get, HealthView.ALL_HEALTHY, delivery);
        }
    }

    private void get(String path, String... headers) {
        assertThat(ProxyClient.get(edge.port(), "example.com", path, headers).status()).isEqualTo(200);
    }

    private EndpointStatus status(String name) {
        return delivery.status(ProxyFixtures.SERVICE).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTcpSyslogReceiverGetsClassicLinesInTheEndpointFormatWithTheToken() throws Exception {
        try (var receiver = SyslogReceiver.tcp()) {
            serve(snapshot(origin.port(), syslog("tcp-logs", receiver.port(), "format", "%m %U %>s %b", "token", "tok-1")));
            get("/a");
            get("/b?q=1");
            assertThat(receiver.take(2)).satisfiesExactly(
                    first -> assertThat(first).matches(CLASSIC + "tcp-logs\\[\\d+\\]: tok-1 GET /a 200 6"),
                    second -> assertThat(second).matches(CLASSIC + "tcp-logs\\[\\d+\\]: tok-1 GET /b 200 6"));
            await().atMost(Duration.ofSeconds(5)).until(() -> status("tcp-logs").sent() == 2);
            var status = status("tcp-logs");
            assertThat(status.kind()).isEqualTo("logging/syslog");
            assertThat(status.failed()).isZero();
            assertThat(status.dropped()).isZero();
            assertThat(status.lastSuccessAt()).isNotNull();
        }
    }

    @Test
    void aUdpSyslogReceiverGetsOneDatagramPerLineAndBlankSendsTheLineAlone() throws Exception {
        try (var receiver = SyslogReceiver.udp()) {
            serve(snapshot(origin.port(), LoggingFixtures.udpSyslog("udp-logs", receiver.port(), "%m %U %>s", "blank")));
            get("/one");
            get("/two");
            assertThat(receiver.take(2)).containsExactly("GET /one 200", "GET /two 200");
        }
    }

    @Test
    void logglyAndLogplexPrefixesFollowRfc5424AndLogplexCountsItsOctets() throws Exception {
        try (var loggly = SyslogReceiver.tcp(); var logplex = SyslogReceiver.tcp()) {
            serve(snapshot(origin.port(), syslog("loggly", loggly.port(), "format", "%U", "message_type", "loggly", "token", "key-1"),
                    syslog("logplex", logplex.port(), "format", "%U", "message_type", "logplex")));
            get("/x");
            assertThat(loggly.take(1).getFirst())
                    .matches("<134>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z cache-test loggly \\d+ - \\[key-1@41058\\] /x");
            var framed = logplex.take(1).getFirst();
            int space = framed.indexOf(' ');
            var message = framed.substring(space + 1);
            assertThat(message).matches("<134>1 \\S+ cache-test logplex \\d+ - /x");
            assertThat(Integer.parseInt(framed.substring(0, space))).isEqualTo(message.length());
        }
    }

    @Test
    void aTlsSyslogReceiverIsVerifiedByTlsHostnameAndTheCa() throws Exception {
        var identity = PKI.server("logs.test");
        try (var receiver = SyslogReceiver.tls(identity.serverContext())) {
            serve(snapshot(origin.port(), syslog("tls-logs", receiver.port(), "format", "%U %>s", "message_type", "blank", "use_tls", "1",
                    "tls_hostname", "logs.test", "tls_ca_cert", PKI.caPem())));
            get("/secure");
            assertThat(receiver.take(1)).containsExactly("/secure 200");
        }
    }

    @Test
    void aTlsReceiverWhoseCertificateNamesAnotherHostGetsNothingAndTheFailureIsShown() throws Exception {
        var identity = PKI.server("other.test");
        try (var receiver = SyslogReceiver.tls(identity.serverContext())) {
            serve(snapshot(origin.port(), syslog("tls-logs", receiver.port(), "format", "%U", "use_tls", "1", "tls_hostname",
                    "logs.test", "tls_ca_cert", PKI.caPem())));
            get("/secure");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("tls-logs").failed() == 1);
            assertThat(status("tls-logs").lastError()).contains("logs.test");
            assertThat(status("tls-logs").sent()).isZero();
            assertThat(receiver.rest()).isEmpty();
        }
    }

    @Test
    void aResponseConditionPicksTheRequestsThatAreLogged() throws Exception {
        try (var receiver = SyslogReceiver.tcp()) {
            var condition = LoggingFixtures.responseCondition("only-yes",
                    "resp.status == 200 && resp.http.X-Origin == \"origin\" && req.url ~ \"^/yes\"");
            serve(snapshot(1, origin.port(), List.of(syslog("picky", receiver.port(), "format", "%U", "message_type", "blank",
                    "response_condition", "only-yes")), List.of(condition)));
            get("/no");
            get("/yes/1");
            get("/no/2");
            get("/yes/3");
            assertThat(receiver.take(2)).containsExactly("/yes/1", "/yes/3");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("picky").skipped() == 2);
        }
    }

    @Test
    void aResponseConditionNamingNoConditionRefusesTheVersion() {
        assertThatThrownBy(() -> snapshot(1, origin.port(), List.of(syslog("picky", 514, "response_condition", "missing")), List.of()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("logging/syslog 'picky': response_condition: 'missing'");
    }

    @Test
    void placementNoneSendsNothing() throws Exception {
        try (var receiver = SyslogReceiver.tcp()) {
            serve(snapshot(origin.port(), syslog("unplaced", receiver.port(), "format", "%U", "placement", "none")));
            get("/a");
            assertThat(delivery.status(ProxyFixtures.SERVICE)).isEmpty();
            Thread.sleep(300);
            assertThat(receiver.rest()).isEmpty();
        }
    }

    @Test
    void anActivationKeepsAnUnchangedEndpointsSenderAndReplacesAChangedOne() throws Exception {
        try (var kept = SyslogReceiver.tcp(); var before = SyslogReceiver.tcp(); var after = SyslogReceiver.tcp();
                var removed = SyslogReceiver.tcp()) {
            serve(snapshot(1, origin.port(), List.of(syslog("kept", kept.port(), "format", "%U", "message_type", "blank"),
                    syslog("moved", before.port(), "format", "%U", "message_type", "blank"),
                    syslog("gone", removed.port(), "format", "%U", "message_type", "blank")), List.of()));
            get("/v1");
            assertThat(kept.take(1)).containsExactly("/v1");
            assertThat(before.take(1)).containsExactly("/v1");
            assertThat(removed.take(1)).containsExactly("/v1");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("kept").sent() == 1 && status("moved").sent() == 1);

            serve(snapshot(2, origin.port(), List.of(syslog("kept", kept.port(), "format", "%U", "message_type", "blank"),
                    syslog("moved", after.port(), "format", "%U", "message_type", "blank")), List.of()));
            get("/v2");
            assertThat(kept.take(1)).containsExactly("/v2");
            assertThat(after.take(1)).containsExactly("/v2");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("kept").sent() == 2 && status("moved").sent() == 1);
            assertThat(delivery.status(ProxyFixtures.SERVICE)).extracting(EndpointStatus::name).containsExactly("kept", "moved");
            Thread.sleep(300);
            assertThat(before.rest()).isEmpty();
            assertThat(removed.rest()).isEmpty();
        }
    }

    @Test
    void httpsBatchesAtRequestMaxEntriesWithTheConfiguredMethodTypeAndHeader() throws Exception {
        try (var receiver = HttpsReceiver.start(PKI.server("127.0.0.1").serverContext(), 204)) {
            serve(snapshot(origin.port(), https("batches", receiver.url("/ingest").toString(), "format", "%U", "request_max_entries", "3",
                    "period", "1", "method", "PUT", "content_type", "text/x-log", "header_name", "X-Token", "header_value", "s3cret",
                    "tls_ca_cert", PKI.caPem())));
            for (int i = 1; i <= 7; i++) {
                get("/r" + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 3);
            assertThat(receiver.requests()).extracting(HttpsReceiver.Received::body)
                    .containsExactly("/r1\n/r2\n/r3", "/r4\n/r5\n/r6", "/r7");
            var first = receiver.requests().getFirst();
            assertThat(first.method()).isEqualTo("PUT");
            assertThat(first.path()).isEqualTo("/ingest");
            assertThat(first.headers()).containsEntry("content-type", "text/x-log").containsEntry("x-token", "s3cret");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("batches").sent() == 7);
        }
    }

    @Test
    void httpsBatchesStayWithinRequestMaxBytes() throws Exception {
        try (var receiver = HttpsReceiver.start(PKI.server("127.0.0.1").serverContext(), 200)) {
            // Lines of 5 bytes ("/a001"): two lines and their newline are 11 bytes, three 17; the limit is 16.
            serve(snapshot(origin.port(), https("bytes", receiver.url("/").toString(), "format", "%U", "request_max_bytes", "16",
                    "period", "1", "tls_ca_cert", PKI.caPem())));
            for (int i = 1; i <= 5; i++) {
                get("/a00" + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> status("bytes").sent() == 5);
            assertThat(receiver.requests()).extracting(HttpsReceiver.Received::body)
                    .containsExactly("/a001\n/a002", "/a003\n/a004", "/a005");
            assertThat(receiver.requests().getFirst().headers()).containsEntry("content-type", "text/plain");
        }
    }

    @Test
    void jsonFormatOneSendsAnArrayAndTwoNewlineDelimitedJson() throws Exception {
        try (var receiver = HttpsReceiver.start(PKI.server("127.0.0.1").serverContext(), 200)) {
            var format = "{\"url\":\"%U\",\"status\":%>s}";
            serve(snapshot(origin.port(),
                    https("array", receiver.url("/array").toString(), "format", format, "json_format", "1", "request_max_entries", "2",
                            "tls_ca_cert", PKI.caPem()),
                    https("ndjson", receiver.url("/ndjson").toString(), "format", format, "json_format", "2", "request_max_entries", "2",
                            "tls_ca_cert", PKI.caPem())));
            get("/a");
            get("/b");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 2);
            var byPath = receiver.requests().stream().collect(java.util.stream.Collectors.toMap(HttpsReceiver.Received::path, r -> r));
            assertThat(byPath.get("/array").body()).isEqualTo("[{\"url\":\"/a\",\"status\":200},{\"url\":\"/b\",\"status\":200}]");
            assertThat(byPath.get("/ndjson").body()).isEqualTo("{\"url\":\"/a\",\"status\":200}\n{\"url\":\"/b\",\"status\":200}\n");
            assertThat(byPath.get("/array").headers()).containsEntry("content-type", "application/json");
        }
    }

    @Test
    void gzipLevelAndTheGzipCodecCompressTheBody() throws Exception {
        try (var receiver = HttpsReceiver.start(PKI.server("127.0.0.1").serverContext(), 200)) {
            serve(snapshot(origin.port(),
                    https("level", receiver.url("/level").toString(), "format", "%U", "request_max_entries", "2", "gzip_level", "9",
                            "tls_ca_cert", PKI.caPem()),
                    https("codec", receiver.url("/codec").toString(), "format", "%U", "request_max_entries", "2",
                            "compression_codec", "gzip", "tls_ca_cert", PKI.caPem()),
                    https("plain", receiver.url("/plain").toString(), "format", "%U", "request_max_entries", "2",
                            "tls_ca_cert", PKI.caPem())));
            get("/a");
            get("/b");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 3);
            var byPath = receiver.requests().stream().collect(java.util.stream.Collectors.toMap(HttpsReceiver.Received::path, r -> r));
            for (var path : List.of("/level", "/codec")) {
                var received = byPath.get(path);
                assertThat(received.headers().get("content-encoding")).as(path).isEqualTo("gzip");
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(received.raw()))) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).as(path).isEqualTo("/a\n/b");
                }
            }
            assertThat(byPath.get("/plain").headers()).doesNotContainKey("content-encoding");
            assertThat(byPath.get("/plain").body()).isEqualTo("/a\n/b");
        }
    }

    @Test
    void anHttpsReceiverThatRefusesIsCountedAsFailedWithItsStatus() throws Exception {
        try (var receiver = HttpsReceiver.start(PKI.server("127.0.0.1").serverContext(), 503)) {
            serve(snapshot(origin.port(), https("refusing", receiver.url("/").toString(), "format", "%U", "request_max_entries", "1",
                    "tls_ca_cert", PKI.caPem())));
            get("/a");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("refusing").failed() == 1);
            assertThat(status("refusing").lastError()).startsWith("HTTP 503");
            assertThat(status("refusing").lastSuccessAt()).isNull();
        }
    }
}
