package io.backline.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.HealthcheckSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shift register and the state transitions, as Varnish computes them (semantics §3.2). */
class HealthWindowTest {

    private static HealthcheckSettings check(int window, int threshold, int initial) {
        return new HealthcheckSettings("hc", null, "/", "HEAD", "1.1", 200, 50, 100, window, threshold, initial, List.of());
    }

    private static HealthWindow failures(HealthWindow window, int count) {
        for (int i = 0; i < count; i++) {
            window = window.push(false);
        }
        return window;
    }

    @Test
    void initialPassesArePushedInNewestLast() {
        var window = HealthWindow.initial(check(5, 3, 2));
        assertThat(window.bitmap()).isEqualTo("00011");
        assertThat(window.good()).isEqualTo(2);
        assertThat(window.healthy()).isFalse();
    }

    @Test
    void initialIsCappedAtThreshold() {
        var window = HealthWindow.initial(check(5, 2, 5));
        assertThat(window.bitmap()).isEqualTo("00011");
        assertThat(window.healthy()).isTrue();
    }

    @Test
    void initialEqualToThresholdStartsHealthy() {
        assertThat(HealthWindow.initial(check(5, 3, 3)).healthy()).isTrue();
        assertThat(HealthWindow.initial(check(5, 3, 2)).healthy()).isFalse();
    }

    @Test
    void theWorkedExampleTurnsSickOnTheThirdFailure() {
        var window = HealthWindow.initial(check(5, 3, 3));
        assertThat(failures(window, 2).healthy()).isTrue();
        var third = failures(window, 3);
        assertThat(third.bitmap()).isEqualTo("11000");
        assertThat(third.healthy()).isFalse();
    }

    @Test
    void fromAllPassesItTakesWindowMinusThresholdPlusOneFailures() {
        for (int window = 1; window <= 12; window++) {
            for (int threshold = 1; threshold <= window; threshold++) {
                var full = HealthWindow.initial(check(window, threshold, 0));
                for (int i = 0; i < window; i++) {
                    full = full.push(true);
                }
                int needed = window - threshold + 1;
                assertThat(failures(full, needed - 1).healthy()).as("window %d threshold %d", window, threshold).isTrue();
                assertThat(failures(full, needed).healthy()).as("window %d threshold %d", window, threshold).isFalse();
            }
        }
    }

    @Test
    void fromSickItTakesThresholdPassesWithinTheWindow() {
        var sick = HealthWindow.initial(check(5, 3, 0));
        assertThat(sick.push(true).push(true).healthy()).isFalse();
        assertThat(sick.push(true).push(false).push(true).push(true).healthy()).isTrue();
        assertThat(sick.push(true).push(false).push(false).push(false).push(true).push(true).healthy())
                .as("the first pass has left the window").isFalse();
    }

    @Test
    void onlyTheNewestWindowResultsCount() {
        var window = HealthWindow.initial(check(3, 3, 0)).push(true).push(true).push(true).push(false);
        assertThat(window.bitmap()).isEqualTo("110");
        assertThat(window.good()).isEqualTo(2);
    }

    @Test
    void aThresholdAboveTheWindowIsNeverHealthyAndZeroIsAlwaysHealthy() {
        var never = HealthWindow.initial(check(2, 3, 3)).push(true).push(true).push(true);
        assertThat(never.healthy()).isFalse();
        var always = failures(HealthWindow.initial(check(4, 0, 0)), 4);
        assertThat(always.healthy()).isTrue();
    }

    @Test
    void aWindowOf64UsesTheWholeRegister() {
        var window = HealthWindow.initial(check(64, 64, 64));
        assertThat(window.good()).isEqualTo(64);
        assertThat(window.bitmap()).hasSize(64).matches("1{64}");
        assertThat(window.push(false).good()).isEqualTo(63);
    }

    @Test
    void stateMovesItsTransitionTimeAndReasonOnlyOnAChange() {
        var start = Instant.parse("2026-01-01T00:00:00Z");
        var state = HealthState.initial(check(3, 2, 2), start);
        assertThat(state.healthy()).isTrue();
        var later = start.plusSeconds(1);
        var stillHealthy = state.after(new ProbeResult(false, "connection refused", 1), later);
        assertThat(stillHealthy.healthy()).isTrue();
        assertThat(stillHealthy.since()).isEqualTo(start);
        assertThat(stillHealthy.probesSent()).isEqualTo(1);
        var sick = stillHealthy.after(new ProbeResult(false, "connection refused", 1), later.plusSeconds(1));
        assertThat(sick.healthy()).isFalse();
        assertThat(sick.since()).isEqualTo(later.plusSeconds(1));
        assertThat(sick.reason()).isEqualTo("connection refused (1 of 3 probes passed, threshold 2)");
        var onePass = sick.after(new ProbeResult(true, "status 200", 2), later.plusSeconds(2));
        assertThat(onePass.healthy()).as("100 then a pass is 001").isFalse();
        var healthy = onePass.after(new ProbeResult(true, "status 200", 3), later.plusSeconds(3));
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.since()).isEqualTo(later.plusSeconds(3));
        assertThat(healthy.reason()).isEqualTo("2 of 3 probes passed");
        assertThat(healthy.last()).isEqualTo(new ProbeResult(true, "status 200", 3));
    }
}
