package io.backline.sdk;

import io.backline.sdk.models.components.RolloutResponse;
import io.backline.sdk.models.operations.StartRolloutRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Staged rollouts of an activation (Backline's own API beside Fastly's; docs/rollout.md): start one,
 * read the running or last one and the past ones, promote it to 100 % now or abort it back to the old
 * version. Reached through {@link Backline#rollout()}; thread-safe. Starting, promoting and aborting
 * are not retried on a 5xx or a lost answer: each may have happened.
 *
 * <pre>{@code
 * RolloutResponse started = client.rollout().start(StartRolloutRequest.builder()
 *         .serviceId(serviceId).version(5).steps(List.of(5, 25, 50, 100)).build());
 * RolloutResponse now = client.rollout().get(serviceId);
 * System.out.println(now.state() + " at " + now.percent() + " %");
 * client.rollout().abort(serviceId);
 * }</pre>
 */
public final class Rollouts {
    private final Transport transport;

    Rollouts(Transport transport) {
        this.transport = transport;
    }

    /** Starts a rollout ({@code POST /service/{id}/rollout}); answers it at its first step. */
    public RolloutResponse start(StartRolloutRequest request) {
        return start(request, null);
    }

    /** {@link #start(StartRolloutRequest)} with options for this call only. */
    public RolloutResponse start(StartRolloutRequest request, @Nullable RequestOptions options) {
        var call = new Transport.Call("POST", List.of("service", request.serviceId(), "rollout"), Map.of(), request.form(), false);
        return one(call, options);
    }

    /** The running rollout, or the last one finished ({@code GET /service/{id}/rollout}); 404 when the service has had none. */
    public RolloutResponse get(String serviceId) {
        return get(serviceId, null);
    }

    public RolloutResponse get(String serviceId, @Nullable RequestOptions options) {
        return one(Transport.Call.get(List.of("service", serviceId, "rollout")), options);
    }

    /** Every rollout of the service, as {@code GET /service/{id}/rollouts} lists them. */
    public List<RolloutResponse> list(String serviceId) {
        return list(serviceId, null);
    }

    public List<RolloutResponse> list(String serviceId, @Nullable RequestOptions options) {
        var answer = Transport.json(transport.send(Transport.Call.get(List.of("service", serviceId, "rollouts")), options));
        var out = new ArrayList<RolloutResponse>();
        answer.forEach(item -> out.add(new RolloutResponse(item)));
        return List.copyOf(out);
    }

    /** Goes to 100 % and finishes now: the candidate becomes the active version ({@code state} {@code promoted}). */
    public RolloutResponse promote(String serviceId) {
        return promote(serviceId, null);
    }

    public RolloutResponse promote(String serviceId, @Nullable RequestOptions options) {
        return one(post(serviceId, "promote"), options);
    }

    /** Goes back to the old version now ({@code state} {@code aborted}); the candidate stays as it was. */
    public RolloutResponse abort(String serviceId) {
        return abort(serviceId, null);
    }

    public RolloutResponse abort(String serviceId, @Nullable RequestOptions options) {
        return one(post(serviceId, "abort"), options);
    }

    private RolloutResponse one(Transport.Call call, @Nullable RequestOptions options) {
        return new RolloutResponse(Transport.json(transport.send(call, options)));
    }

    private static Transport.Call post(String serviceId, String action) {
        return new Transport.Call("POST", List.of("service", serviceId, "rollout", action), Map.of(), null, false);
    }
}
