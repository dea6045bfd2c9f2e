package io.backline.sdk.models.components;

import java.time.Instant;

/**
 * A certificate enabled for one domain under a TLS configuration.
 *
 * <pre>{@code
 * TlsActivation activation = client.tls().activate(certificate.id(), null, "www.example.com");
 * client.tls().deactivate(activation.id());
 * }</pre>
 */
public record TlsActivation(String id, String certificateId, String configurationId, String domain, Instant createdAt) {}
