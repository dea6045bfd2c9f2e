package io.backline.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.sdk.models.components.TlsActivation;
import io.backline.sdk.models.components.TlsCertificate;
import io.backline.sdk.models.components.TlsConfiguration;
import io.backline.sdk.models.components.TlsPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's custom TLS API, in the JSON:API documents it takes ({@code application/vnd.api+json}):
 * private keys, certificates, the TLS configuration, and activations of a certificate for a domain.
 * Reached through {@link Backline#tls()}; thread-safe. Lists read the first page of up to 1000.
 *
 * <pre>{@code
 * var key = client.tls().createPrivateKey("www", Files.readString(Path.of("key.pem")));
 * var certificate = client.tls().createCertificate("www", Files.readString(Path.of("cert.pem")));
 * var activation = client.tls().activate(certificate.id(), null, "www.example.com");
 * client.tls().moveActivation(activation.id(), renewed.id());
 * }</pre>
 */
public final class TlsOperations {
    private static final Map<String, String> ALL = Map.of("page[size]", "1000");

    private final Transport transport;

    TlsOperations(Transport transport) {
        this.transport = transport;
    }

    public TlsPrivateKey createPrivateKey(String name, String pem) {
        var document = document("tls_private_key");
        document.with("data").putObject("attributes").put("key", pem).put("name", name);
        return key(data(send("POST", List.of("tls", "private_keys"), Map.of(), document)));
    }

    public List<TlsPrivateKey> listPrivateKeys() {
        return list(List.of("tls", "private_keys"), TlsOperations::key);
    }

    /** Refused (a {@link ConflictException}) while a certificate uses the key. */
    public void deletePrivateKey(String id) {
        send("DELETE", List.of("tls", "private_keys", id), Map.of(), null);
    }

    public TlsCertificate createCertificate(String name, String certificateChainPem) {
        var document = document("tls_certificate");
        document.with("data").putObject("attributes").put("cert_blob", certificateChainPem).put("name", name);
        return certificate(data(send("POST", List.of("tls", "certificates"), Map.of(), document)));
    }

    /** Replaces a certificate with its renewal, keeping its id and name. */
    public TlsCertificate updateCertificate(String id, String certificateChainPem) {
        var document = document("tls_certificate");
        document.with("data").put("id", id).putObject("attributes").put("cert_blob", certificateChainPem);
        return certificate(data(send("PATCH", List.of("tls", "certificates", id), Map.of(), document)));
    }

    public TlsCertificate getCertificate(String id) {
        return certificate(data(send("GET", List.of("tls", "certificates", id), Map.of(), null)));
    }

    public List<TlsCertificate> listCertificates() {
        return list(List.of("tls", "certificates"), TlsOperations::certificate);
    }

    /** Deletes a certificate; its activations end with it. */
    public void deleteCertificate(String id) {
        send("DELETE", List.of("tls", "certificates", id), Map.of(), null);
    }

    public List<TlsConfiguration> listConfigurations() {
        return list(List.of("tls", "configurations"), node -> new TlsConfiguration(node.path("id").asText(),
                node.path("attributes").path("name").asText(), node.path("attributes").path("default").asBoolean()));
    }

    /** Enables a certificate for one of its names; {@code configurationId} null means the default configuration. */
    public TlsActivation activate(String certificateId, @Nullable String configurationId, String domain) {
        var document = document("tls_activation");
        var relationships = document.with("data").putObject("relationships");
        reference(relationships, "tls_certificate", certificateId);
        reference(relationships, "tls_domain", domain);
        if (configurationId != null) {
            reference(relationships, "tls_configuration", configurationId);
        }
        return activation(data(send("POST", List.of("tls", "activations"), Map.of(), document)));
    }

    /** Moves an activation to another certificate (a renewal uploaded as a new certificate). */
    public TlsActivation moveActivation(String id, String certificateId) {
        var document = document("tls_activation");
        reference(document.with("data").put("id", id).putObject("relationships"), "tls_certificate", certificateId);
        return activation(data(send("PATCH", List.of("tls", "activations", id), Map.of(), document)));
    }

    public List<TlsActivation> listActivations() {
        return list(List.of("tls", "activations"), TlsOperations::activation);
    }

    public void deactivate(String id) {
        send("DELETE", List.of("tls", "activations", id), Map.of(), null);
    }

    private <T> List<T> list(List<String> path, Function<JsonNode, T> read) {
        var items = new ArrayList<T>();
        send("GET", path, ALL, null).path("data").forEach(node -> items.add(read.apply(node)));
        return List.copyOf(items);
    }

    private JsonNode send(String method, List<String> path, Map<String, String> query, @Nullable ObjectNode document) {
        var idempotent = !method.equals("POST");
        var response = transport.sendDocument(new Transport.Call(method, path, query, null, idempotent),
                document == null ? null : document.toString(), null);
        return response.body().length == 0 ? SdkJson.mapper().createObjectNode() : Transport.json(response);
    }

    private static ObjectNode document(String type) {
        var document = SdkJson.mapper().createObjectNode();
        document.putObject("data").put("type", type);
        return document;
    }

    private static void reference(ObjectNode relationships, String name, String id) {
        relationships.putObject(name).putObject("data").put("type", name).put("id", id);
    }

    private static JsonNode data(JsonNode document) {
        return document.path("data");
    }

    private static TlsPrivateKey key(JsonNode node) {
        var a = node.path("attributes");
        return new TlsPrivateKey(node.path("id").asText(), a.path("name").asText(), a.path("key_type").asText(), a.path("key_length").asInt(),
                a.path("public_key_sha1").asText(), Instant.parse(a.path("created_at").asText()));
    }

    private static TlsCertificate certificate(JsonNode node) {
        var a = node.path("attributes");
        var domains = new ArrayList<String>();
        node.path("relationships").path("tls_domains").path("data").forEach(d -> domains.add(d.path("id").asText()));
        return new TlsCertificate(node.path("id").asText(), a.path("name").asText(), a.path("issued_to").asText(), a.path("issuer").asText(),
                a.path("serial_number").asText(), a.path("signature_algorithm").asText(), Instant.parse(a.path("not_before").asText()),
                Instant.parse(a.path("not_after").asText()), domains);
    }

    private static TlsActivation activation(JsonNode node) {
        var r = node.path("relationships");
        return new TlsActivation(node.path("id").asText(), r.path("tls_certificate").path("data").path("id").asText(),
                r.path("tls_configuration").path("data").path("id").asText(), r.path("tls_domain").path("data").path("id").asText(),
                Instant.parse(node.path("attributes").path("created_at").asText()));
    }
}
