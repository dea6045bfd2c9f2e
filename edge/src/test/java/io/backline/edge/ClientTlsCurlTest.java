package io.backline.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backline.edge.health.HealthView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener as curl sees it (skipped where curl is not installed): {@code --resolve} makes
 * the name resolve to the edge on loopback, so curl sends it as SNI and Host and checks the
 * certificate against it, as a browser would.
 */
class ClientTlsCurlTest {
    private final TestPki pki = TestPki.newCa();
    private final CacheOrigin origin = new CacheOrigin();
    private EdgeServer edge;
    @TempDir
    Path dir;
    private Path ca;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || onPath("curl"), "curl is not installed");
        var version = ProxyFixtures.version(ProxyFixtures.SERVICE, 1, List.of(ProxyFixtures.backend("origin", origin.port())), List.of(),
                "www.example.com", "a.wild.test");
        var snapshot = SnapshotCompiler.compile(1, List.of(version));
        edge = EdgeServer.start(ProxyFixtures.config().tls(new EdgeConfig.Listen("127.0.0.1", 0)).build(), () -> snapshot,
                HealthView.ALL_HEALTHY);
        var exact = pki.server("www.example.com");
        var wildcard = pki.server("*.wild.test");
        edge.certificates(List.of(
                new ServedCertificate("exact", exact.certificatePem(), exact.privateKeyPem(), List.of("www.example.com")),
                new ServedCertificate("wild", wildcard.certificatePem(), wildcard.privateKeyPem(), List.of("*.wild.test"))));
        ca = dir.resolve("ca.pem");
        Files.writeString(ca, pki.caPem());
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    private static boolean onPath(String program) {
        for (var entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs curl against {@code name}, resolved to the edge; the result holds its exit code, output and error text. */
    private Result curl(String name, String... options) throws Exception {
        var command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", ca.toString(), "--resolve",
                name + ":" + edge.tlsPort() + ":127.0.0.1", "-o", "/dev/null", "-D", "-", "-w", "\\nversion=%{http_version}\\n"));
        command.addAll(List.of(options));
        command.add("https://" + name + ":" + edge.tlsPort() + "/curl");
        var process = new ProcessBuilder(command).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err);
    }

    private record Result(int exit, String out, String err) {}

    @Test
    void curlGetsHttp2ByAlpnForAnExactName() throws Exception {
        var result = curl("www.example.com", "--http2");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("HTTP/2 200").contains("version=2");
        assertThat(result.out().toLowerCase(java.util.Locale.ROOT)).contains("x-served-by:").doesNotContain("connection:")
                .doesNotContain("keep-alive:").doesNotContain("transfer-encoding:");
    }

    @Test
    void curlGetsHttp11WhenItAsksForItAndTheWildcardCertificateVerifies() throws Exception {
        var result = curl("a.wild.test", "--http1.1");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("HTTP/1.1 200").contains("version=1.1");
        assertThat(origin.seen().getLast().headers()).containsEntry("host", "a.wild.test:" + edge.tlsPort())
                .containsEntry("fastly-ssl", "1");
    }

    @Test
    void curlIsRefusedWithUnrecognizedNameForANameWithoutActivation() throws Exception {
        var result = curl("b.example.com", "--http2");
        assertThat(result.exit()).isEqualTo(35); // CURLE_SSL_CONNECT_ERROR
        assertThat(result.err()).containsIgnoringCase("unrecognized name");
        assertThat(origin.total()).isZero();
    }
}
