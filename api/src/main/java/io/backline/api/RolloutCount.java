package io.backline.api;

/**
 * One edge's cumulative answers for one version of a rollout, as it reports them (issue 19): what
 * {@link RolloutEvidence#report} takes from the feed of edge nodes and from the edge of
 * {@code backline serve}. Counts are cumulative since the edge began counting that rollout; a
 * report sent twice counts once, and counts lower than the edge's previous report mean it restarted.
 *
 * @param rolloutId the rollout
 * @param serviceId its service
 * @param version the candidate or the baseline version
 * @param requests production requests answered for that version
 * @param errors those answered with a status of 500 or more (synthetic ones included)
 */
public record RolloutCount(String rolloutId, String serviceId, int version, long requests, long errors) {
    public RolloutCount {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("rollout counts: requests " + requests + ", errors " + errors
                    + " (expected: 0 <= errors <= requests)");
        }
    }
}
