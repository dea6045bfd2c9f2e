package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.Field;
import io.backline.model.Schema;
import io.backline.wire.EdgeFeedRollouts;
import java.util.List;

/** The fields of {@code POST /_backline/edge/rollout-report} ({@link EdgeFeedRollouts}): the edge and its counts. */
final class RolloutReports {
    private static final Schema.Builder B = Schema.builder("rollout report", "Rollout report");
    static final Field<String> EDGE_ID = B.add(Field.text("edge_id").required().maxLength(128)
            .pattern("[A-Za-z0-9._:-]{1,128}", "1 to 128 letters, digits, '.', '_', ':' or '-'"));
    static final Field<String> COUNTS = B.add(Field.text("counts").maxLength(1_000_000));
    static final Schema SCHEMA = B.build();

    private RolloutReports() {}

    /** The counts of a report, as the evidence takes them; a malformed item is a 400 naming it. */
    static List<RolloutCount> counts(String text) {
        try {
            return EdgeFeedRollouts.decode(text).stream()
                    .map(c -> new RolloutCount(c.rolloutId(), c.serviceId(), c.version(), c.requests(), c.errors())).toList();
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(String.valueOf(e.getMessage()));
        }
    }
}
