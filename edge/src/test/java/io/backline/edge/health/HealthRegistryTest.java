package io.backline.edge.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.backline.edge.ActiveVersion;
import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.SnapshotCompiler;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.HealthcheckSchema;
import io.backline.model.PlainRules;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.awaitility.core.ConditionFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry against real origins on 127.0.0.1, probing every 50 ms. */
class HealthRegistryTest {
    private static final String SERVICE = "svc1";
    private static final int INTERVAL_MS = 50;

    private final HealthRegistry registry = new HealthRegistry();
    private final List<HealthRegistry.Transition> transitions = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    HealthRegistryTest() {
        registry.onTransition(transitions::add);
    }

    @AfterEach
    void closeEverything() throws Exception {
        registry.close();
        for (var resource : closing) {
            resource.close();
        }
    }

    @Test
    void startsSickWhenInitialIsBelowThresholdAndTurnsHealthyAfterTheMissingPasses() {
        var origin = origin();
        var snapshot = snapshot(1, List.of(backend("a", origin.port())), List.of(check("hc", 5, 3, 1)));
        var backend = only(snapshot);
        origin.delay(Duration.ofMillis(150)); // keeps the first result out while the initial state is read

        registry.update(snapshot);

        assertThat(registry.healthy(backend)).isFalse();
        assertThat(registry.status(SERVICE)).singleElement().satisfies(h -> {
            assertThat(h.bitmap()).isEqualTo("00001");
            assertThat(h.healthy()).isFalse();
            assertThat(h.probesSent()).isZero();
        });
        origin.delay(Duration.ZERO);
        waiting().until(() -> transitions.size() == 1);
        assertThat(registry.healthy(backend)).isTrue();
        assertThat(transitions).singleElement().satisfies(t -> {
            assertThat(t.healthy()).isTrue();
            assertThat(t.probesSent()).as("threshold - initial passes").isEqualTo(2);
            assertThat(t.bitmap()).isEqualTo("00111");
            assertThat(t.reason()).isEqualTo("3 of 5 probes passed");
            assertThat(t.backends()).containsExactly("a");
        });
    }

    @Test
    void startsHealthyWhenInitialEqualsThresholdAndStaysSoWhileProbesPass() {
        var origin = origin();
        var snapshot = snapshot(1, List.of(backend("a", origin.port())), List.of(check("hc", 5, 3, 3)));

        registry.update(snapshot);

        assertThat(registry.healthy(only(snapshot))).isTrue();
        waiting().until(() -> registry.status(SERVICE).getFirst().bitmap().equals("11111"));
        var health = registry.status(SERVICE).getFirst();
        assertThat(health.healthy()).isTrue();
        assertThat(health.good()).isEqualTo(5);
        assertThat(health.lastProbe()).isEqualTo("status 200");
        assertThat(health.lastLatencyMs()).isNotNull().isBetween(0L, 1_000L);
        assertThat(transitions).isEmpty();
    }

