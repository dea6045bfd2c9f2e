package io.backline.edge.health;

import io.backline.edge.HealthcheckSettings;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Everything one prober knows, replaced as a whole after each probe so that readers see one
 * consistent value through a single volatile read. Immutable.
 *
 * @param window the shift register
 * @param healthy {@code window.healthy()}, kept as a field for the request path
 * @param since when {@code healthy} last changed (or the prober started)
 * @param reason why it last changed
 * @param last the most recent probe, or null before the first one completes
 * @param probesSent probes completed since the prober started
 */
record HealthState(HealthWindow window, boolean healthy, Instant since, String reason, @Nullable ProbeResult last,
        long probesSent) {

    /** The state when the configuration loads (semantics §3.2: {@code initial} passes, capped at threshold). */
    static HealthState initial(HealthcheckSettings check, Instant now) {
        var window = HealthWindow.initial(check);
        var reason = "initial: " + window.good() + " of " + window.window() + " probes counted as passed (threshold "
                + window.threshold() + ")";
        return new HealthState(window, window.healthy(), now, reason, null, 0);
    }

    /** The state after one more probe; {@code since} and {@code reason} move only on a transition. */
    HealthState after(ProbeResult result, Instant now) {
        var next = window.push(result.passed());
        boolean nowHealthy = next.healthy();
        if (nowHealthy == healthy) {
            return new HealthState(next, healthy, since, reason, result, probesSent + 1);
        }
        var why = nowHealthy
                ? next.good() + " of " + next.window() + " probes passed"
                : result.outcome() + " (" + next.good() + " of " + next.window() + " probes passed, threshold " + next.threshold()
                        + ")";
        return new HealthState(next, nowHealthy, now, why, result, probesSent + 1);
    }
}
