package io.backline.edge.health;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.HealthcheckSettings;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The edge's health state: one prober per health identity of the active snapshot, and the answer
 * to "may this backend take traffic now" (semantics §3).
 *
 * <pre>{@code
 * try (var health = new HealthRegistry()) {
 *     health.onTransition(t -> metrics.record(t));
 *     health.update(snapshot);           // before the snapshot serves requests
 *     boolean up = health.healthy(backend);
 *     List<HealthRegistry.BackendHealth> report = health.status(serviceId);
 * }
 * }</pre>
 *
 * <p>State lives here, never in a snapshot, so it survives activations: {@link #update} keeps
 * every prober whose {@link HealthIdentity} is unchanged, starts new ones at {@code initial} and
 * stops the rest. A backend without a health check is always healthy.
 *
 * <p>Concurrency: {@link #update} and {@link #close} serialise on a private lock (they are rare).
 * What the request path reads, the {@link Index}, is immutable and published through one
 * volatile field; each prober's state is one more volatile read, written only by that prober's
 * probe thread. {@link #healthy} therefore takes no lock and never blocks. Probes run on virtual
 * threads with blocking sockets; one platform thread only schedules them. Transition listeners
 * run on the probe thread that saw the change.
 */
public final class HealthRegistry implements HealthView, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthRegistry.class.getName());

    private final Clock clock;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadFactory probeThreads = Thread.ofVirtual().name("health-probe-", 0).factory();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Probe>> probeListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Map<HealthIdentity, HealthProber> probers = Map.of(); // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Index index = Index.EMPTY;

    public HealthRegistry() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps transitions. */
    public HealthRegistry(Clock clock) {
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("health-scheduler").daemon().factory());
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Makes the probers match a snapshot. Call it before the snapshot serves requests, so that every
     * backend it holds is known to {@link #healthy}. Cheap for an unchanged configuration.
     */
    public void update(EdgeSnapshot snapshot) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("health registry: closed (expected: update before close)");
            }
            var next = new LinkedHashMap<HealthIdentity, HealthProber>();
            var names = new HashMap<HealthProber, List<String>>();
            var byBackend = new HashMap<BackendRef, HealthProber>();
            var byService = new HashMap<String, List<Member>>();
            var checks = new HashMap<CheckRef, HealthcheckSettings>();
            var started = new ArrayList<HealthProber>();
            // Active versions first: a staged version's backends get probers too (the staging
            // listener asks about them), but the per-service report and the fallback checks stay
            // the active version's, so putIfAbsent.
            for (var service : snapshot.served()) {
                var serviceId = service.serviceId();
                service.healthchecks().forEach((name, check) -> checks.putIfAbsent(new CheckRef(serviceId, name), check));
                var members = new ArrayList<Member>();
                for (var backend : service.backends()) {
                    var check = service.healthcheckOf(backend).orElse(null);
                    if (check == null) {
                        continue;
                    }
                    var identity = HealthIdentity.of(serviceId, backend, check);
                    var prober = next.get(identity);
                    if (prober == null) {
                        prober = probers.get(identity);
                        if (prober == null) {
                            prober = new HealthProber(identity, backend, clock, probeThreads, this::transitioned, this::probed);
                            started.add(prober);
                        }
                        next.put(identity, prober);
                    }
                    names.computeIfAbsent(prober, p -> new ArrayList<>()).add(backend.name());
                    byBackend.put(BackendRef.of(backend), prober);
                    members.add(new Member(backend.name(), prober));
                }
                byService.putIfAbsent(serviceId, List.copyOf(members));
            }
            names.forEach(HealthProber::backends);
            index = new Index(Map.copyOf(byBackend), Map.copyOf(byService), Map.copyOf(checks));
            for (var prober : started) {
                prober.start(scheduler);
                LOG.log(Level.DEBUG, () -> "health: probing " + prober + " for backends " + prober.backends());
            }
            for (var entry : probers.entrySet()) {
                if (!next.containsKey(entry.getKey())) {
                    entry.getValue().stop();
                    LOG.log(Level.DEBUG, () -> "health: stopped probing " + entry.getValue());
                }
            }
            probers = next;
        }
    }

    /**
     * Whether the backend may take traffic: true without a health check; else its prober's verdict;
     * else (a backend {@link #update} has not seen) the initial state of its health check. Lock-free.
     */
    @Override
    public boolean healthy(BackendSettings backend) {
        var name = backend.healthcheck();
        if (name == null) {
            return true;
        }
        var current = index;
        var prober = current.byBackend().get(BackendRef.of(backend));
        if (prober != null) {
            return prober.healthy();
        }
        var check = current.checks().get(new CheckRef(backend.key().serviceId(), name));
        // A name no health check answers to means no health check, as ServiceSnapshot.healthcheckOf reads it.
        return check == null || HealthWindow.initial(check).healthy();
    }

    /** The health of each health-checked backend of a service, in creation order; empty for an unknown service. */
    public List<BackendHealth> status(String serviceId) {
        var members = index.byService().get(serviceId);
        if (members == null) {
            return List.of();
        }
        var report = new ArrayList<BackendHealth>(members.size());
        for (var member : members) {
            var state = member.prober().state();
            var window = state.window();
            var last = state.last();
            report.add(new BackendHealth(member.backend(), member.prober().identity().check().name(), state.healthy(),
                    window.bitmap(), window.good(), window.threshold(), window.window(), state.since(), state.reason(),
                    last == null ? null : last.outcome(), last == null ? null : last.latencyMs(), state.probesSent()));
        }
        return List.copyOf(report);
    }

    /** Calls the listener on every change between healthy and sick, on the probe's thread. */
    public void onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
    }

    /** Calls the listener after every completed probe, on the probe's thread (metrics: probe latency). */
    public void onProbe(Consumer<Probe> listener) {
        probeListeners.add(listener);
    }

    /** Stops every prober and the scheduler; {@link #healthy} keeps answering from the last states. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            probers.values().forEach(HealthProber::stop);
            scheduler.shutdownNow();
        }
    }

    /** How many probers run, for tests. */
    int proberCount() {
        synchronized (lock) {
            return probers.size();
        }
    }

    private void transitioned(HealthProber prober, HealthState state) {
        var identity = prober.identity();
        var window = state.window();
        var transition = new Transition(identity.serviceId(), prober.backends(), identity.check().name(), state.healthy(),
                state.since(), state.reason(), window.bitmap(), state.probesSent());
        LOG.log(Level.INFO, () -> "health: service " + transition.serviceId() + " backend" + (transition.backends().size() == 1 ? " " : "s ")
                + String.join(", ", transition.backends()) + " (health check '" + transition.healthcheck() + "') is now "
                + (transition.healthy() ? "healthy" : "sick") + ": " + transition.reason() + " [" + transition.bitmap() + "]");
        for (var listener : listeners) {
            try {
                listener.accept(transition);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "health: a transition listener failed", e);
            }
        }
    }

    private void probed(HealthProber prober, ProbeResult result) {
        if (probeListeners.isEmpty()) {
            return;
        }
        var probe = new Probe(prober.identity().serviceId(), prober.backends(), result.passed(), result.latencyMs());
        for (var listener : probeListeners) {
            try {
                listener.accept(probe);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "health: a probe listener failed", e);
            }
        }
    }

    /**
     * One completed probe.
     *
     * @param backends the backends sharing the prober (more than one with a {@code share_key})
     * @param latencyMs from the start of the probe to its status line, or to its failure
     */
    public record Probe(String serviceId, List<String> backends, boolean passed, long latencyMs) {}

    /**
     * One backend's health, as {@code GET /service/{id}/backend-health} reports it.
     *
     * @param bitmap the newest {@code window} results, oldest first and newest last ({@code "1110111"})
     * @param good passes among them
     * @param lastTransition when {@code healthy} last changed, or when probing started
     * @param reason why: {@code "3 of 5 probes passed"}, {@code "connection refused (2 of 5 probes passed, threshold 3)"}
     * @param lastProbe the most recent probe's outcome, null before the first completes
     * @param lastLatencyMs the most recent probe's latency, null before the first completes
     * @param probesSent probes completed since probing of this identity started
     */
    public record BackendHealth(String backend, String healthcheck, boolean healthy, String bitmap, int good, int threshold,
            int window, Instant lastTransition, String reason, @Nullable String lastProbe, @Nullable Long lastLatencyMs,
            long probesSent) {}

    /**
     * A change between healthy and sick.
     *
     * @param backends the backends sharing the prober (more than one with a {@code share_key})
     * @param probesSent probes completed when it happened, the one that caused it included
     */
    public record Transition(String serviceId, List<String> backends, String healthcheck, boolean healthy, Instant at,
            String reason, String bitmap, long probesSent) {

        public Transition {
            backends = List.copyOf(backends);
        }
    }

    /** What the request path reads; immutable. */
    private record Index(Map<BackendRef, HealthProber> byBackend, Map<String, List<Member>> byService,
            Map<CheckRef, HealthcheckSettings> checks) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), Map.of());
    }

    /** A backend as the request path holds it, reduced to what picks its prober. */
    private record BackendRef(BackendKey key, String healthcheck, @Nullable String overrideHost, @Nullable String shareKey) {
        static BackendRef of(BackendSettings backend) {
            return new BackendRef(backend.key(), String.valueOf(backend.healthcheck()), backend.overrideHost(), backend.shareKey());
        }
    }

    private record CheckRef(String serviceId, String name) {}

    private record Member(String backend, HealthProber prober) {}
}
