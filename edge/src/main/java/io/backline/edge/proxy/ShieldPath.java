package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.backline.edge.select.ShieldRoute;
import org.jspecify.annotations.Nullable;

/**
 * One request's way to one candidate backend when shielding is in play, as plain logic: the
 * {@link ShieldRoute}, which shield edge is being tried, and why earlier ones were left. A shield
 * edge that cannot be connected to (refused, timed out, its pool's {@code max_conn} reached) hands
 * over to the next shield edge, and after the last to the origin directly; the failures are the
 * reason {@link #describe()} gives ({@code X-Backline-Path}, {@code X-Backend-Reason}).
 *
 * <p>One per candidate, confined to the request's event loop.
 */
final class ShieldPath {
    private final BackendSettings candidate;
    private final ShieldRoute route;
    private int index;
    private @Nullable StringBuilder failures;

    ShieldPath(BackendSettings candidate, ShieldRoute route) {
        this.candidate = candidate;
        this.route = route;
    }

    /** Whether this path was planned for {@code backend} (a failover to another candidate plans anew). */
    boolean plannedFor(BackendSettings backend) {
        return candidate == backend;
    }

    /** The hop to the shield edge being tried, or null when the request goes to the origin. */
    @Nullable BackendSettings hop() {
        var edges = route.edges();
        return index < edges.size() ? BackendSettings.shieldEdge(edges.get(index), candidate) : null;
    }

    /** The shield edge being tried failed before the request went out: the next one, or the origin, is current. */
    void failed(String reason) {
        var edge = route.edges().get(index);
        var trail = failures == null ? new StringBuilder() : failures.append("; ");
        failures = trail.append(edge).append(": ").append(reason);
        index++;
    }

    /** Whether a shield is set for the candidate (so the debug headers say where the request went). */
    boolean shielded() {
        return route.shield() != null;
    }

    /**
     * {@code shield s via HOST:PORT}, or {@code origin}, with why when a shield was set but not
     * taken: {@code origin (shield POP s unreachable: 127.0.0.1:9001: Connection refused)}.
     */
    String describe() {
        var edges = route.edges();
        if (index < edges.size()) {
            var via = route.via(edges.get(index));
            return failures == null ? via : via + " (after " + failures + ")";
        }
        if (failures != null) {
            return "origin (shield POP " + route.shield() + " unreachable: " + failures + ")";
        }
        return route.describe();
    }
}
