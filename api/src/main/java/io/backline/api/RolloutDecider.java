package io.backline.api;

import io.backline.store.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What a running rollout does next, from the evidence of its current step summed over all edges
 * (docs/rollout.md). Plain logic, no I/O: {@link RolloutScheduler} feeds it and acts on the answer.
 *
 * <ol>
 *   <li>Once the candidate has answered {@code min_requests} in the step, it fails when its error
 *       ratio exceeds both {@code max_error_ratio} and the baseline's ratio in the same step plus
 *       {@code baseline_margin}: rolled back at once, without waiting for the step's time, so a bad
 *       candidate is caught while it serves the step's share only.</li>
 *   <li>Otherwise, once {@code step_seconds} have passed and it has answered {@code min_requests},
 *       it advances; after the last step (100 %) it is promoted.</li>
 *   <li>Otherwise it stays.</li>
 * </ol>
 */
final class RolloutDecider {
    private RolloutDecider() {}

    /** One version's answers in one step, summed over the edges. */
    record Tally(long requests, long errors) {
        static final Tally NONE = new Tally(0, 0);

        double ratio() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        Tally plus(long moreRequests, long moreErrors) {
            return new Tally(requests + moreRequests, errors + moreErrors);
        }
    }

    sealed interface Decision {}

    record Stay() implements Decision {}

    record Advance() implements Decision {}

    record Promote() implements Decision {}

    record RollBack(String reason) implements Decision {}

    static Decision decide(Rollout rollout, Tally candidate, Tally baseline, Instant now) {
        if (candidate.requests() >= rollout.minRequests()) {
            double limit = baseline.ratio() + rollout.baselineMargin();
            if (candidate.ratio() > rollout.maxErrorRatio() && candidate.ratio() > limit) {
                return new RollBack(reason(rollout, candidate, baseline));
            }
            var elapsed = Duration.between(rollout.stepStartedAt(), now);
            if (elapsed.compareTo(Duration.ofSeconds(rollout.stepSeconds())) >= 0) {
                return rollout.lastStep() ? new Promote() : new Advance();
            }
        }
        return new Stay();
    }

    static String reason(Rollout rollout, Tally candidate, Tally baseline) {
        return String.format(Locale.ROOT,
                "step %d (%d%%): candidate version %d error ratio %.4f (%d of %d requests) exceeds max_error_ratio %s and baseline "
                        + "version %d ratio %.4f (%d of %d requests) + baseline_margin %s",
                rollout.stepIndex() + 1, rollout.percent(), rollout.version(), candidate.ratio(), candidate.errors(), candidate.requests(),
                plain(rollout.maxErrorRatio()), rollout.fromVersion(), baseline.ratio(), baseline.errors(), baseline.requests(),
                plain(rollout.baselineMargin()));
    }

    /** A ratio as the client sent it (0.01, not 1.0E-2). */
    static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
