package io.backline.app;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.backline.edge.PurgeAuthorizer;
import io.backline.wire.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An edge node's answer to who may send {@code PURGE} to it. The node has no token store, so it asks
 * the control plane what the {@code Fastly-Key} is ({@code GET /tokens/self}, Fastly's own route:
 * scopes and service restriction), and may purge when a scope is {@code purge_select} or
 * {@code global} and the service is within the restriction. Answers are kept {@link #KEEP} (by the
 * key's SHA-256, never the key itself) in Caffeine, so a burst of purges costs one call and a
 * revoked token stops purging within that time; a failed call is not kept, and refuses.
 */
final class ControlPlanePurgeAuthorizer implements PurgeAuthorizer {
    static final Duration KEEP = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ControlPlanePurgeAuthorizer.class.getName());
    private static final Set<String> PURGING_SCOPES = Set.of("global", "purge_select");

    /** What the control plane said about a key: unknown (no scopes), or its scopes and services (empty: all). */
    private record Holder(Set<String> scopes, Set<String> services) {
        static final Holder UNKNOWN = new Holder(Set.of(), Set.of());

        boolean mayPurge(String serviceId) {
            return scopes.stream().anyMatch(PURGING_SCOPES::contains) && (services.isEmpty() || services.contains(serviceId));
        }
    }

    private final Supplier<URI> controlPlane;
    private final HttpClient http;
    private final AsyncCache<String, Holder> answers = Caffeine.newBuilder().expireAfterWrite(KEEP).maximumSize(10_000).buildAsync();

    /** @param controlPlane the API node to ask: the one the feed follows now, or the first configured */
    ControlPlanePurgeAuthorizer(Supplier<URI> controlPlane, HttpClient http) {
        this.controlPlane = controlPlane;
        this.http = http;
    }

    @Override
    public CompletionStage<Boolean> mayPurge(@Nullable String fastlyKey, String serviceId) {
        if (fastlyKey == null || fastlyKey.isBlank()) {
            return CompletableFuture.completedFuture(false);
        }
        var key = fastlyKey.strip();
        return answers.get(sha256(key), (hash, executor) -> ask(key))
                .thenApply(holder -> holder.mayPurge(serviceId))
                .exceptionally(e -> {
                    LOG.log(Level.WARNING, "PURGE refused: the control plane did not answer who its Fastly-Key is (" + e.getMessage() + ")");
                    return false;
                });
    }

    private CompletableFuture<Holder> ask(String key) {
        var request = HttpRequest.newBuilder(controlPlane.get().resolve("/tokens/self"))
                .timeout(Duration.ofSeconds(5))
                .header("Fastly-Key", key)
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return Holder.UNKNOWN;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /tokens/self answered " + response.statusCode());
            }
            try {
                var node = Json.mapper().readTree(response.body());
                var scopes = Set.of(node.path("scope").asText("").strip().split("\\s+"));
                var services = new java.util.HashSet<String>();
                node.path("services").forEach(id -> services.add(id.asText()));
                return new Holder(scopes, Set.copyOf(services));
            } catch (IOException e) {
                throw new IllegalStateException("GET /tokens/self answered no JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
            }
        });
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
