package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.store.TlsKeyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fastly's custom TLS API: keys, certificates, the default configuration, domains and activations,
 * as JSON:API documents whose attributes carry go-fastly's names and JSON types, and errors as
 * JSON:API errors with a detail naming the field.
 */
class TlsApiTest {
    private static final AtomicLong SERIAL = new AtomicLong(100);

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    /** go-fastly's structs for these resources: attribute name to JSON type (google/jsonapi decodes strictly). */
    private static final Map<String, Map<String, String>> GO_FASTLY = Map.of(
            "tls_private_key", Map.of("created_at", "time", "key_length", "number", "key_type", "string", "name", "string",
                    "public_key_sha1", "string", "replace", "boolean"),
            "tls_certificate", Map.ofEntries(Map.entry("created_at", "time"), Map.entry("issued_to", "string"), Map.entry("issuer", "string"),
                    Map.entry("name", "string"), Map.entry("not_after", "time"), Map.entry("not_before", "time"),
                    Map.entry("replace", "boolean"), Map.entry("serial_number", "string"), Map.entry("signature_algorithm", "string"),
                    Map.entry("updated_at", "time")),
            "tls_configuration", Map.of("bulk", "boolean", "created_at", "time", "default", "boolean", "http_protocols", "strings",
                    "name", "string", "tls_protocols", "strings", "updated_at", "time"),
            "tls_activation", Map.of("created_at", "time"));

    @Test
    void aKeyIsStoredSealedAndAnsweredWithoutItself() {
        var pair = TestCertificates.rsa();
        var pem = TestCertificates.pem(pair.getPrivate());
        var created = createKey("my key", pem);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type")).hasValue("application/vnd.api+json");
        var data = created.json().path("data");
        assertShape(data);
        assertThat(data.path("attributes").path("key_type").asText()).isEqualTo("RSA");
        assertThat(data.path("attributes").path("key_length").asInt()).isEqualTo(2048);
        assertThat(data.path("attributes").path("public_key_sha1").asText())
                .isEqualTo(TlsPem.sha1Hex(pair.getPublic().getEncoded()));
        assertThat(created.body()).doesNotContain("PRIVATE KEY");

        var id = data.path("id").asText();
        var stored = api.store().read(tx -> tx.tlsKey(id)).map(TlsKeyRecord::sealedKey).orElseThrow();
        var body = pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertThat(stored).doesNotContain("PRIVATE KEY").doesNotContain(body);
        assertThat(api.get("/tls/private_keys/" + id).ok().body()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aCertificateNeedsItsKeyAndIsAnsweredAsFastlyDoes() {
        var pair = TestCertificates.ec();
        var cert = TestCertificates.certificate(pair, pair, "Backline Test CA", SERIAL.incrementAndGet(), List.of("cert.example.com",
                "*.cert.example.com"));

        var orphan = createCertificate("c", cert);
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().path("errors").get(0).path("detail").asText()).startsWith("cert_blob: ").contains("no stored private key");

        // PKCS#8: BouncyCastle's SEC1 writer leaves the curve out of a JDK key (OpenSSL's SEC1 keys carry it, and are read).
        assertThat(createKey("ec", TestCertificates.pkcs8(pair)).status()).isEqualTo(201);
        var created = createCertificate("mine", cert);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var data = created.json().path("data");
        assertShape(data);
        assertThat(data.path("attributes").path("issuer").asText()).isEqualTo("Backline Test CA");
        assertThat(data.path("attributes").path("issued_to").asText()).isEqualTo("cert.example.com");
        assertThat(data.path("attributes").path("signature_algorithm").asText()).isEqualTo("ECDSA-SHA256");
        assertThat(data.path("attributes").path("serial_number").asText()).isEqualTo(Long.toString(SERIAL.get()));
        assertThat(data.path("relationships").path("tls_domains").path("data")).extracting(n -> n.path("id").asText())
                .containsExactly("cert.example.com", "*.cert.example.com");
    }

    @Test
    void anActivationNeedsANameOfItsCertificateAndEndsWithIt() {
        var pair = TestCertificates.rsa();
        createKey("k", TestCertificates.pkcs8(pair));
        var certId = createCertificate("wild", TestCertificates.certificate(pair, pair, "CA", SERIAL.incrementAndGet(),
                List.of("*.wild.example.com"))).json().path("data").path("id").asText();
        var configurations = api.get("/tls/configurations").ok().json().path("data");
        assertShape(configurations.get(0));
        var configId = configurations.get(0).path("id").asText();

        var wrong = activate(certId, configId, "other.example.com");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("errors").get(0).path("detail").asText()).startsWith("tls_domain: other.example.com is not a name");

        var created = activate(certId, configId, "www.wild.example.com");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertShape(created.json().path("data"));
        var activationId = created.json().path("data").path("id").asText();
        var listed = api.get("/tls/activations?filter%5Btls_certificate.id%5D=" + certId + "&include=tls_certificate").ok().json();
        assertThat(listed.path("data")).extracting(n -> n.path("id").asText()).containsExactly(activationId);
        assertThat(listed.path("included")).extracting(n -> n.path("type").asText()).containsExactly("tls_certificate");
        var domains = api.get("/tls/domains?filter%5Btls_certificates.id%5D=" + certId).ok().json().path("data");
        assertThat(domains).extracting(n -> n.path("id").asText()).containsExactly("*.wild.example.com");

        var inUse = api.delete("/tls/private_keys/" + api.get("/tls/private_keys?filter%5Bin_use%5D=true").ok().json().path("data")
                .findValues("id").stream().map(JsonNode::asText).filter(id -> keyOf(certId).equals(id)).findFirst().orElseThrow());
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("errors").get(0).path("detail").asText()).contains("in use by certificate " + certId);

