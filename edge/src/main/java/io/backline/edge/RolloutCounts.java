package io.backline.edge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers of each version of each service in a rollout, as this edge served them in production:
 * the evidence the control plane decides a rollout by (issue 19). An {@link ExchangeObserver}:
 * counting a request is one map lookup by service id and two {@link LongAdder} increments, with no
 * allocation, on the event loop that served it.
 *
 * <p>{@link #follow} (at each snapshot, off the event loops) builds a new map of the services in a
 * rollout, keeping the adders of a rollout it already counted: counts are cumulative from the
 * moment this edge first saw the rollout until it ends, whatever the step. {@link #snapshot} reads
 * them for a report.
 *
 * <pre>{@code
 * var counts = new RolloutCounts();
 * snapshots.onSnapshot(counts::follow);
 * EdgeServer.start(config, snapshots, health, ExchangeObserver.all(List.of(metrics, counts)));
 * every second: evidence.report(edgeId, counts.snapshot());
 * }</pre>
 */
public final class RolloutCounts implements ExchangeObserver {
    /** One service's rollout: its two versions' adders. */
    private record Split(String rolloutId, String serviceId, Tally candidate, Tally baseline) {}

    private record Tally(int version, LongAdder requests, LongAdder errors) {
        Tally(int version) {
            this(version, new LongAdder(), new LongAdder());
        }

        void count(int status) {
            requests.increment();
            if (status >= 500) {
                errors.increment();
            }
        }
    }

    /** Replaced whole by {@link #follow}; read by the event loops without locking. */
    private volatile Map<String, Split> splits = Map.of();

    /** Counts the rollouts of {@code snapshot} from now on, keeping the counts of those already counted. */
    public synchronized void follow(EdgeSnapshot snapshot) {
        var previous = splits;
        var next = new HashMap<String, Split>();
        for (var split : snapshot.rollouts()) {
            var serviceId = split.candidate().serviceId();
            var kept = previous.get(serviceId);
            if (kept != null && kept.rolloutId().equals(split.rolloutId())) {
                next.put(serviceId, kept);
            } else {
                next.put(serviceId, new Split(split.rolloutId(), serviceId, new Tally(split.candidate().version()),
                        new Tally(split.baselineVersion())));
            }
        }
        splits = Map.copyOf(next);
    }

    @Override
    public void exchangeEnded(ExchangeRecord record) {
        var serviceId = record.serviceId();
        if (serviceId == null || record.environment() != Environment.PRODUCTION) {
            return;
        }
        var split = splits.get(serviceId);
        if (split == null) {
            return;
        }
        if (record.version() == split.candidate().version()) {
            split.candidate().count(record.status());
        } else if (record.version() == split.baseline().version()) {
            split.baseline().count(record.status());
        }
    }

    /** The counts of every rollout this edge serves now, cumulative since it began counting each. */
    public List<VersionCount> snapshot() {
        var result = new ArrayList<VersionCount>();
        for (var split : splits.values()) {
            for (var tally : List.of(split.candidate(), split.baseline())) {
                // Errors first: each is counted after its request, so a report never has more errors than requests.
                long errors = tally.errors().sum();
                result.add(new VersionCount(split.rolloutId(), split.serviceId(), tally.version(), tally.requests().sum(), errors));
            }
        }
        return result;
    }
}
