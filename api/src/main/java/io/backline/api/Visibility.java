package io.backline.api;

import io.backline.model.ServiceId;
import java.util.Set;

/**
 * Which services a caller sees: all of them, or only those its token is restricted to. A
 * restricted caller gets "not found" for the others, so their existence is not leaked.
 */
sealed interface Visibility {
    /** A token without a service restriction. */
    Visibility ALL = new All();

    /** Every service. */
    record All() implements Visibility {}

    /** Only these services (ids as stored with the token). */
    record Only(Set<String> services) implements Visibility {
        public Only {
            services = Set.copyOf(services);
        }
    }

    /** All services for an empty restriction, as a token stores it; only the listed ones otherwise. */
    static Visibility of(Set<String> services) {
        return services.isEmpty() ? ALL : new Only(services);
    }

    default boolean canSee(ServiceId id) {
        return switch (this) {
            case All all -> true;
            case Only only -> only.services().contains(id.value());
        };
    }
}
