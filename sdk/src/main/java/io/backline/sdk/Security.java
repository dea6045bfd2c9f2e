package io.backline.sdk;

import java.util.Objects;

/**
 * How the client authenticates: a Fastly API token, sent as {@code Fastly-Key}. Never printed.
 *
 * <pre>{@code
 * var client = Backline.builder().security(Security.of(System.getenv("FASTLY_API_TOKEN"))).build();
 * }</pre>
 */
public final class Security {
    private final String token;

    private Security(String token) {
        this.token = token;
    }

    /** A token; blank tokens are refused here rather than as a 401 later. */
    public static Security of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token is blank");
        }
        return new Security(token);
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "Security[token=…]";
    }
}
