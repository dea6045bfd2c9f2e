package io.backline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.store.TlsActivationRecord;
import io.backline.store.TlsCertificateRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fastly's custom TLS API as go-fastly and the Fastly CLI ({@code tls-custom}, {@code tls-config})
 * call it, in JSON:API documents: {@code /tls/private_keys}, {@code /tls/certificates},
 * {@code /tls/configurations}, {@code /tls/domains} and {@code /tls/activations}. Writes need a
 * {@code global} token (the router's write access); errors are JSON:API errors ({@link ApiErrors}).
 */
final class TlsHandlers {
    private static final int MAX_NAME = 255;
    /** PEM bundles are small; the body limit bounds the rest. */
    private static final int MAX_PEM = 512 * 1024;

    private final TlsService tls;

    TlsHandlers(TlsService tls) {
        this.tls = tls;
    }

    void register(Router router) {
        router.add("GET", "tls/private_keys", this::listKeys)
                .add("POST", "tls/private_keys", this::createKey)
                .add("GET", "tls/private_keys/{id}", call -> one(TlsDocuments.key(tls.key(call.param("id"))), 200))
                .add("DELETE", "tls/private_keys/{id}", call -> deleted(() -> tls.deleteKey(call.param("id"))))
                .add("GET", "tls/certificates", this::listCertificates)
                .add("POST", "tls/certificates", this::createCertificate)
                .add("GET", "tls/certificates/{id}", call -> one(certificate(tls.certificate(call.param("id"))), 200))
                .add("PATCH", "tls/certificates/{id}", this::updateCertificate)
                .add("DELETE", "tls/certificates/{id}", call -> deleted(() -> tls.deleteCertificate(call.param("id"))))
                .add("GET", "tls/configurations", this::listConfigurations)
                .add("GET", "tls/configurations/{id}", call -> one(TlsDocuments.configuration(tls.configuration(call.param("id"))), 200))
                .add("PATCH", "tls/configurations/{id}", this::updateConfiguration)
                .add("GET", "tls/domains", this::listDomains)
                .add("GET", "tls/activations", this::listActivations)
                .add("POST", "tls/activations", this::activate)
                .add("GET", "tls/activations/{id}", this::getActivation)
                .add("PATCH", "tls/activations/{id}", this::moveActivation)
                .add("DELETE", "tls/activations/{id}", call -> deleted(() -> tls.deactivate(call.param("id"))));
    }

    // --- private keys ---

    private ApiResponse listKeys(Call call) {
        var inUse = JsonApiDocument.booleanFilter(call, "filter[in_use]");
        var keys = inUse == null ? tls.keys() : tls.keys(inUse);
        return many(call, keys.stream().map(TlsDocuments::key).toList(), "/tls/private_keys", List.of());
    }

    private ApiResponse createKey(Call call) {
        var document = JsonApiDocument.of(call.body());
        var pem = document.requiredAttribute("key", MAX_PEM);
        var name = document.attribute("name", false, MAX_NAME);
        return one(TlsDocuments.key(tls.createKey(name == null ? "" : name, pem)), 201);
    }

    // --- certificates ---

    private ApiResponse listCertificates(Call call) {
        includes(call, Set.of("tls_activations"));
        var match = call.queryValue("filter[tls_domains.id]");
        var notAfter = notAfter(call.queryValue("filter[not_after]"));
        var all = new ArrayList<ObjectNode>();
        var activations = tls.activations();
        for (var certificate : sorted(tls.certificates(), call.queryValue("sort"))) {
            var node = TlsDocuments.certificate(certificate, activations);
            var chain = TlsPem.chain("cert_blob", certificate.chainPem());
            if (match != null && !match.isEmpty() && chain.domains().stream().noneMatch(d -> d.contains(match.toLowerCase(java.util.Locale.ROOT)))) {
                continue;
            }
            if (notAfter != null && chain.notAfter().isAfter(notAfter)) {
                continue;
            }
            all.add(node);
        }
        var included = wants(call, "tls_activations")
                ? activations.stream().map(TlsDocuments::activation).toList() : List.<ObjectNode>of();
        return many(call, all, "/tls/certificates", included);
    }

    private ApiResponse createCertificate(Call call) {
        var document = JsonApiDocument.of(call.body());
        var blob = document.requiredAttribute("cert_blob", MAX_PEM);
        var name = document.attribute("name", false, MAX_NAME);
        // Fastly's allow_untrusted_root: always on here (self-hosted users run their own CAs); read only to check its type.
        document.flag("allow_untrusted_root", true);
        return one(certificate(tls.createCertificate(name == null ? "" : name, blob)), 201);
    }

    private ApiResponse updateCertificate(Call call) {
        var id = call.param("id");
        tls.certificate(id);
        var document = JsonApiDocument.of(call.body());
        var blob = document.requiredAttribute("cert_blob", MAX_PEM);
        var name = document.attribute("name", false, MAX_NAME);
        document.flag("allow_untrusted_root", true);
        return one(certificate(tls.updateCertificate(id, name, blob)), 200);
    }

    private ObjectNode certificate(TlsCertificateRecord certificate) {
        return TlsDocuments.certificate(certificate, tls.activations());
    }

    private static List<TlsCertificateRecord> sorted(List<TlsCertificateRecord> certificates, @org.jspecify.annotations.Nullable String sort) {
        if (sort == null || sort.isEmpty()) {
            return certificates;
        }
        boolean descending = sort.startsWith("-");
        Comparator<TlsCertificateRecord> order = switch (descending ? sort.substring(1) : sort) {
            case "created_at" -> Comparator.comparing(TlsCertificateRecord::createdAt);
            case "not_before" -> Comparator.comparing(c -> TlsPem.chain("cert_blob", c.chainPem()).notBefore());
            case "not_after" -> Comparator.comparing(c -> TlsPem.chain("cert_blob", c.chainPem()).notAfter());
            default -> throw ConfigException.invalid("sort: '" + sort + "' (expected: created_at, not_before or not_after, - before it"
                    + " for descending)");
        };
        return certificates.stream().sorted(descending ? order.reversed() : order).toList();
    }

    /** {@code filter[not_after]}: a date ({@code 2020-05-05}) or time, optionally after {@code lte:}; certificates expiring by then. */
    private static @org.jspecify.annotations.Nullable Instant notAfter(@org.jspecify.annotations.Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        var value = text.startsWith("lte:") ? text.substring(4) : text;
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ConfigException.invalid("filter[not_after]: '" + text + "' (expected: a date such as 2026-05-05 or an RFC 3339 time)");
        }
    }

    // --- configurations ---

    private ApiResponse listConfigurations(Call call) {
        var bulk = JsonApiDocument.booleanFilter(call, "filter[bulk]");
        var all = tls.configurations().stream().filter(c -> bulk == null || !bulk).map(TlsDocuments::configuration).toList();
        return many(call, all, "/tls/configurations", List.of());
    }

    private ApiResponse updateConfiguration(Call call) {
        var id = call.param("id");
        tls.configuration(id);
        var name = JsonApiDocument.of(call.body()).requiredAttribute("name", MAX_NAME);
        return one(TlsDocuments.configuration(tls.renameConfiguration(id, name)), 200);
    }

    // --- domains ---

    private ApiResponse listDomains(Call call) {
        includes(call, Set.of("tls_activations", "tls_certificates", "tls_subscriptions"));
        var inUse = JsonApiDocument.booleanFilter(call, "filter[in_use]");
        var byCertificate = call.queryValue("filter[tls_certificates.id]");
        var bySubscription = call.queryValue("filter[tls_subscriptions.id]");
        var activations = tls.activations();
        var certificates = tls.certificates();
        var names = new LinkedHashMap<String, List<String>>();
        for (var certificate : certificates) {
            for (var name : TlsPem.chain("cert_blob", certificate.chainPem()).domains()) {
                names.computeIfAbsent(name, n -> new ArrayList<>()).add(certificate.id());
            }
        }
        var all = new ArrayList<ObjectNode>();
        var included = new ArrayList<ObjectNode>();
        var includedIds = new LinkedHashSet<String>();
        for (Map.Entry<String, List<String>> entry : names.entrySet()) {
            var active = activations.stream().filter(a -> a.domain().equals(entry.getKey())).toList();
            if ((inUse != null && inUse == active.isEmpty()) || (byCertificate != null && !byCertificate.isEmpty()
                    && !entry.getValue().contains(byCertificate)) || (bySubscription != null && !bySubscription.isEmpty())) {
                continue;
            }
            all.add(TlsDocuments.domain(entry.getKey(), entry.getValue(), active));
            if (wants(call, "tls_activations")) {
                active.stream().filter(a -> includedIds.add("a/" + a.id())).forEach(a -> included.add(TlsDocuments.activation(a)));
            }
            if (wants(call, "tls_certificates")) {
                certificates.stream().filter(c -> entry.getValue().contains(c.id()) && includedIds.add("c/" + c.id()))
                        .forEach(c -> included.add(TlsDocuments.certificate(c, activations)));
            }
        }
        return many(call, all, "/tls/domains", included);
    }

    // --- activations ---

    private ApiResponse listActivations(Call call) {
        includes(call, Set.of("tls_certificate", "tls_configuration", "tls_domain"));
        Predicate<TlsActivationRecord> filter = a -> matches(call, "filter[tls_certificate.id]", a.certificateId())
                && matches(call, "filter[tls_configuration.id]", a.configurationId()) && matches(call, "filter[tls_domain.id]", a.domain());
        var activations = tls.activations().stream().filter(filter).toList();
        return many(call, activations.stream().map(TlsDocuments::activation).toList(), "/tls/activations", included(call, activations));
    }

    private ApiResponse getActivation(Call call) {
        includes(call, Set.of("tls_certificate", "tls_configuration", "tls_domain"));
        var activation = tls.activation(call.param("id"));
        var document = TlsDocuments.one(TlsDocuments.activation(activation));
        var included = included(call, List.of(activation));
        if (!included.isEmpty()) {
            included.forEach(document.putArray("included")::add);
        }
        return json(document, 200);
    }

    private ApiResponse activate(Call call) {
        var document = JsonApiDocument.of(call.body());
        var certificate = document.requiredRelationship("tls_certificate");
        var domain = document.requiredRelationship("tls_domain");
        var configuration = document.relationship("tls_configuration", false);
        return one(TlsDocuments.activation(tls.activate(certificate, configuration, domain)), 201);
    }

    private ApiResponse moveActivation(Call call) {
        var id = call.param("id");
        tls.activation(id);
        var certificate = JsonApiDocument.of(call.body()).requiredRelationship("tls_certificate");
        return one(TlsDocuments.activation(tls.moveActivation(id, certificate)), 200);
    }

    private List<ObjectNode> included(Call call, List<TlsActivationRecord> activations) {
        var included = new ArrayList<ObjectNode>();
        var seen = new LinkedHashSet<String>();
        var certificates = wants(call, "tls_certificate") ? tls.certificates() : List.<TlsCertificateRecord>of();
        var all = tls.activations();
        for (var a : activations) {
            certificates.stream().filter(c -> c.id().equals(a.certificateId()) && seen.add("c/" + c.id()))
                    .forEach(c -> included.add(TlsDocuments.certificate(c, all)));
            if (wants(call, "tls_configuration") && seen.add("g/" + a.configurationId())) {
                included.add(TlsDocuments.configuration(tls.configuration(a.configurationId())));
            }
            if (wants(call, "tls_domain") && seen.add("d/" + a.domain())) {
                included.add(TlsDocuments.reference(a.domain(), "tls_domain"));
            }
        }
        return included;
    }

    // --- documents ---

    private static boolean matches(Call call, String filter, String value) {
        var wanted = call.queryValue(filter);
        return wanted == null || wanted.isEmpty() || wanted.equals(value);
    }

    /** Refuses an {@code include} this route cannot include, naming the ones it can. */
    private static void includes(Call call, Set<String> allowed) {
        var include = call.queryValue("include");
        if (include == null || include.isEmpty()) {
            return;
        }
        for (var part : include.split(",")) {
            if (!allowed.contains(part.strip())) {
                throw ConfigException.invalid("include: '" + part + "' (expected: a comma-separated list of " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static boolean wants(Call call, String relation) {
        var include = call.queryValue("include");
        return include != null && List.of(include.split(",")).stream().map(String::strip).anyMatch(relation::equals);
    }

    private static ApiResponse many(Call call, List<ObjectNode> all, String path, List<ObjectNode> included) {
        var paging = JsonApiDocument.Page.of(call);
        var document = TlsDocuments.many(paging.of(all), paging, all.size(), path);
        if (!included.isEmpty()) {
            included.forEach(document.putArray("included")::add);
        }
        return json(document, 200);
    }

    private static ApiResponse one(ObjectNode resource, int status) {
        return json(TlsDocuments.one(resource), status);
    }

    private static ApiResponse json(ObjectNode document, int status) {
        return new ApiResponse(status, document, Map.of("content-type", TlsDocuments.MEDIA_TYPE));
    }

    private static ApiResponse deleted(Runnable delete) {
        delete.run();
        return new ApiResponse(204, null, new byte[0], Map.of("content-type", TlsDocuments.MEDIA_TYPE));
    }
}
