package io.backline.store;

import java.time.Instant;

/**
 * A stored TLS certificate (Fastly's {@code tls_certificate}): its chain as uploaded (leaf first)
 * and the stored key whose public half the leaf carries. Its names, issuer and validity are read
 * from the chain by the API.
 */
public record TlsCertificateRecord(String id, String name, String keyId, String chainPem, Instant createdAt, Instant updatedAt) {}
