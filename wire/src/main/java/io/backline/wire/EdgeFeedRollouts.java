package io.backline.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An edge node's report of its rollout counts ({@code POST /_backline/edge/rollout-report}, same
 * token as the feed): beside the feed rather than in it, because the feed is a long poll that may
 * wait 20 s while the control plane wants each edge's counts at least once a second. The edge sends
 * them every second while it serves a split ({@link EdgeFeed.Split}), as a form:
 *
 * <pre>{@code
 * edge_id=edge-1&counts=ROLLOUT_ID:SERVICE_ID:VERSION:REQUESTS:ERRORS,…
 * e.g. edge_id=edge-1&counts=r7Kq2…:SU1Z0isxPaozGVKXdv0eY:5:812:3,r7Kq2…:SU1Z0isxPaozGVKXdv0eY:4:15433:20
 * }</pre>
 *
 * Counts are cumulative since the edge began counting that rollout, so a report that is lost or sent
 * twice costs nothing; after a restart they start again from 0 and the store takes a lower report as
 * a new start. The answer is {@code {"status":"ok"}}; counts of a rollout that ended are dropped.
 */
public final class EdgeFeedRollouts {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private EdgeFeedRollouts() {}

    /** One version's cumulative answers and errors (status 500 or more) in one rollout, as one edge counted them. */
    public record Count(String rolloutId, String serviceId, int version, long requests, long errors) {}

    /** The {@code counts} field: each count as {@code ROLLOUT_ID:SERVICE_ID:VERSION:REQUESTS:ERRORS}, separated by commas. */
    public static String encode(List<Count> counts) {
        return counts.stream().map(c -> c.rolloutId() + ":" + c.serviceId() + ":" + c.version() + ":" + c.requests() + ":" + c.errors())
                .collect(Collectors.joining(","));
    }

    /**
     * Reads the {@code counts} field; empty for an empty one.
     *
     * @throws IllegalArgumentException naming the item and the rule, for an item that is not a count
     */
    public static List<Count> decode(String text) {
        var counts = new ArrayList<Count>();
        if (text.isBlank()) {
            return counts;
        }
        for (var item : text.split(",")) {
            var parts = item.strip().split(":");
            try {
                if (parts.length != 5 || !ID.matcher(parts[0]).matches() || !ID.matcher(parts[1]).matches()) {
                    throw new NumberFormatException();
                }
                int version = Integer.parseInt(parts[2]);
                long requests = Long.parseLong(parts[3]);
                long errors = Long.parseLong(parts[4]);
                if (version < 1 || requests < 0 || errors < 0 || errors > requests) {
                    throw new NumberFormatException();
                }
                counts.add(new Count(parts[0], parts[1], version, requests, errors));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("counts: '" + item + "' (expected: ROLLOUT_ID:SERVICE_ID:VERSION:REQUESTS:ERRORS"
                        + " items separated by commas, a version of 1 or more and 0 <= ERRORS <= REQUESTS)");
            }
        }
        return counts;
    }
}
