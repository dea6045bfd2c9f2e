package io.backline.api;

import io.backline.store.ConfigStore;
import io.backline.store.StoreTx;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConfigStore} that times each transaction ({@code backline_store_transactions_seconds}
 * by kind and outcome) and counts the runs of a write's work beyond the first
 * ({@code backline_store_retries_total}): a store runs the work again after PostgreSQL refused to
 * serialize it or found a deadlock, so counting runs here counts retries without the store
 * knowing about metrics. SQLite waits for its lock inside its busy handler instead, so its
 * retries stay 0 and its waits show as transaction time.
 */
final class TimedStore extends ForwardingStore {
    private final Timer readOk;
    private final Timer readError;
    private final Timer writeOk;
    private final Timer writeError;
    private final Counter retries;

    TimedStore(ConfigStore delegate, MeterRegistry registry) {
        super(delegate);
        readOk = timer(registry, "read", "ok");
        readError = timer(registry, "read", "error");
        writeOk = timer(registry, "write", "ok");
        writeError = timer(registry, "write", "error");
        retries = Counter.builder("backline.store.retries")
                .description("Write transactions run again after a serialization failure or a deadlock (PostgreSQL).")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String kind, String outcome) {
        return Timer.builder("backline.store.transactions").tag("kind", kind).tag("outcome", outcome)
                .description("Store transactions by kind and outcome, with their time (retries and lock waits included).")
                .serviceLevelObjectives(ApiMetrics.BUCKETS).register(registry);
    }

    @Override
    public <T extends @Nullable Object> T write(Function<StoreTx, T> work) {
        long start = System.nanoTime();
        var runs = new int[1];
        boolean ok = false;
        try {
            T result = super.write(tx -> {
                if (runs[0]++ > 0) {
                    retries.increment();
                }
                return work.apply(tx);
            });
            ok = true;
            return result;
        } finally {
            (ok ? writeOk : writeError).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public <T extends @Nullable Object> T read(Function<StoreTx, T> work) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = super.read(work);
            ok = true;
            return result;
        } finally {
            (ok ? readOk : readError).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
