package io.backline.edge.select;

import io.backline.condition.RequestView;
import io.backline.edge.BackendSettings;
import io.backline.edge.DirectorSettings;
import io.backline.edge.health.HealthView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Picks a director's members for one request, in the order they are tried (Fastly's director
 * reference, docs/edge.md "Directors"):
 *
 * <ul>
 *   <li>the director serves only when its healthy members' weight reaches {@code quorum} percent
 *       of all members' weight; otherwise 503 {@code Quorum weight not reached}, or
 *       {@code All backends failed or unhealthy} when no member is healthy;
 *   <li>random: weighted random order over the healthy members;
 *   <li>hash (keyed on Host and URL) and client (keyed on the client's address): weighted
 *       rendezvous hashing over the healthy members, so one key always lands on one member, and a
 *       member turning sick moves only the keys it held, each to its next member by score;
 *   <li>at most {@code retries + 1} members are tried, the next one after a connection failure.
 * </ul>
 *
 * Stateless; per request it allocates the short candidate list and, for hashing, one score array.
 */
public final class DirectorBalancer {
    /** Fastly's reason when a director's healthy weight is below its quorum (errors guide). */
    public static final String QUORUM_NOT_REACHED = "Quorum weight not reached";

    private DirectorBalancer() {}

    static Selection pick(DirectorSettings director, RequestView request, HealthView health, @Nullable StringBuilder trace) {
        long total = director.totalWeight();
        long healthyWeight = director.healthyWeight(health);
        if (trace != null) {
            trace.append("; director=").append(director.name()).append('(').append(director.type().label()).append(", healthy weight ")
                    .append(healthyWeight).append('/').append(total).append(", quorum ").append(director.quorum()).append("%)");
        }
        if (healthyWeight == 0) {
            return failed(director, Selection.ALL_UNHEALTHY, trace, "no healthy member");
        }
        if (healthyWeight * 100 < (long) director.quorum() * total) {
            return failed(director, QUORUM_NOT_REACHED, trace, "quorum not reached");
        }
        var ordered = switch (director.type()) {
            case RANDOM -> weightedRandom(director.members(), health);
            case HASH -> rendezvous(director.members(), health, hashKey(request));
            case CLIENT -> rendezvous(director.members(), health, mix(fnv(FNV_OFFSET, request.clientIp())));
        };
        int attempts = (int) Math.min(ordered.size(), (long) director.retries() + 1);
        var candidates = attempts == ordered.size() ? ordered : ordered.subList(0, attempts);
        var reason = trace == null ? null : trace.append(" pick ").append(candidates.getFirst().name()).append(" (")
                .append(countHealthy(director, health)).append(" healthy of ").append(director.members().size()).append(", ")
                .append(attempts).append(attempts == 1 ? " attempt)" : " attempts)").toString();
        return new Selection(candidates, null, reason, true, director.name());
    }

    private static Selection failed(DirectorSettings director, String failure, @Nullable StringBuilder trace, String outcome) {
        return new Selection(List.of(), failure, trace == null ? null : trace.append(": ").append(outcome).toString(), true,
                director.name());
    }

    private static int countHealthy(DirectorSettings director, HealthView health) {
        int count = 0;
        for (var member : director.members()) {
            if (health.healthy(member)) {
                count++;
            }
        }
        return count;
    }

    /** Varnish's random director, repeated without replacement to give the retry order. */
    static List<BackendSettings> weightedRandom(List<BackendSettings> members, HealthView health) {
        var healthy = new ArrayList<BackendSettings>(members.size());
        long total = 0;
        for (var member : members) {
            if (member.weight() > 0 && health.healthy(member)) {
                healthy.add(member);
                total += member.weight();
            }
        }
        var ordered = new ArrayList<BackendSettings>(healthy.size());
        var random = ThreadLocalRandom.current();
        while (!healthy.isEmpty()) {
            long draw = random.nextLong(total);
            int index = 0;
            while (draw >= healthy.get(index).weight()) {
                draw -= healthy.get(index).weight();
                index++;
            }
            var chosen = healthy.remove(index);
            total -= chosen.weight();
            ordered.add(chosen);
        }
        return ordered;
    }

    /**
     * Weighted rendezvous (highest random weight) hashing: each healthy member scores
     * {@code weight / -ln(u)} with {@code u} uniform in (0, 1) from the key and the member's name;
     * members are tried by falling score. A member's score for a key never depends on the others,
     * which is what keeps keys in place when a member leaves.
     */
    static List<BackendSettings> rendezvous(List<BackendSettings> members, HealthView health, long key) {
        int n = members.size();
        var scores = new double[n];
        int eligible = 0;
        for (int i = 0; i < n; i++) {
            var member = members.get(i);
            if (member.weight() > 0 && health.healthy(member)) {
                long bits = mix(key ^ mix(fnv(FNV_OFFSET, member.name())));
                double uniform = ((bits >>> 11) + 0.5) * 0x1.0p-53;
                scores[i] = member.weight() / -Math.log(uniform);
                eligible++;
            } else {
                scores[i] = -1;
            }
        }
        var ordered = new ArrayList<BackendSettings>(eligible);
        for (int round = 0; round < eligible; round++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (scores[i] >= 0 && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            ordered.add(members.get(best));
            scores[best] = -1;
        }
        return ordered;
    }

    /** The hash director's key: the request's Host and URL, as Fastly's default {@code req.hash}. */
    private static long hashKey(RequestView request) {
        var host = request.header("host");
        long hash = fnv(FNV_OFFSET, host == null ? "" : host);
        return mix(fnv(hash, request.url()));
    }

    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** FNV-1a over the text's UTF-16 units: no allocation, unlike hashing its bytes. */
    static long fnv(long seed, String text) {
        long hash = seed;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return hash;
    }

    /** MurmurHash3's 64-bit finaliser: spreads FNV's weak low bits over the whole word. */
    static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
