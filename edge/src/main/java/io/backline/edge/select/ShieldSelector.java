package io.backline.edge.select;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.DirectorSettings;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.Pops;
import io.backline.edge.ServiceSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a candidate backend is fetched through its shield POP (docs/shielding.md): the
 * backend's {@code shield}, or its director's when the director sets one, names a POP; an edge of
 * another POP goes through one of that POP's edges; an edge of the shield POP, or a request whose
 * {@code Fastly-FF} says it went through the shield POP for this service already, goes to the
 * origin, so there are no loops. Among several shield edges the order is rendezvous hashing of
 * Host and URL, as the hash director's: one object lands on one shield edge, and an edge leaving
 * moves only its own objects. Stateless; shared by the proxy and {@code explain}.
 */
public final class ShieldSelector {
    private ShieldSelector() {}

    /**
     * @param ownPop the POP of the edge deciding
     * @param fastlyFf the request's {@code Fastly-FF} as it arrived, or null
     */
    public static ShieldRoute route(ServiceSnapshot service, BackendSettings candidate, String ownPop, Pops pops, String host,
            String url, @Nullable String fastlyFf) {
        var shield = shieldOf(service, candidate);
        if (shield == null) {
            return ShieldRoute.ORIGIN;
        }
        if (shield.equals(ownPop)) {
            return new ShieldRoute(shield, List.of(), "this edge is in shield POP " + shield);
        }
        if (FastlyFf.visited(fastlyFf, service.serviceId(), shield)) {
            return new ShieldRoute(shield, List.of(), "already through shield POP " + shield);
        }
        var edges = pops.edges(shield);
        if (edges.isEmpty()) {
            return new ShieldRoute(shield, List.of(), "shield POP " + shield + " has no known edge");
        }
        return new ShieldRoute(shield, order(edges, host, url), null);
    }

    /** The director's shield when the candidate is a director's member and the director sets one, else the backend's. */
    public static @Nullable String shieldOf(ServiceSnapshot service, BackendSettings candidate) {
        DirectorSettings director = service.directorOf(candidate);
        if (director != null && director.shield() != null && !director.shield().isBlank()) {
            return director.shield();
        }
        var own = candidate.shield();
        return own == null || own.isBlank() ? null : own;
    }

    /** Rendezvous order of the edges for the key Host + URL; equal weights. */
    static List<String> order(List<String> edges, String host, String url) {
        if (edges.size() == 1) {
            return edges;
        }
        long key = DirectorBalancer.mix(DirectorBalancer.fnv(DirectorBalancer.fnv(DirectorBalancer.FNV_OFFSET, host), url));
        var ordered = new ArrayList<>(edges);
        ordered.sort((a, b) -> Long.compareUnsigned(score(key, b), score(key, a)));
        return ordered;
    }

    private static long score(long key, String edge) {
        return DirectorBalancer.mix(key ^ DirectorBalancer.mix(DirectorBalancer.fnv(DirectorBalancer.FNV_OFFSET, edge)));
    }

    /**
     * The pools' keys of every shield hop the snapshot can take from this edge now, so that the
     * pools' sweep keeps them (they are named by no backend of the snapshot).
     */
    public static Set<BackendKey> liveKeys(EdgeSnapshot snapshot, Pops pops, String ownPop) {
        var keys = new HashSet<BackendKey>();
        for (var service : snapshot.served()) {
            for (var backend : service.backends()) {
                var shield = shieldOf(service, backend);
                if (shield == null || shield.equals(ownPop)) {
                    continue;
                }
                for (var edge : pops.edges(shield)) {
                    keys.add(BackendSettings.shieldEdge(edge, backend).key());
                }
            }
        }
        return keys;
    }
}
