package io.backline.store;

import java.time.Instant;

/**
 * One edge node's report about one service.
 *
 * @param acknowledgedAt when the edge first reported serving this version
 * @param lastSeen its latest report
 */
public record EdgeReport(String edgeId, String serviceId, int version, Instant acknowledgedAt, Instant lastSeen) {}
