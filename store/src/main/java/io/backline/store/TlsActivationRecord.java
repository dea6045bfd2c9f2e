package io.backline.store;

import java.time.Instant;

/** A certificate enabled for one domain under a configuration (Fastly's {@code tls_activation}); one per domain. */
public record TlsActivationRecord(String id, String certificateId, String configurationId, String domain, Instant createdAt) {}
