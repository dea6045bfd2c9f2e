package io.backline.edge.select;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The way to one candidate backend: through an edge of its shield POP, or to the origin itself.
 *
 * @param shield the POP the backend (or its director) names in {@code shield}, null when none
 * @param edges the shield POP's edges to try, in this request's order (host and URL hashed, so one
 *     object is fetched through, and cached on, one shield edge); empty: straight to the origin
 * @param why when {@code edges} is empty although a shield is set: why the origin is fetched directly
 */
public record ShieldRoute(@Nullable String shield, List<String> edges, @Nullable String why) {
    /** No shield: the origin. */
    public static final ShieldRoute ORIGIN = new ShieldRoute(null, List.of(), null);

    public ShieldRoute {
        edges = List.copyOf(edges);
    }

    public boolean viaShield() {
        return !edges.isEmpty();
    }

    /** {@code shield s via HOST:PORT} for the first edge, or {@code origin} with the reason when a shield was set. */
    public String describe() {
        if (viaShield()) {
            return via(edges.getFirst());
        }
        return why == null ? "origin" : "origin (" + why + ")";
    }

    /** {@code shield s via HOST:PORT}. */
    public String via(String edge) {
        return "shield " + shield + " via " + edge;
    }
}