    @Test
    void goesSickAfterWindowMinusThresholdPlusOneFailuresAndBackAfterThresholdPasses() {
        var origin = origin();
        var snapshot = snapshot(1, List.of(backend("a", origin.port())), List.of(check("hc", 6, 3, 3)));
        registry.update(snapshot);
        waiting().until(() -> registry.status(SERVICE).getFirst().bitmap().equals("111111"));

        origin.failNext(4, 503);

        waiting().until(() -> transitions.size() == 2);
        var sick = transitions.get(0);
        assertThat(sick.healthy()).isFalse();
        assertThat(sick.bitmap()).as("sick on the 4th failure (6 - 3 + 1)").isEqualTo("110000");
        assertThat(sick.reason()).isEqualTo("status 503, expected 200 (2 of 6 probes passed, threshold 3)");
        var healthy = transitions.get(1);
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.bitmap()).as("healthy on the 3rd pass").isEqualTo("000111");
        assertThat(healthy.probesSent() - sick.probesSent()).isEqualTo(3);
        assertThat(Duration.between(sick.at(), healthy.at())).isGreaterThanOrEqualTo(Duration.ofMillis(2 * INTERVAL_MS));
        assertThat(registry.healthy(only(snapshot))).isTrue();
    }

    @Test
    void aStatusOtherThanTheExpectedOneIsAFailure() {
        var origin = origin();
        origin.status(204);
        var strict = check("strict", 1, 1, 1);
        var lenient = check("lenient", 1, 1, 1).with(HealthcheckSchema.EXPECTED_RESPONSE, 204);
        var snapshot = snapshot(1, List.of(backend("a", origin.port(), "healthcheck", "strict"),
                backend("b", origin.port(), "healthcheck", "lenient")), List.of(strict, lenient));

        registry.update(snapshot);

        waiting().until(() -> !registry.healthy(snapshot.services().iterator().next().backend("a").orElseThrow()));
        waiting().until(() -> registry.status(SERVICE).get(1).probesSent() >= 3);
        var report = registry.status(SERVICE);
        assertThat(report.get(0).reason()).startsWith("status 204, expected 200");
        assertThat(report.get(1).healthy()).isTrue();
        assertThat(report.get(1).lastProbe()).isEqualTo("status 204");
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsAFailure() {
        var origin = origin();
        origin.delay(Duration.ofMillis(600));
        var snapshot = snapshot(1, List.of(backend("a", origin.port())),
                List.of(check("hc", 1, 1, 1).with(HealthcheckSchema.TIMEOUT, 100)));

        registry.update(snapshot);

        waiting().until(() -> !registry.healthy(only(snapshot)));
        var health = registry.status(SERVICE).getFirst();
        assertThat(health.reason()).startsWith("timeout after 100 ms");
        assertThat(health.lastLatencyMs()).isNotNull().isBetween(90L, 500L);
    }

    @Test
    void aRefusedConnectionIsAFailure() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var snapshot = snapshot(1, List.of(backend("a", closedPort)), List.of(check("hc", 1, 1, 1)));

        registry.update(snapshot);

        waiting().until(() -> transitions.size() == 1);
        assertThat(registry.healthy(only(snapshot))).isFalse();
        assertThat(transitions).singleElement().satisfies(t -> {
            assertThat(t.healthy()).isFalse();
            assertThat(t.reason()).startsWith("connection refused");
        });
    }

    @Test
    void probesSendTheConfiguredMethodPathHostAndHeadersOverHttp11() {
        var origin = origin();
        var hc = check("hc", 5, 3, 3).with(HealthcheckSchema.METHOD, "GET").with(HealthcheckSchema.PATH, "/status/deep?x=1")
                .with(HealthcheckSchema.HOST, "probe.example").with(HealthcheckSchema.HEADERS, List.of("X-Probe: yes", "Accept: text/plain"));
        registry.update(snapshot(1, List.of(backend("a", origin.port(), "override_host", "www.example.com")), List.of(hc)));

        waiting().until(() -> !origin.requests.isEmpty());
        var probe = origin.requests.peek();
        assertThat(probe.method()).isEqualTo("GET");
        assertThat(probe.path()).isEqualTo("/status/deep?x=1");
        assertThat(probe.protocol()).isEqualTo("HTTP/1.1");
        assertThat(probe.headers().getFirst("Host")).isEqualTo("probe.example");
        assertThat(probe.headers().getFirst("X-Probe")).isEqualTo("yes");
        assertThat(probe.headers().getFirst("Accept")).isEqualTo("text/plain");
        assertThat(probe.headers().getFirst("Connection")).isEqualTo("close");
        assertThat(probe.headers().getFirst("User-Agent")).isEqualTo("backline-healthcheck");
    }

    @Test
    void probesSpeakHttp10AndSendTheOverrideHostOrElseTheAddress() {
        var origin = origin();
        var hc = check("hc", 5, 3, 3).with(HealthcheckSchema.HTTP_VERSION, "1.0");
        registry.update(snapshot(1, List.of(backend("a", origin.port(), "override_host", "www.example.com"),
                backend("b", origin.port())), List.of(hc)));

        waiting().until(() -> origin.requests.stream().map(r -> r.headers().getFirst("Host")).distinct().count() == 2);
        assertThat(origin.requests).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("HEAD");
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.protocol()).isEqualTo("HTTP/1.0");
        });
        assertThat(origin.requests.stream().map(r -> r.headers().getFirst("Host")).distinct())
                .containsExactlyInAnyOrder("www.example.com", "127.0.0.1");
    }

    @Test
    void backendsWithTheSameShareKeyShareOneProbeStream() {
        var origin = origin();
        var snapshot = snapshot(1, List.of(backend("a", origin.port(), "share_key", "pool"),
                backend("b", origin.port(), "share_key", "pool")), List.of(check("hc", 5, 3, 3)));

        registry.update(snapshot);

        assertThat(registry.proberCount()).isEqualTo(1);
        waiting().until(() -> registry.status(SERVICE).getFirst().probesSent() >= 6);
        registry.close();
        var report = registry.status(SERVICE);
        assertThat(report).extracting(HealthRegistry.BackendHealth::backend).containsExactly("a", "b");
        assertThat(report.get(0).probesSent()).isEqualTo(report.get(1).probesSent());
        assertThat((long) origin.requests.size()).as("one stream, plus at most the probe interrupted by close")
                .isBetween(report.get(0).probesSent(), report.get(0).probesSent() + 1);
    }

    @Test
    void backendsWithoutAShareKeyAreProbedEachOnTheirOwn() {
        var origin = origin();
        registry.update(snapshot(1, List.of(backend("a", origin.port()), backend("b", origin.port())), List.of(check("hc", 5, 3, 3))));

        assertThat(registry.proberCount()).isEqualTo(2);
    }

    @Test
    void healthSurvivesAnEqualSnapshotAndStartsAgainWhenTheHealthCheckChanges() {
        var origin = origin();
        var hc = check("hc", 5, 3, 1);
        registry.update(snapshot(1, List.of(backend("a", origin.port())), List.of(hc)));
        waiting().until(() -> registry.status(SERVICE).getFirst().bitmap().equals("11111"));
        long probes = registry.status(SERVICE).getFirst().probesSent();

        var same = snapshot(2, List.of(backend("a", origin.port())), List.of(hc));
        registry.update(same);

        assertThat(registry.healthy(only(same))).isTrue();
        assertThat(registry.status(SERVICE).getFirst().probesSent()).isGreaterThanOrEqualTo(probes);
        assertThat(registry.proberCount()).isEqualTo(1);

        var changed = snapshot(3, List.of(backend("a", origin.port())), List.of(hc.with(HealthcheckSchema.PATH, "/other")));
        origin.delay(Duration.ofMillis(150));
        registry.update(changed);

        assertThat(registry.healthy(only(changed))).as("a new check starts at initial 1 of threshold 3").isFalse();
        assertThat(registry.status(SERVICE).getFirst().bitmap()).isEqualTo("00001");
        assertThat(registry.status(SERVICE).getFirst().probesSent()).isZero();
        assertThat(registry.proberCount()).isEqualTo(1);
        origin.delay(Duration.ZERO);
        waiting().until(() -> registry.healthy(only(changed)));
        assertThat(origin.requests).extracting(Origin.Request::path).contains("/", "/other");
    }

    @Test
    void aChangedAddressStartsAgainAtInitial() {
        var first = origin();
        var second = origin();
        var hc = check("hc", 5, 3, 1);
        registry.update(snapshot(1, List.of(backend("a", first.port())), List.of(hc)));
        waiting().until(() -> registry.status(SERVICE).getFirst().healthy());

        var moved = snapshot(2, List.of(backend("a", second.port())), List.of(hc));
        registry.update(moved);

        assertThat(registry.healthy(only(moved))).isFalse();
        waiting().until(() -> !second.requests.isEmpty());
    }

    @Test
    void aBackendTheRegistryHasNotSeenFollowsItsHealthChecksInitialState() {
        var origin = origin();
        var starting = check("starting", 5, 3, 1);
        var ready = check("ready", 5, 3, 3);
        registry.update(snapshot(1, List.of(backend("a", origin.port(), "healthcheck", "starting")), List.of(starting, ready)));

        var next = snapshot(2, List.of(backend("new1", origin.port(), "healthcheck", "starting"),
                backend("new2", origin.port(), "healthcheck", "ready"), backend("plain", origin.port(), "healthcheck", "")),
                List.of(starting, ready));
        var service = next.services().iterator().next();

        assertThat(registry.healthy(service.backend("new1").orElseThrow())).isFalse();
        assertThat(registry.healthy(service.backend("new2").orElseThrow())).isTrue();
        assertThat(registry.healthy(service.backend("plain").orElseThrow())).as("no health check").isTrue();
    }

    @Test
    void backendsRemovedFromTheSnapshotStopBeingProbed() {
        var origin = origin();
        registry.update(snapshot(1, List.of(backend("a", origin.port())), List.of(check("hc", 5, 3, 3))));
        waiting().until(() -> origin.requests.size() >= 3);

        registry.update(snapshot(2, List.of(backend("a", origin.port(), "healthcheck", "")), List.of(check("hc", 5, 3, 3))));

        assertThat(registry.proberCount()).isZero();
        assertThat(registry.status(SERVICE)).isEmpty();
        int after = origin.requests.size();
        await().during(Duration.ofMillis(8 * INTERVAL_MS)).atMost(Duration.ofSeconds(2))
                .until(() -> origin.requests.size() <= after + 1);
    }

    @Test
    void useSslBackendsAreProbedOverVerifiedTls() throws Exception {
        var pki = SelfSigned.create("origin.test");
        var origin = httpsOrigin(pki);
        var hc = check("hc", 1, 1, 0);
        var snapshot = snapshot(1, List.of(backend("a", origin.port(), "use_ssl", "true", "ssl_ca_cert", pki.pem(),
                "ssl_cert_hostname", "origin.test", "ssl_sni_hostname", "origin.test")), List.of(hc));

        registry.update(snapshot);

        waiting().until(() -> registry.healthy(only(snapshot)));
        assertThat(origin.requests.peek().headers().getFirst("Host")).isEqualTo("127.0.0.1");
    }

    @Test
    void aTlsOriginWhoseCertificateDoesNotVerifyIsSick() throws Exception {
        var origin = httpsOrigin(SelfSigned.create("origin.test"));
        var stranger = SelfSigned.create("origin.test");
        var snapshot = snapshot(1, List.of(backend("a", origin.port(), "use_ssl", "true", "ssl_ca_cert", stranger.pem(),
                "ssl_cert_hostname", "origin.test")), List.of(check("hc", 1, 1, 1)));

        registry.update(snapshot);

        waiting().until(() -> !registry.healthy(only(snapshot)));
        assertThat(registry.status(SERVICE).getFirst().lastProbe()).startsWith("TLS handshake failed");
        assertThat(origin.requests).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
    }

    private static Values check(String name, int window, int threshold, int initial) {
        var values = PlainRules.HEALTHCHECK.create(HealthcheckSchema.SCHEMA.parse(Map.of("name", List.of(name),
                "window", List.of(String.valueOf(window)), "threshold", List.of(String.valueOf(threshold)),
                "initial", List.of(String.valueOf(initial)))), ServiceType.VCL);
        return values.with(HealthcheckSchema.CHECK_INTERVAL, INTERVAL_MS).with(HealthcheckSchema.TIMEOUT, 500);
    }

    /** A backend on 127.0.0.1 checked by "hc", with extra field/value pairs ("" clears a field). */
    private static Values backend(String name, int port, String... fields) {
        var input = new HashMap<String, List<String>>(Map.of("name", List.of(name), "address", List.of("127.0.0.1"),
                "port", List.of(String.valueOf(port)), "healthcheck", List.of("hc")));
        for (int i = 0; i < fields.length; i += 2) {
            input.put(fields[i], List.of(fields[i + 1]));
        }
        return BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(input), ServiceType.VCL);
    }

    private static EdgeSnapshot snapshot(long revision, List<Values> backends, List<Values> checks) {
        return SnapshotCompiler.compile(revision, List.of(new ActiveVersion(SERVICE, (int) revision, backends, List.of(), checks,
                List.of())));
    }

    private static BackendSettings only(EdgeSnapshot snapshot) {
        return snapshot.services().iterator().next().backends().getFirst();
    }

    private Origin origin() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            return started(new Origin(server));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Origin httpsOrigin(SelfSigned pki) throws Exception {
        var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        return started(new Origin(server));
    }

    private Origin started(Origin origin) {
        closing.add(origin);
        return origin;
    }

    /** An origin whose answers can be changed while it runs, and which records every request. */
    static final class Origin implements AutoCloseable {
        record Request(String method, String path, String protocol, Headers headers) {}

        final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
        private final HttpServer server;
        private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
        private final AtomicInteger status = new AtomicInteger(200);
        private volatile Duration delay = Duration.ZERO;

        Origin(HttpServer server) {
            this.server = server;
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void status(int code) {
            status.set(code);
        }

        void delay(Duration pause) {
            delay = pause;
        }

        /** Answers the next {@code count} requests with {@code code}, then as before. */
        void failNext(int count, int code) {
            for (int i = 0; i < count; i++) {
                script.add(code);
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getProtocol(),
                    new Headers(exchange.getRequestHeaders())));
            var scripted = script.poll();
            int code = scripted != null ? scripted : status.get();
            try {
                Thread.sleep(delay); // a slow origin is the behaviour under test (probe timeouts), not a wait for an event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A self-signed EC certificate for one DNS name, and a server context presenting it. */
    record SelfSigned(X509Certificate certificate, KeyStore keys) {
        private static final char[] PASSWORD = "test".toCharArray();

        static SelfSigned create(String dnsName) throws Exception {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            var pair = generator.generateKeyPair();
            var name = new X500Name("CN=" + dnsName);
            var now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            var certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("origin", pair.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
            return new SelfSigned(certificate, keys);
        }

        String pem() throws Exception {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        }

        SSLContext serverContext() throws Exception {
            var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD);
            var context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        }
    }
}
