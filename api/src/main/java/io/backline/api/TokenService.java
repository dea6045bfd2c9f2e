package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks API tokens. Only a SHA-256 hash of each secret is stored; the secret is shown
 * once, at creation. Checks are cached for a few seconds so the hot read path costs one hash, and
 * a revocation made by another process takes effect within that time.
 */
public final class TokenService {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final long CACHE_NANOS = 5_000_000_000L;
    private static final int CACHE_LIMIT = 10_000;

    private final ConfigStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, long expiresAt) {}

    /** A new token: its stored form and the secret, which exists only here. */
    public record Issued(Token token, String secret) {}

    public TokenService(ConfigStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Creates a token; {@code scope} is one or more space-separated scope names ({@code global},
     * {@code global:read}, {@code purge_select}, {@code purge_all}), stored as Fastly writes them.
     */
    public Issued create(String name, String scope, List<String> services) {
        scope = TokenScopes.parse(scope).wire();
        var secret = randomText(32);
        var token = new Token(randomText(22), name, hash(secret), scope, services,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
        store.write(tx -> {
            tx.insertToken(token);
            return null;
        });
        return new Issued(token, secret);
    }

    public List<Token> list() {
        return store.read(tx -> tx.tokens());
    }

    public boolean revoke(String id) {
        boolean removed = store.write(tx -> tx.deleteToken(id));
        cache.clear();
        return removed;
    }

    /** The caller a secret stands for, if it is a live token. */
    Optional<Principal> verify(String secret) {
        var hash = hash(secret);
        var cached = cache.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAt() < 0) {
            return Optional.of(cached.principal());
        }
        var found = store.read(tx -> tx.tokenByHash(hash));
        if (found.isEmpty()) {
            cache.remove(hash);
            return Optional.empty();
        }
        var token = found.get();
        var principal = new Principal(token.id(), TokenScopes.parse(token.scope()), Visibility.of(Set.copyOf(token.services())));
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(hash, new Cached(principal, now + CACHE_NANOS));
        return Optional.of(principal);
    }

    /**
     * Whether {@code secret} is a live token that may purge by URL or surrogate key in this service
     * ({@code purge_select} or {@code global}, and the service within its restriction): what the
     * edge of {@code backline serve} asks of a {@code PURGE} sent to it. Reads the store at most once
     * per {@link #CACHE_NANOS} per token, so call it off any event loop.
     */
    public boolean maySelectPurge(String secret, String serviceId) {
        return verify(secret).filter(principal -> principal.scopes().purgesSelected() && switch (principal.visibility()) {
            case Visibility.All all -> true;
            case Visibility.Only only -> only.services().contains(serviceId);
        }).isPresent();
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String hash(String secret) {
        try {
            // Cloning a prototype skips the provider look-up that getInstance pays on every call.
            var digest = ((MessageDigest) SHA_256.clone()).digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private String randomText(int length) {
        var chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
