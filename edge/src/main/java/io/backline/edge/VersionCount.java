package io.backline.edge;

/**
 * One edge's answers for one version of a service in a rollout, counted since the edge started
 * counting that rollout (cumulative: a report sent twice says the same; counts that go down mean
 * the edge restarted).
 *
 * @param rolloutId the rollout the counts belong to
 * @param serviceId the service
 * @param version the candidate or the baseline version
 * @param requests production requests that version answered (or the edge answered for it)
 * @param errors those answered with a status of 500 or more: the origin's 5xx, and the edge's synthetic ones
 *        (timeouts and connection failures are synthetic 503s)
 */
public record VersionCount(String rolloutId, String serviceId, int version, long requests, long errors) {}
