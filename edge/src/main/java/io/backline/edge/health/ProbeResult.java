package io.backline.edge.health;

/**
 * The outcome of one probe.
 *
 * @param passed whether it counts as a 1 in the window
 * @param outcome what happened, for people: {@code "status 200"}, {@code "connection refused"},
 *     {@code "timeout after 500 ms"}, {@code "status 503, expected 200"}
 * @param latencyMs time from the start of the probe to its status line, or to its failure
 */
record ProbeResult(boolean passed, String outcome, long latencyMs) {}
