package io.backline.edge;

import java.util.List;
import java.util.Objects;

/**
 * What a purge removes from an edge's cache, as Fastly's purge API names it: every object of a
 * service, the objects tagged with some surrogate keys, or the object of one URL. A soft purge
 * ({@code Fastly-Soft-Purge: 1}) marks the objects stale instead of removing them, so that they may
 * still be served while stale and revalidated. The control plane makes these; every edge applies
 * them ({@link EdgeServer#purge}).
 */
public sealed interface Purge {
    /** Surrogate keys one purge may name (Fastly's limit for a batch). */
    int MAX_KEYS = 256;

    String serviceId();

    boolean soft();

    /** Every cached object of the service ({@code purge_all} is never soft at Fastly). */
    record All(String serviceId) implements Purge {
        public All {
            Objects.requireNonNull(serviceId, "serviceId");
        }

        @Override
        public boolean soft() {
            return false;
        }
    }

    /** The objects whose {@code Surrogate-Key} response header named any of {@code keys}. */
    record Keys(String serviceId, List<String> keys, boolean soft) implements Purge {
        public Keys {
            Objects.requireNonNull(serviceId, "serviceId");
            keys = List.copyOf(keys);
            if (keys.isEmpty() || keys.size() > MAX_KEYS) {
                throw new IllegalArgumentException("keys: " + keys.size() + " (expected: 1 to " + MAX_KEYS + ")");
            }
        }
    }

    /** The object (every variant) cached for {@code host} and {@code path} (the origin-form URL, query included). */
    record Url(String serviceId, String host, String path, boolean soft) implements Purge {
        public Url {
            Objects.requireNonNull(serviceId, "serviceId");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(path, "path");
        }
    }
}