        assertThat(api.delete("/tls/activations/" + activationId).status()).isEqualTo(204);
        assertThat(api.get("/tls/activations/" + activationId).status()).isEqualTo(404);
    }

    @Test
    void writesNeedAGlobalToken() {
        var reader = api.token("global:read");
        var refused = api.call("POST", "/tls/private_keys").token(reader)
                .body("application/vnd.api+json", keyDocument("x", "y").getBytes(java.nio.charset.StandardCharsets.UTF_8)).send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("errors").get(0).path("title").asText()).isNotEmpty();
        assertThat(api.call("GET", "/tls/private_keys").token(reader).send().status()).isEqualTo(200);
    }

    @Test
    void malformedInputIsA400NamingTheField() {
        record Case(String path, String body, String detailStart) {}
        var cases = List.of(
                new Case("/tls/private_keys", "{}", "data: missing"),
                new Case("/tls/private_keys", "{\"data\":[]}", "data: "),
                new Case("/tls/private_keys", "{\"data\":{\"attributes\":{\"key\":42}}}", "data.attributes.key: "),
                new Case("/tls/private_keys", "{\"data\":{\"attributes\":{\"key\":\"garbage\"}}}", "key: "),
                new Case("/tls/private_keys", "{\"data\":{\"attributes\":{\"key\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"}}}",
                        "key: "),
                new Case("/tls/private_keys", "{\"data\":{\"attributes\":\"x\"}}", "data.attributes: "),
                new Case("/tls/certificates", "{\"data\":{\"attributes\":{\"cert_blob\":\"-----BEGIN CERTIFICATE-----\\nzz\\n-----END CERTIFICATE-----\"}}}",
                        "cert_blob: "),
                new Case("/tls/certificates", "{\"data\":{\"attributes\":{\"cert_blob\":\"x\",\"allow_untrusted_root\":\"yes\"}}}",
                        "data.attributes.allow_untrusted_root: "),
                new Case("/tls/activations", "{\"data\":{\"relationships\":{\"tls_certificate\":{\"data\":{\"id\":7}}}}}",
                        "data.relationships.tls_certificate.data.id: "),
                new Case("/tls/activations", "{\"data\":{\"relationships\":{}}}", "data.relationships.tls_certificate.data.id: missing"),
                new Case("/tls/activations", "not json", ""));
        var failures = new ArrayList<String>();
        for (var c : cases) {
            var reply = api.call("POST", c.path()).body("application/vnd.api+json", c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .send();
            var detail = reply.status() == 400 ? reply.json().path("errors").get(0).path("detail").asText() : "";
            if (reply.status() != 400 || !detail.startsWith(c.detailStart())) {
                failures.add(c.path() + " " + c.body() + " -> " + reply.status() + " " + reply.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(api.get("/tls/private_keys?page%5Bsize%5D=0").status()).isEqualTo(400);
        assertThat(api.get("/tls/activations?include=nonsense").status()).isEqualTo(400);
    }

    private static String keyOf(String certificateId) {
        return api.store().read(tx -> tx.tlsCertificate(certificateId)).orElseThrow().keyId();
    }

    /** Every attribute go-fastly reads is present with its JSON type; the resource's type is the one go-fastly checks. */
    static void assertShape(JsonNode resource) {
        var type = resource.path("type").asText();
        assertThat(GO_FASTLY).containsKey(type);
        assertThat(resource.path("id").isTextual()).as("id of %s", resource).isTrue();
        GO_FASTLY.get(type).forEach((name, json) -> {
            var value = resource.path("attributes").get(name);
            assertThat(value).as("%s.%s in %s", type, name, resource).isNotNull();
            switch (json) {
                case "time" -> assertThat(value.asText()).as(name).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
                case "number" -> assertThat(value.isIntegralNumber()).as(name).isTrue();
                case "boolean" -> assertThat(value.isBoolean()).as(name).isTrue();
                case "strings" -> assertThat(value.isArray()).as(name).isTrue();
                default -> assertThat(value.isTextual()).as(name).isTrue();
            }
        });
    }

    private static ApiHarness.Reply createKey(String name, String pem) {
        return api.call("POST", "/tls/private_keys").body("application/vnd.api+json",
                keyDocument(name, pem).getBytes(java.nio.charset.StandardCharsets.UTF_8)).send();
    }

    private static String keyDocument(String name, String pem) {
        var document = ApiHarness.MAPPER.createObjectNode();
        var attributes = document.putObject("data").put("type", "tls_private_key").putObject("attributes");
        attributes.put("key", pem);
        attributes.put("name", name);
        return document.toString();
    }

    private static ApiHarness.Reply createCertificate(String name, String pem) {
        var document = ApiHarness.MAPPER.createObjectNode();
        var attributes = document.putObject("data").put("type", "tls_certificate").putObject("attributes");
        attributes.put("cert_blob", pem);
        attributes.put("name", name);
        return api.call("POST", "/tls/certificates").body("application/vnd.api+json",
                document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).send();
    }

    private static ApiHarness.Reply activate(String certificate, String configuration, String domain) {
        var document = ApiHarness.MAPPER.createObjectNode();
        var relationships = document.putObject("data").put("type", "tls_activation").putObject("relationships");
        relationships.putObject("tls_certificate").putObject("data").put("type", "tls_certificate").put("id", certificate);
        relationships.putObject("tls_configuration").putObject("data").put("type", "tls_configuration").put("id", configuration);
        relationships.putObject("tls_domain").putObject("data").put("type", "tls_domain").put("id", domain);
        return api.call("POST", "/tls/activations").body("application/vnd.api+json",
                document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).send();
    }

}
