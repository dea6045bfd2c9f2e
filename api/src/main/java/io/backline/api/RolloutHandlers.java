package io.backline.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.store.Rollout;
import io.backline.store.RolloutTally;
import io.backline.wire.Json;
import java.util.List;

/**
 * HTTP adapter of staged rollouts (issue 19), Backline's own routes beside Fastly's: start, read the
 * current or last one, list, promote, abort. Same token rules as activation (writes need a token
 * that may write the service).
 */
final class RolloutHandlers {
    private final RolloutService rollouts;

    RolloutHandlers(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    void register(Router router) {
        router.add("POST", "service/{sid}/rollout", call -> {
            var id = call.serviceId();
            return document(rollouts.start(id, RolloutSettings.parse(call.body())));
        })
                .add("GET", "service/{sid}/rollout", call -> document(rollouts.current(call.serviceId())))
                .add("GET", "service/{sid}/rollouts", call -> {
                    var array = JsonNodeFactory.instance.arrayNode();
                    rollouts.list(call.serviceId()).forEach(view -> array.add(json(view)));
                    return ApiResponse.ok(array);
                })
                .add("POST", "service/{sid}/rollout/promote", call -> document(rollouts.promote(call.serviceId())))
                .add("POST", "service/{sid}/rollout/abort", call -> document(rollouts.abort(call.serviceId())));
    }

    private static ApiResponse document(RolloutService.View view) {
        return ApiResponse.ok(json(view));
    }

    /** The rollout document: its settings, where it stands, and each version's answers in the current step and in total. */
    static ObjectNode json(RolloutService.View view) {
        var rollout = view.rollout();
        var node = Json.object();
        node.put("id", rollout.id());
        node.put("service_id", rollout.serviceId().value());
        node.put("version", rollout.version());
        node.put("from_version", rollout.fromVersion());
        var steps = node.putArray("steps");
        rollout.steps().forEach(steps::add);
        node.put("step_index", rollout.stepIndex());
        node.put("percent", rollout.percent());
        node.put("state", rollout.state().wire());
        if (rollout.reason() == null) {
            node.putNull("reason");
        } else {
            node.put("reason", rollout.reason());
        }
        node.put("step_seconds", rollout.stepSeconds());
        node.put("min_requests", rollout.minRequests());
        node.put("max_error_ratio", rollout.maxErrorRatio());
        node.put("baseline_margin", rollout.baselineMargin());
        node.put("started_at", Json.time(rollout.startedAt()));
        node.put("step_started_at", Json.time(rollout.stepStartedAt()));
        node.put("updated_at", Json.time(rollout.updatedAt()));
        node.set("candidate", counts(rollout, rollout.version(), view.tallies()));
        node.set("baseline", counts(rollout, rollout.fromVersion(), view.tallies()));
        return node;
    }

    private static ObjectNode counts(Rollout rollout, int version, List<RolloutTally> tallies) {
        long stepRequests = 0;
        long stepErrors = 0;
        long requests = 0;
        long errors = 0;
        for (var tally : tallies) {
            if (tally.version() != version) {
                continue;
            }
            requests += tally.requests();
            errors += tally.errors();
            if (tally.stepIndex() == rollout.stepIndex()) {
                stepRequests += tally.requests();
                stepErrors += tally.errors();
            }
        }
        var node = Json.object();
        node.put("version", version);
        node.put("requests", stepRequests);
        node.put("errors", stepErrors);
        node.put("error_ratio", stepRequests == 0 ? 0.0 : (double) stepErrors / stepRequests);
        node.put("total_requests", requests);
        node.put("total_errors", errors);
        return node;
    }
}
