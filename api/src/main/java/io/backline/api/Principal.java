package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;
import java.util.Set;

/**
 * Who is calling: a token's id, its scope and the services it is restricted to (empty: all).
 * A restricted token gets "not found" for other services, so their existence is not leaked.
 */
record Principal(String tokenId, Scope scope, Set<String> services) {

    /** The token scopes Backline knows; Fastly's purge scopes have no config rights. */
    enum Scope {
        GLOBAL("global"),
        GLOBAL_READ("global:read");

        final String wire;

        Scope(String wire) {
            this.wire = wire;
        }

        static Scope parse(String text) {
            // A token may carry several space-separated scopes; the widest config scope wins.
            Scope best = null;
            for (var part : text.trim().split("\\s+")) {
                if (part.equals(GLOBAL.wire)) {
                    return GLOBAL;
                }
                if (part.equals(GLOBAL_READ.wire)) {
                    best = GLOBAL_READ;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("scope: '" + text + "' (expected: global or global:read)");
            }
            return best;
        }
    }

    Principal {
        services = Set.copyOf(services);
    }

    boolean restricted() {
        return !services.isEmpty();
    }

    boolean canSee(ServiceId id) {
        return services.isEmpty() || services.contains(id.value());
    }

    void requireService(ServiceId id) {
        if (!canSee(id)) {
            throw ConfigException.notFound("Cannot find service '" + id + "'");
        }
    }
}
