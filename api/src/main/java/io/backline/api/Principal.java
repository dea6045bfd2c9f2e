package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.ServiceId;

/** Who is calling: a token's id, its scopes and the services it sees. */
record Principal(String tokenId, TokenScopes scopes, Visibility visibility) {

    /** The service, or the "not found" a caller gets for a service it cannot see. */
    void requireService(ServiceId id) {
        if (!visibility.canSee(id)) {
            throw ConfigException.notFound("Cannot find service '" + id + "'");
        }
    }
}
