package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.ServiceId;
import io.backline.store.Rollout;
import io.backline.store.RolloutState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a running rollout's step is decided from the evidence summed over the edges (docs/rollout.md). */
class RolloutDeciderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Rollout at(int stepIndex) {
        return new Rollout("r1", new ServiceId("svc"), 5, 4, List.of(5, 25, 50, 100), 60, 100, 0.01, 0.005, stepIndex, T0,
                RolloutState.RUNNING, null, T0, T0);
    }

    private static RolloutDecider.Tally tally(long requests, long errors) {
        return new RolloutDecider.Tally(requests, errors);
    }

    @Test
    void staysUntilTheCandidateHasMinRequestsEvenWhenItsTimeIsUp() {
        var decision = RolloutDecider.decide(at(0), tally(99, 99), tally(5_000, 0), T0.plusSeconds(120));

        assertThat(decision).isInstanceOf(RolloutDecider.Stay.class);
    }

    @Test
    void rollsBackAsSoonAsTheCandidateHasMinRequestsAndFailsBothLimits() {
        var decision = RolloutDecider.decide(at(0), tally(100, 34), tally(1_900, 2), T0.plusSeconds(3));

        assertThat(decision).isInstanceOf(RolloutDecider.RollBack.class);
        assertThat(((RolloutDecider.RollBack) decision).reason()).isEqualTo("step 1 (5%): candidate version 5 error ratio 0.3400 "
                + "(34 of 100 requests) exceeds max_error_ratio 0.01 and baseline version 4 ratio 0.0011 (2 of 1900 requests) "
                + "+ baseline_margin 0.005");
    }

    @Test
    void aCandidateAsBadAsABadBaselineIsNotBlamedForIt() {
        // 3 % errors, above max_error_ratio, but the baseline fails as often: the origin is at fault, not the version.
        var decision = RolloutDecider.decide(at(1), tally(200, 6), tally(600, 17), T0.plusSeconds(61));

        assertThat(decision).isInstanceOf(RolloutDecider.Advance.class);
    }

    @Test
    void aRatioAboveTheBaselineButWithinMaxErrorRatioPasses() {
        var decision = RolloutDecider.decide(at(1), tally(1_000, 9), tally(3_000, 0), T0.plusSeconds(61));

        assertThat(decision).isInstanceOf(RolloutDecider.Advance.class);
    }

    @Test
    void advancesWhenTheStepsTimeHasPassedAndPromotesAfterTheLastStep() {
        assertThat(RolloutDecider.decide(at(2), tally(100, 0), tally(100, 0), T0.plusSeconds(59)))
                .isInstanceOf(RolloutDecider.Stay.class);
        assertThat(RolloutDecider.decide(at(2), tally(100, 0), tally(100, 0), T0.plusSeconds(60)))
                .isInstanceOf(RolloutDecider.Advance.class);
        assertThat(RolloutDecider.decide(at(3), tally(100, 0), RolloutDecider.Tally.NONE, T0.plusSeconds(60)))
                .isInstanceOf(RolloutDecider.Promote.class);
    }
}
