package io.backline.store;

import java.time.Instant;

/** A TLS configuration (Fastly's {@code tls_configuration}); Backline has the one default configuration. */
public record TlsConfigurationRecord(String id, String name, boolean isDefault, Instant createdAt, Instant updatedAt) {}
