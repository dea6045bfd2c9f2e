package io.backline.edge;

import io.backline.edge.health.HealthView;
import io.backline.model.DirectorType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One director as the edge uses it: its policy, quorum and retries, and its members resolved to
 * backends (in the order they joined). Immutable; shared by every request.
 *
 * @param quorum percentage of the members' total weight that must be healthy for the director to serve
 * @param retries further members tried after a connection failure (Fastly's {@code .retries})
 */
public record DirectorSettings(String name, DirectorType type, int quorum, int retries, List<BackendSettings> members,
        @Nullable String shield) {

    public DirectorSettings {
        members = List.copyOf(members);
    }

    /** The members' weights together, healthy or not: what the quorum is a percentage of. */
    public long totalWeight() {
        long total = 0;
        for (var member : members) {
            total += member.weight();
        }
        return total;
    }

    /** The weight of the members that may take traffic now. */
    public long healthyWeight(HealthView health) {
        long total = 0;
        for (var member : members) {
            if (health.healthy(member)) {
                total += member.weight();
            }
        }
        return total;
    }

    /**
     * Whether the director may serve: some healthy weight, and at least {@code quorum} percent of
     * the total (Fastly: "the percentage threshold that must be reached by the cumulative .weight
     * of all healthy backends").
     */
    public boolean healthy(HealthView health) {
        long healthy = healthyWeight(health);
        return healthy > 0 && healthy * 100 >= (long) quorum * totalWeight();
    }
}
