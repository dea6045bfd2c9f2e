package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;
import java.util.Set;

/**
 * Who is calling: a token's id, its scope and the services it is restricted to (empty: all).
 * A restricted token gets "not found" for other services, so their existence is not leaked.
 */
record Principal(String tokenId, TokenScope scope, Set<String> services) {

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
