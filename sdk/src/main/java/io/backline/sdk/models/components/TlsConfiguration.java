package io.backline.sdk.models.components;

/**
 * A TLS configuration (Backline has the one default configuration).
 *
 * <pre>{@code
 * TlsConfiguration config = client.tls().listConfigurations().getFirst();
 * }</pre>
 */
public record TlsConfiguration(String id, String name, boolean isDefault) {}
