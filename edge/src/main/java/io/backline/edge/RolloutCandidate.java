package io.backline.edge;

/**
 * A running staged rollout of one service as the control plane hands it to the edge (issue 19):
 * the candidate version's objects and how much of the production traffic it gets now. The service's
 * active version (the baseline) is handed over as usual, among the active versions.
 *
 * @param rolloutId the rollout's id: seeds the client hash, so each rollout splits clients afresh
 * @param stepIndex the current step (0-based), for reports and the debug header
 * @param percent the share of clients the candidate serves now, 1..100
 * @param candidate the candidate version
 */
public record RolloutCandidate(String rolloutId, int stepIndex, int percent, ActiveVersion candidate) {
    public RolloutCandidate {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 1..100)");
        }
    }

    public String serviceId() {
        return candidate.serviceId();
    }
}
