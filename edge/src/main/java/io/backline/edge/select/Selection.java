package io.backline.edge.select;

import io.backline.edge.BackendSettings;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of backend selection: the backends to try, in order (one for a directly selected
 * backend; the healthy pool members in weighted-random order for the auto-load-balanced pool; a
 * director's members in its policy's order), or the synthetic error's reason when there is none;
 * and, when asked for, the trace of why.
 *
 * @param pooled the next candidate is tried when one cannot be connected to
 * @param director the director that chose the candidates, null when none did
 */
public record Selection(List<BackendSettings> candidates, @Nullable String failure, @Nullable String reason, boolean pooled,
        @Nullable String director) {

    /** Fastly's reason for a directly selected backend that is sick. */
    public static final String BACKEND_UNHEALTHY = "Backend is unhealthy";
    /** Fastly's reason for a director (the pool) with no healthy member. */
    public static final String ALL_UNHEALTHY = "All backends failed or unhealthy";
    /** Backline's reason when every backend has a condition and none matched. */
    public static final String NO_BACKEND = "No backend matched the request";

    public Selection {
        candidates = List.copyOf(candidates);
    }

    /** A selection no director made. */
    public Selection(List<BackendSettings> candidates, @Nullable String failure, @Nullable String reason, boolean pooled) {
        this(candidates, failure, reason, pooled, null);
    }

    public boolean failed() {
        return failure != null;
    }
}
