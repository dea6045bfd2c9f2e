package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.store.StoreException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides the running rollouts every {@value #TICK_MILLIS} ms (issue 19): reads each one's evidence
 * from the store, asks {@link RolloutDecider}, and applies the answer through {@link RolloutService}
 * (compare-and-set, so with several API nodes ticking on one database one of them moves each
 * rollout and the others find it moved). One platform thread of its own: the work is a few short
 * transactions, and it must not wait behind requests.
 *
 * <p>It also keeps the {@code backline_rollout_*} series: the candidate's share now per service,
 * and each version's answers in the rollout so far per service and version.
 */
final class RolloutScheduler implements AutoCloseable {
    static final long TICK_MILLIS = 250;
    private static final System.Logger LOG = System.getLogger(RolloutScheduler.class.getName());

    private final RolloutService rollouts;
    private final MeterRegistry registry;
    private final ScheduledExecutorService ticker;
    private final Map<String, AtomicLong> percents = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    RolloutScheduler(RolloutService rollouts, MeterRegistry registry) {
        this.rollouts = rollouts;
        this.registry = registry;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "rollout-decider");
            thread.setDaemon(true);
            return thread;
        });
    }

    RolloutScheduler start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "rollout decisions skipped this tick: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "rollout decisions failed", e);
        }
    }

    /** One round: every running rollout decided once. */
    void tick() {
        var now = rollouts.now();
        var seen = new HashSet<String>();
        for (var view : rollouts.running()) {
            var rollout = view.rollout();
            var candidate = RolloutDecider.Tally.NONE;
            var baseline = RolloutDecider.Tally.NONE;
            long candidateTotal = 0;
            long candidateErrors = 0;
            long baselineTotal = 0;
            long baselineErrors = 0;
            for (var tally : view.tallies()) {
                boolean isCandidate = tally.version() == rollout.version();
                if (isCandidate) {
                    candidateTotal += tally.requests();
                    candidateErrors += tally.errors();
                } else {
                    baselineTotal += tally.requests();
                    baselineErrors += tally.errors();
                }
                if (tally.stepIndex() != rollout.stepIndex()) {
                    continue;
                }
                if (isCandidate) {
                    candidate = candidate.plus(tally.requests(), tally.errors());
                } else {
                    baseline = baseline.plus(tally.requests(), tally.errors());
                }
            }
            var service = rollout.serviceId().value();
            seen.add(service);
            gauge(percents, "backline.rollout.percent", service).set(rollout.percent());
            counter(requests, "backline.rollout.requests", service, rollout.version()).set(candidateTotal);
            counter(errors, "backline.rollout.errors", service, rollout.version()).set(candidateErrors);
            counter(requests, "backline.rollout.requests", service, rollout.fromVersion()).set(baselineTotal);
            counter(errors, "backline.rollout.errors", service, rollout.fromVersion()).set(baselineErrors);
            var decision = RolloutDecider.decide(rollout, candidate, baseline, now);
            try {
                if (rollouts.apply(rollout, decision)) {
                    LOG.log(Level.INFO, () -> "rollout " + rollout.id() + " of service " + service + " version " + rollout.version() + ": "
                            + decision);
                }
            } catch (ConfigException e) {
                // The candidate no longer validates (edited during the rollout): it cannot be promoted.
                rollouts.apply(rollout, new RolloutDecider.RollBack("step " + (rollout.stepIndex() + 1)
                        + ": the candidate cannot be activated: " + e.getMessage()));
            }
        }
        // A service whose rollout ended shows 0 %: nothing is split for it any more.
        percents.forEach((service, percent) -> {
            if (!seen.contains(service)) {
                percent.set(0);
            }
        });
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String service) {
        return values.computeIfAbsent(service, key -> {
            var value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description("The share of production requests a running rollout's candidate gets"
                    + " now (0 when none runs)").tag("service", service).strongReference(true).register(registry);
            return value;
        });
    }

    private AtomicLong counter(Map<String, AtomicLong> values, String name, String service, int version) {
        return values.computeIfAbsent(service + "/" + version, key -> {
            var value = new AtomicLong();
            FunctionCounter.builder(name, value, AtomicLong::get)
                    .description(name.endsWith("errors") ? "Answers of status 500 or more of a version in its service's rollout, summed over"
                            + " the edges (synthetic ones included)" : "Production requests a version answered in its service's rollout, "
                            + "summed over the edges")
                    .tag("service", service).tag("version", Integer.toString(version)).register(registry);
            return value;
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
