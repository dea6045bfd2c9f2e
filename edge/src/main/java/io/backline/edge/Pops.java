package io.backline.edge;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The POPs the control plane knows and the addresses ({@code HOST:PORT}) at which their edges are
 * reached, as the last sync answer (or, in {@code backline serve}, the API in the same process) gave
 * them. Immutable; an edge holds the current one in {@link EdgeServer#pops(Pops)} and reads it per
 * shielded request. A backend whose {@code shield} names a POP in here is fetched through one of
 * that POP's edges (docs/shielding.md).
 *
 * <pre>{@code
 * edge.pops(Pops.of(Map.of("s", List.of("10.0.0.7:8000"))));
 * }</pre>
 *
 * @param members each POP code and its edges' addresses, sorted
 */
public record Pops(Map<String, List<String>> members) {
    public static final Pops EMPTY = new Pops(Map.of());

    public Pops {
        var sorted = new TreeMap<String, List<String>>();
        members.forEach((pop, addresses) -> sorted.put(pop, addresses.stream().distinct().sorted().toList()));
        members = java.util.Collections.unmodifiableMap(sorted);
    }

    public static Pops of(Map<String, List<String>> members) {
        return new Pops(members);
    }

    /** The addresses of a POP's edges, sorted; empty when the POP is unknown or has no reachable edge. */
    public List<String> edges(String pop) {
        return members.getOrDefault(pop, List.of());
    }
}
