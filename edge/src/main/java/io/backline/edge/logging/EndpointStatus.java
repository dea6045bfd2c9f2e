package io.backline.edge.logging;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's delivery since its sender started (an activation that changes the endpoint starts
 * a new one): what {@code GET /service/{id}/logging-status} shows.
 *
 * @param sent lines the receiver accepted (UDP: lines handed to the network)
 * @param dropped lines lost because the endpoint's queue was full (the receiver was slower than the traffic)
 * @param failed lines lost to a failed send (connect refused, TLS refused, an HTTP status other than 2xx, a timeout)
 * @param skipped requests its {@code response_condition} did not match
 * @param queued lines waiting to be sent now
 * @param lastError the latest failure, or null when none happened
 * @param lastSuccessAt when the receiver last accepted a line, or null when it never did
 */
public record EndpointStatus(String kind, String name, long sent, long dropped, long failed, long skipped, int queued,
        @Nullable String lastError, @Nullable Instant lastSuccessAt) {}
