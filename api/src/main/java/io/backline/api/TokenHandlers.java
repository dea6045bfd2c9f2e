package io.backline.api;

import io.backline.wire.Json;
import java.util.TreeSet;

/**
 * {@code GET /tokens/self}, as Fastly answers it: the calling token's id, scope and the services it
 * is restricted to (empty: all). The web console reads it at sign-in to decide which controls to
 * show; the API still refuses any write the scope does not allow. Any live token may ask, purge-only
 * ones included: an edge node asks it to learn whether a {@code PURGE}'s key may purge.
 */
final class TokenHandlers {

    void register(Router router) {
        router.addSelf("GET", "tokens/self", call -> {
            var principal = call.principal();
            var node = Json.object();
            node.put("id", principal.tokenId());
            node.put("scope", principal.scopes().wire());
            var services = node.putArray("services");
            if (principal.visibility() instanceof Visibility.Only only) {
                new TreeSet<>(only.services()).forEach(services::add);
            }
            return ApiResponse.ok(node);
        });
    }
}
