package io.backline.store;

import io.backline.model.ServiceId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One staged rollout of a service's version (issue 19), as the store keeps it: its settings, where
 * it stands (step and state) and since when. Transitions are compare-and-set on (id, step index,
 * state) through {@link StoreTx#updateRollout}, so of several API nodes deciding at once one wins.
 *
 * @param id the rollout's id (random, like a service id)
 * @param version the candidate version
 * @param fromVersion the version active when it started (the baseline)
 * @param steps the candidate's share at each step, ascending, the last 100
 * @param stepSeconds the least time at each step
 * @param minRequests the requests the candidate must have answered in a step before it may advance or fail
 * @param maxErrorRatio the error ratio the candidate may reach in a step whatever the baseline's
 * @param baselineMargin how far above the baseline's ratio the candidate's may be
 * @param stepIndex the current step (0-based); after promotion, the last
 * @param stepStartedAt when the current step started
 * @param reason why it ended, for a rollback or an abort; null otherwise
 */
public record Rollout(String id, ServiceId serviceId, int version, int fromVersion, List<Integer> steps, int stepSeconds,
        long minRequests, double maxErrorRatio, double baselineMargin, int stepIndex, Instant stepStartedAt, RolloutState state,
        @Nullable String reason, Instant startedAt, Instant updatedAt) {

    public Rollout {
        steps = List.copyOf(steps);
    }

    /** The candidate's share now. */
    public int percent() {
        return steps.get(stepIndex);
    }

    public boolean lastStep() {
        return stepIndex == steps.size() - 1;
    }

    /** The next step, started at {@code at}. */
    public Rollout advanced(Instant at) {
        return new Rollout(id, serviceId, version, fromVersion, steps, stepSeconds, minRequests, maxErrorRatio, baselineMargin,
                stepIndex + 1, at, state, reason, startedAt, at);
    }

    /** This rollout ended in {@code ended} at {@code at}; promotion moves to the last step (100 %). */
    public Rollout ended(RolloutState ended, @Nullable String why, Instant at) {
        int index = ended == RolloutState.PROMOTED ? steps.size() - 1 : stepIndex;
        return new Rollout(id, serviceId, version, fromVersion, steps, stepSeconds, minRequests, maxErrorRatio, baselineMargin, index,
                index == stepIndex ? stepStartedAt : at, ended, why, startedAt, at);
    }
}
