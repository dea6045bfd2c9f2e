package io.backline.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One purge in the purge log, as edge nodes receive it through the feed: everything of a service
 * ({@link Kind#ALL}), the objects tagged with some surrogate keys ({@link Kind#KEYS}), or the object
 * cached for one host and path ({@link Kind#URL}). {@code seq} orders the log; a record not yet
 * logged has seq 0, and {@link StoreTx#logPurge} answers it with its sequence.
 *
 * @param keys the surrogate keys of a {@link Kind#KEYS} purge, empty otherwise
 * @param host the host of a {@link Kind#URL} purge, null otherwise
 * @param path the path (query included) of a {@link Kind#URL} purge, null otherwise
 */
public record PurgeRecord(long seq, String serviceId, Kind kind, List<String> keys, @Nullable String host, @Nullable String path,
        boolean soft, Instant at) {

    /** What a purge removes. */
    public enum Kind {
        ALL("all"), KEYS("keys"), URL("url");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The name the store and the edge feed write. */
        public String wire() {
            return wire;
        }

        public static Kind parse(String text) {
            for (var kind : values()) {
                if (kind.wire.equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("kind: '" + text + "' (expected: all, keys or url)");
        }
    }

    public PurgeRecord {
        Objects.requireNonNull(serviceId, "serviceId");
        keys = List.copyOf(keys);
        if ((kind == Kind.KEYS) == keys.isEmpty()) {
            throw new IllegalArgumentException("keys: " + keys.size() + " (expected: some for a key purge, none otherwise)");
        }
        if ((kind == Kind.URL) != (host != null && path != null)) {
            throw new IllegalArgumentException("host and path: (expected: both for a URL purge, neither otherwise)");
        }
    }

    public static PurgeRecord all(String serviceId, Instant at) {
        return new PurgeRecord(0, serviceId, Kind.ALL, List.of(), null, null, false, at);
    }

    public static PurgeRecord keys(String serviceId, List<String> keys, boolean soft, Instant at) {
        return new PurgeRecord(0, serviceId, Kind.KEYS, keys, null, null, soft, at);
    }

    public static PurgeRecord url(String serviceId, String host, String path, boolean soft, Instant at) {
        return new PurgeRecord(0, serviceId, Kind.URL, List.of(), host, path, soft, at);
    }

    /** This purge under a sequence of the log. */
    public PurgeRecord withSeq(long value) {
        return new PurgeRecord(value, serviceId, kind, keys, host, path, soft, at);
    }
}
