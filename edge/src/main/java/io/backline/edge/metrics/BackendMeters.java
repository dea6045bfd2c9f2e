package io.backline.edge.metrics;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeServer;
import io.backline.edge.ExchangeRecord;
import io.backline.edge.health.HealthView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one backend of one service, keyed by name and not by version or connection
 * settings, so a backend that keeps its name keeps its series across activations. Made once
 * (registering its meters); {@link #record} then only increments what it holds.
 */
final class BackendMeters {
    /** Timeout kinds, the {@code kind} label: the edge's reason text for each. */
    static final String[] TIMEOUT_KINDS = {"connect", "first_byte", "between_bytes"};

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter[] responses = new Counter[StatusClass.LABELS.length];
    private final Counter[] timeouts = new Counter[TIMEOUT_KINDS.length];
    private final Timer firstByte;
    private final Timer total;
    private final Counter sent;
    private final Counter received;
    // Made when first needed: only health-checked backends are probed; gauges only while a served version names the backend.
    private volatile @Nullable Timer probes;
    private final List<Meter> gauges = new ArrayList<>(); // guarded by this
    /** The settings the gauges read: the active version's backend of this name (else the staged one); null when none. */
    private volatile @Nullable BackendSettings settings;

    BackendMeters(MeterRegistry registry, String serviceId, String name) {
        this.registry = registry;
        this.tags = Tags.of("service", serviceId, "backend", name);
        for (int i = 0; i < responses.length; i++) {
            responses[i] = add(Counter.builder("backline.edge.backend.responses").tags(tags).tag("status_class", StatusClass.LABELS[i])
                    .description("Responses of requests sent to a backend (the last one tried), by status class.").register(registry));
        }
        for (int i = 0; i < timeouts.length; i++) {
            timeouts[i] = add(Counter.builder("backline.edge.backend.timeouts").tags(tags).tag("kind", TIMEOUT_KINDS[i])
                    .description("Requests a backend's timeout ended, by kind.").register(registry));
        }
        firstByte = add(Latency.timer("backline.edge.backend.first.byte", tags,
                "Origin time to first byte: from the request sent to the response head.").register(registry));
        total = add(Latency.timer("backline.edge.backend.total.time", tags,
                "Total time of requests sent to a backend: from the request head's arrival to the response's last byte.")
                .register(registry));
        sent = add(Counter.builder("backline.edge.backend.sent").baseUnit(BaseUnits.BYTES).tags(tags)
                .description("Request body bytes sent to a backend.").register(registry));
        received = add(Counter.builder("backline.edge.backend.received").baseUnit(BaseUnits.BYTES).tags(tags)
                .description("Response body bytes a backend sent (origin answers only).").register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Counts one finished request; allocation-free. */
    void record(ExchangeRecord exchange, int statusClass) {
        responses[statusClass].increment();
        long firstByteNanos = exchange.firstByteNanos();
        if (firstByteNanos >= 0) {
            firstByte.record(firstByteNanos, TimeUnit.NANOSECONDS);
        }
        total.record(exchange.totalNanos(), TimeUnit.NANOSECONDS);
        if (exchange.requestBodyBytes() > 0) {
            sent.increment(exchange.requestBodyBytes());
        }
        var synthetic = exchange.synthetic();
        if (synthetic == null) {
            if (exchange.responseBodyBytes() > 0) {
                received.increment(exchange.responseBodyBytes());
            }
        } else if ("Connection timed out".equals(synthetic)) {
            timeouts[0].increment();
        } else if ("first byte timeout".equals(synthetic)) {
            timeouts[1].increment();
        }
        if ("between bytes timeout".equals(exchange.broken())) {
            timeouts[2].increment();
        }
    }

    void probed(long latencyMs) {
        var timer = probes;
        if (timer == null) {
            synchronized (this) {
                timer = probes;
                if (timer == null) {
                    timer = Latency.timer("backline.edge.health.probe", tags, "Health probe latency: to the status line or the failure.")
                            .register(registry);
                    probes = timer;
                }
            }
        }
        timer.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Points the gauges at {@code current} (registering them on first use), or removes them when no
     * served version names the backend any more (its pool is retired).
     */
    synchronized void track(@Nullable BackendSettings current, Supplier<@Nullable EdgeServer> server, HealthView health) {
        settings = current;
        if (current == null) {
            gauges.forEach(registry::remove);
            gauges.clear();
            return;
        }
        if (!gauges.isEmpty()) {
            return;
        }
        gauges.add(gauge("backline.edge.pool.open", "Connections open to a backend, idle and busy (what max_conn bounds).",
                meters -> meters.use(server, Use.OPEN)));
        gauges.add(gauge("backline.edge.pool.busy", "Connections to a backend carrying a request.", meters -> meters.use(server, Use.BUSY)));
        gauges.add(gauge("backline.edge.pool.idle", "Pooled connections to a backend waiting for a request.",
                meters -> meters.use(server, Use.IDLE)));
        gauges.add(gauge("backline.edge.pool.max.conn", "A backend's max_conn.", meters -> {
            var backend = meters.settings;
            return backend == null ? 0 : backend.maxConn();
        }));
        gauges.add(gauge("backline.edge.backend.healthy", "1 while a backend may take traffic (healthy or not health-checked), 0 while sick.",
                meters -> {
                    var backend = meters.settings;
                    return backend != null && health.healthy(backend) ? 1 : 0;
                }));
    }

    private enum Use { OPEN, BUSY, IDLE }

    private double use(Supplier<@Nullable EdgeServer> server, Use which) {
        var backend = settings;
        var edge = server.get();
        if (backend == null || edge == null) {
            return 0;
        }
        var use = edge.originUse(backend.key());
        return switch (which) {
            case OPEN -> use.open();
            case BUSY -> use.busy();
            case IDLE -> use.idle();
        };
    }

    private Gauge gauge(String name, String description, ToDoubleFunction<BackendMeters> value) {
        return Gauge.builder(name, this, value).tags(tags).description(description).strongReference(true).register(registry);
    }

    /** Removes every series of this backend from the registry. */
    synchronized void remove() {
        track(null, () -> null, backend -> false);
        meters.forEach(registry::remove);
        var timer = probes;
        if (timer != null) {
            registry.remove(timer);
        }
    }
}
