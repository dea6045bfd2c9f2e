package io.backline.edge;

import io.backline.model.Values;
import java.util.List;

/**
 * An active version as the control plane hands it to the edge: its objects' values, each list in
 * creation order. The edge knows no store; whoever runs it supplies these.
 */
public record ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions,
        List<Values> healthchecks, List<Values> domains) {

    public ActiveVersion {
        backends = List.copyOf(backends);
        conditions = List.copyOf(conditions);
        healthchecks = List.copyOf(healthchecks);
        domains = List.copyOf(domains);
    }
}
