package io.backline.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.store.TlsActivationRecord;
import io.backline.store.TlsCertificateRecord;
import io.backline.store.TlsConfigurationRecord;
import io.backline.store.TlsKeyRecord;
import io.backline.wire.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The TLS API's JSON:API resource objects, with the attribute names and JSON types go-fastly decodes
 * ({@code fastly/custom_tls_*.go}, {@code platform_tls.go}; its fixtures under
 * {@code fastly/fixtures/custom_tls*}): times as {@code 2024-06-17T16:47:53.000Z}, serial numbers as
 * decimal strings, signature algorithms as Go names them ({@code SHA256-RSA}). A private key's
 * resource never holds the key.
 */
final class TlsDocuments {
    static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'").withZone(ZoneOffset.UTC);

    private TlsDocuments() {}

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static ObjectNode key(TlsKeyRecord key) {
        var node = resource(key.id(), "tls_private_key");
        var attributes = node.putObject("attributes");
        attributes.put("created_at", time(key.createdAt()));
        attributes.put("key_length", key.keyLength());
        attributes.put("key_type", key.keyType());
        attributes.put("name", key.name());
        attributes.put("public_key_sha1", key.publicKeySha1());
        // Fastly sets replace when a newer certificate should take this key's place; Backline never asks for one.
        attributes.put("replace", false);
        return node;
    }

    static ObjectNode certificate(TlsCertificateRecord certificate, List<TlsActivationRecord> activations) {
        var chain = TlsPem.chain("cert_blob", certificate.chainPem());
        var node = resource(certificate.id(), "tls_certificate");
        var attributes = node.putObject("attributes");
        attributes.put("created_at", time(certificate.createdAt()));
        attributes.put("issued_to", chain.issuedTo());
        attributes.put("issuer", chain.issuer());
        attributes.put("name", certificate.name());
        attributes.put("not_after", time(chain.notAfter()));
        attributes.put("not_before", time(chain.notBefore()));
        attributes.put("replace", false);
        attributes.put("serial_number", chain.serialNumber());
        attributes.put("signature_algorithm", chain.signatureAlgorithm());
        attributes.put("updated_at", time(certificate.updatedAt()));
        var relationships = node.putObject("relationships");
        var domains = relationships.putObject("tls_domains").putArray("data");
        chain.domains().forEach(name -> domains.add(reference(name, "tls_domain")));
        var used = relationships.putObject("tls_activations").putArray("data");
        activations.stream().filter(a -> a.certificateId().equals(certificate.id())).forEach(a -> used.add(reference(a.id(), "tls_activation")));
        return node;
    }

    static ObjectNode configuration(TlsConfigurationRecord configuration) {
        var node = resource(configuration.id(), "tls_configuration");
        var attributes = node.putObject("attributes");
        attributes.put("bulk", false);
        attributes.put("created_at", time(configuration.createdAt()));
        attributes.put("default", configuration.isDefault());
        // What the edge's TLS listener offers (docs/edge-tls.md): ALPN h2 then http/1.1, TLS 1.2 and 1.3.
        attributes.putArray("http_protocols").add("http/1.1").add("http/2");
        attributes.put("name", configuration.name());
        attributes.putArray("tls_protocols").add("1.2").add("1.3");
        attributes.put("updated_at", time(configuration.updatedAt()));
        node.putObject("relationships").putObject("dns_records").putArray("data");
        return node;
    }

    static ObjectNode activation(TlsActivationRecord activation) {
        var node = resource(activation.id(), "tls_activation");
        node.putObject("attributes").put("created_at", time(activation.createdAt()));
        var relationships = node.putObject("relationships");
        relationships.putObject("tls_certificate").set("data", reference(activation.certificateId(), "tls_certificate"));
        relationships.putObject("tls_configuration").set("data", reference(activation.configurationId(), "tls_configuration"));
        relationships.putObject("tls_domain").set("data", reference(activation.domain(), "tls_domain"));
        return node;
    }

    /** A domain named by stored certificates: the certificates that name it and its activation, if any. */
    static ObjectNode domain(String name, List<String> certificateIds, List<TlsActivationRecord> activations) {
        var node = resource(name, "tls_domain");
        node.putObject("attributes").put("type", "tls_domain");
        var relationships = node.putObject("relationships");
        ArrayNode active = relationships.putObject("tls_activations").putArray("data");
        activations.forEach(a -> active.add(reference(a.id(), "tls_activation")));
        ArrayNode certificates = relationships.putObject("tls_certificates").putArray("data");
        certificateIds.forEach(id -> certificates.add(reference(id, "tls_certificate")));
        relationships.putObject("tls_subscriptions").putArray("data");
        return node;
    }

    static ObjectNode one(ObjectNode resource) {
        var document = Json.object();
        document.set("data", resource);
        return document;
    }

    /** A list document with Fastly's pagination members. */
    static ObjectNode many(List<ObjectNode> page, JsonApiDocument.Page paging, int total, String path) {
        var document = Json.object();
        var data = document.putArray("data");
        page.forEach(data::add);
        int pages = Math.max(1, (total + paging.size() - 1) / paging.size());
        var links = document.putObject("links");
        links.put("self", path + "?page[number]=" + paging.number() + "&page[size]=" + paging.size());
        links.put("first", path + "?page[number]=1&page[size]=" + paging.size());
        links.put("last", path + "?page[number]=" + pages + "&page[size]=" + paging.size());
        var meta = document.putObject("meta");
        meta.put("per_page", paging.size());
        meta.put("current_page", paging.number());
        meta.put("record_count", total);
        meta.put("total_pages", pages);
        return document;
    }

    static ObjectNode reference(String id, String type) {
        var node = Json.object();
        node.put("id", id);
        node.put("type", type);
        return node;
    }

    private static ObjectNode resource(String id, String type) {
        return reference(id, type);
    }
}
