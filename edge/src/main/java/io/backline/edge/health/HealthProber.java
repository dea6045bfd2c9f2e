package io.backline.edge.health;

import io.backline.edge.BackendSettings;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Probes one health identity every {@code check_interval} ms and keeps its {@link HealthState}.
 *
 * <p>Threads: the registry's scheduler only ticks; each tick starts the probe on a new virtual
 * thread, unless the previous probe is still running, in which case the tick is skipped (as
 * Varnish's poller skips a target whose probe is still in flight). So one probe runs at a time
 * and the probe thread is the only writer of {@link #state}; readers do one volatile read.
 * {@link #stop()} cancels the ticks and interrupts a running probe, whose result is then dropped.
 */
final class HealthProber {
    private static final System.Logger LOG = System.getLogger(HealthRegistry.class.getName());

    private final HealthIdentity identity;
    private final ProbeClient client;
    private final Clock clock;
    private final ThreadFactory probeThreads;
    private final BiConsumer<HealthProber, HealthState> onTransition;
    private final BiConsumer<HealthProber, ProbeResult> onProbe;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile HealthState state;
    private volatile boolean stopped;
    private volatile List<String> backends = List.of();
    private volatile @Nullable Thread probing;
    private @Nullable ScheduledFuture<?> ticks; // guarded by the registry's lock

    HealthProber(HealthIdentity identity, BackendSettings backend, Clock clock, ThreadFactory probeThreads,
            BiConsumer<HealthProber, HealthState> onTransition, BiConsumer<HealthProber, ProbeResult> onProbe) {
        this.identity = identity;
        this.client = ProbeClient.of(backend, identity.check());
        this.clock = clock;
        this.probeThreads = probeThreads;
        this.onTransition = onTransition;
        this.onProbe = onProbe;
        this.state = HealthState.initial(identity.check(), clock.instant());
    }

    HealthIdentity identity() {
        return identity;
    }

    HealthState state() {
        return state;
    }

    boolean healthy() {
        return state.healthy();
    }

    /** The names of the backends that share this prober, for logs and transitions. */
    List<String> backends() {
        return backends;
    }

    void backends(List<String> names) {
        backends = List.copyOf(names);
    }

    /** Starts ticking; the first probe starts at once, as in Varnish. */
    void start(ScheduledExecutorService scheduler) {
        ticks = scheduler.scheduleAtFixedRate(this::tick, 0, Math.max(1, identity.check().checkIntervalMs()),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopped = true;
        var scheduled = ticks;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        var thread = probing;
        if (thread != null) {
            thread.interrupt(); // closes a socket the virtual thread is blocked on
        }
    }

    private void tick() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            probeThreads.newThread(this::probeOnce).start();
        } catch (RuntimeException e) {
            // a throwing tick would cancel every later one; this tick's probe is simply missed
            running.set(false);
            LOG.log(Level.WARNING, "health: cannot start a probe of " + identity, e);
        }
    }

    private void probeOnce() {
        probing = Thread.currentThread();
        try {
            var result = client.probe();
            if (stopped) {
                return;
            }
            var before = state;
            var after = before.after(result, clock.instant());
            state = after;
            onProbe.accept(this, result);
            if (after.healthy() != before.healthy()) {
                onTransition.accept(this, after);
            }
        } finally {
            probing = null;
            running.set(false);
        }
    }

    @Override
    public String toString() {
        return identity.toString();
    }
}
