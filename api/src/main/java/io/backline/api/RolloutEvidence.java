package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.RolloutState;
import java.util.List;

/**
 * Where edges' counts for running rollouts arrive (issue 19): the edge feed calls it with each
 * edge node's report, {@code backline serve} with its own edge's every second. Each report is one
 * store transaction that adds, per version, the increase over that edge's previous report to the
 * rollout's current step ({@link io.backline.store.StoreTx#countRollout}); counts for a rollout that
 * is no longer running, or for a version that is neither its candidate nor its baseline, are dropped.
 * The decision is taken elsewhere ({@link RolloutScheduler}), from the sum over all edges.
 */
public final class RolloutEvidence {
    private final ConfigStore store;

    RolloutEvidence(ConfigStore store) {
        this.store = store;
    }

    /** Counts the report of edge {@code edgeId}: cumulative counts, as {@link RolloutCount} says. */
    public void report(String edgeId, List<RolloutCount> counts) {
        if (counts.isEmpty()) {
            return;
        }
        store.write(tx -> {
            for (var count : counts) {
                var rollout = tx.rollout(count.rolloutId()).orElse(null);
                if (rollout == null || rollout.state() != RolloutState.RUNNING || !rollout.serviceId().value().equals(count.serviceId())
                        || count.version() != rollout.version() && count.version() != rollout.fromVersion()) {
                    continue;
                }
                tx.countRollout(rollout.id(), rollout.stepIndex(), edgeId, count.version(), count.requests(), count.errors());
            }
            return null;
        });
    }
}
