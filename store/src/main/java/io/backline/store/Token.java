package io.backline.store;

import java.time.Instant;
import java.util.List;

/**
 * An API token as stored: only the SHA-256 hash of its secret is kept. {@code services} empty means
 * the token is not restricted to particular services.
 */
public record Token(String id, String name, String hash, String scope, List<String> services, Instant createdAt) {
    public Token {
        services = List.copyOf(services);
    }
}
