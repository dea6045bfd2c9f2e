package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.api.TlsSealer;
import io.backline.edge.ServedCertificate;
import io.backline.store.SqliteStore;
import io.backline.wire.Json;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates activated through the TLS API reach the edge: {@code backline serve}'s own edge
 * before the API answers, an edge node through the feed (the keys held in memory, never in its kept
 * snapshot); the store keeps keys sealed, under a key file only its owner reads.
 */
class TlsDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        for (var closeable : running.reversed()) {
            closeable.close();
        }
    }

    @Test
    void serveHandsItsEdgeTheActivatedCertificateAndDropsItWhenDeactivated() throws Exception {
        var server = BacklineServer.start(ServeConfig.ephemeral(dir));
        running.add(server);
        var pair = rsa();
        var keyPem = pem(pair.getPrivate());

        var activation = upload(server.apiUri(), server.adminToken(), pair, keyPem, "serve.example.com");

        assertThat(server.certificates()).singleElement().satisfies(served -> {
            assertThat(served.domains()).containsExactly("serve.example.com");
            assertThat(served.privateKeyPem()).contains("BEGIN PRIVATE KEY");
            assertThat(served.certificateChainPem()).contains("BEGIN CERTIFICATE");
        });
        assertThat(Files.getPosixFilePermissions(dir.resolve("tls-key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("backline.db"));
                var rows = connection.createStatement().executeQuery("SELECT sealed_key FROM tls_private_keys")) {
            assertThat(rows.next()).isTrue();
            var base64Body = keyPem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
            assertThat(rows.getString(1)).doesNotContain("PRIVATE KEY").doesNotContain(base64Body);
        }

        assertThat(send("DELETE", server.apiUri(), server.adminToken(), "/tls/activations/" + activation, null).statusCode()).isEqualTo(204);
        assertThat(server.certificates()).isEmpty();
    }

    @Test
    void anEdgeNodeReceivesCertificatesThroughTheFeedAndKeepsNoKeyOnDisk() throws Exception {
        var api = ApiNode.start(SqliteStore.open(dir.resolve("shared.db")), new HostPort("127.0.0.1", 0), 0,
                TlsSealer.loadOrCreate(dir.resolve("operator-tls-key")));
        running.add(api);
        var token = api.newAdminToken();
        var edge = EdgeNode.start(new EdgeNode.Settings(List.of(api.apiUri()), token, new HostPort("127.0.0.1", 0), dir.resolve("edge"),
                "tls-edge"));
        running.add(edge);
        var pair = rsa();

        var activation = upload(api.apiUri(), token, pair, pem(pair.getPrivate()), "*.node.example.com");

        await().atMost(WAIT).until(() -> edge.certificates().stream().map(ServedCertificate::domains).toList(),
                domains -> domains.equals(List.of(List.of("*.node.example.com"))));
        try (Stream<Path> files = Files.walk(dir.resolve("edge"))) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("PRIVATE KEY");
            }
        }

        assertThat(send("DELETE", api.apiUri(), token, "/tls/activations/" + activation, null).statusCode()).isEqualTo(204);
        await().atMost(WAIT).until(() -> edge.certificates().isEmpty());
    }

    /** Uploads the key and a certificate for {@code domain}, activates it, and answers the activation's id. */
    private String upload(URI api, String token, KeyPair pair, String keyPem, String domain) throws Exception {
        var key = Json.object();
        key.putObject("data").put("type", "tls_private_key").putObject("attributes").put("key", keyPem).put("name", "k");
        assertThat(send("POST", api, token, "/tls/private_keys", key.toString()).statusCode()).isEqualTo(201);
        var certificate = Json.object();
        certificate.putObject("data").put("type", "tls_certificate").putObject("attributes").put("cert_blob", certificate(pair, domain));
        var created = send("POST", api, token, "/tls/certificates", certificate.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var certificateId = Json.mapper().readTree(created.body()).path("data").path("id").asText();
        var enable = Json.object();
        var relationships = enable.putObject("data").put("type", "tls_activation").putObject("relationships");
        relationships.putObject("tls_certificate").putObject("data").put("type", "tls_certificate").put("id", certificateId);
        relationships.putObject("tls_domain").putObject("data").put("type", "tls_domain").put("id", domain);
        var activated = send("POST", api, token, "/tls/activations", enable.toString());
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        JsonNode activation = Json.mapper().readTree(activated.body());
        return activation.path("data").path("id").asText();
    }

    private HttpResponse<String> send(String method, URI api, String token, String path, @org.jspecify.annotations.Nullable String body)
            throws Exception {
        var request = HttpRequest.newBuilder(api.resolve(path)).header("Fastly-Key", token).timeout(WAIT)
                .header("Content-Type", "application/vnd.api+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static KeyPair rsa() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String certificate(KeyPair pair, String domain) throws Exception {
        var now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + domain),
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
        return pem(new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(pair.getPrivate()))));
    }

    private static String pem(Object object) throws Exception {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
