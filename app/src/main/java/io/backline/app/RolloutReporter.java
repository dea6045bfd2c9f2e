package io.backline.app;

import io.backline.api.RolloutCount;
import io.backline.api.RolloutEvidence;
import io.backline.edge.RolloutCounts;
import io.backline.edge.VersionCount;
import io.backline.store.StoreException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands the in-process edge's rollout counts to the API's evidence sink every
 * {@value #PERIOD_MILLIS} ms ({@code backline serve}; edge nodes report through the feed). The
 * counts are cumulative, so a report that fails is simply made good by the next one.
 */
final class RolloutReporter implements AutoCloseable {
    /** Twice a second: the issue asks for at least once, and a bad candidate is caught sooner. */
    static final long PERIOD_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger(RolloutReporter.class.getName());

    private final String edgeId;
    private final RolloutCounts counts;
    private final RolloutEvidence evidence;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "rollout-reporter");
        thread.setDaemon(true);
        return thread;
    });

    RolloutReporter(String edgeId, RolloutCounts counts, RolloutEvidence evidence) {
        this.edgeId = edgeId;
        this.counts = counts;
        this.evidence = evidence;
    }

    RolloutReporter start() {
        ticker.scheduleWithFixedDelay(this::report, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    void report() {
        var snapshot = counts.snapshot();
        if (snapshot.isEmpty()) {
            return;
        }
        try {
            evidence.report(edgeId, convert(snapshot));
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "rollout counts not reported (the next report carries them): " + e.getMessage());
        }
    }

    static List<RolloutCount> convert(List<VersionCount> counts) {
        return counts.stream().map(c -> new RolloutCount(c.rolloutId(), c.serviceId(), c.version(), c.requests(), c.errors())).toList();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
