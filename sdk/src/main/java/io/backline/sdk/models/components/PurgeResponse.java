package io.backline.sdk.models.components;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a purge: {@code {"status":"ok","id":"…"}}, without an id for a purge of everything.
 *
 * <pre>{@code
 * PurgeResponse purged = client.purge().purgeKey(serviceId, "product-42");
 * System.out.println(purged.status() + " " + purged.id());
 * }</pre>
 */
public final class PurgeResponse extends JsonResponse {
    public PurgeResponse(JsonNode json) {
        super(json);
    }

    /** {@code status}, {@code ok} for a purge accepted. */
    public @Nullable String status() {
        return text("status");
    }

    /** {@code id}, the purge's id; null for a purge of everything. */
    public @Nullable String id() {
        return text("id");
    }
}
