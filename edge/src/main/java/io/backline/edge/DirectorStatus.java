package io.backline.edge;

import io.backline.edge.health.HealthView;
import io.backline.edge.select.DirectorBalancer;
import io.backline.edge.select.Selection;
import java.util.ArrayList;
import java.util.List;

/**
 * One director of an active version as the edge sees it now: its healthy members' weight against
 * the quorum it needs. What {@code GET /service/{id}/backend-health} answers under {@code directors}.
 *
 * @param quorumWeight the healthy weight the director needs to serve ({@code quorum}% of {@code totalWeight})
 * @param healthy whether it serves now; when false its requests get 503 with {@code reason}
 */
public record DirectorStatus(String director, String type, int quorum, long healthyWeight, long totalWeight, double quorumWeight,
        boolean healthy, List<String> members, List<String> healthyMembers, String reason) {

    public DirectorStatus {
        members = List.copyOf(members);
        healthyMembers = List.copyOf(healthyMembers);
    }

    /** Every director of the snapshot, in creation order. */
    public static List<DirectorStatus> of(ServiceSnapshot service, HealthView health) {
        var statuses = new ArrayList<DirectorStatus>(service.directors().size());
        for (var director : service.directors()) {
            var members = new ArrayList<String>();
            var healthyMembers = new ArrayList<String>();
            for (var member : director.members()) {
                members.add(member.name());
                if (health.healthy(member)) {
                    healthyMembers.add(member.name());
                }
            }
            long healthyWeight = director.healthyWeight(health);
            long total = director.totalWeight();
            boolean healthy = director.healthy(health);
            var reason = healthy ? "healthy weight " + healthyWeight + " of " + total + " reaches quorum " + director.quorum() + "%"
                    : healthyWeight == 0 ? Selection.ALL_UNHEALTHY
                    : DirectorBalancer.QUORUM_NOT_REACHED + ": healthy weight " + healthyWeight + " of " + total + " is below "
                            + director.quorum() + "%";
            statuses.add(new DirectorStatus(director.name(), director.type().label(), director.quorum(), healthyWeight, total,
                    total * director.quorum() / 100.0, healthy, members, healthyMembers, reason));
        }
        return List.copyOf(statuses);
    }
}
