package io.backline.edge.logging;

import io.backline.condition.CompiledCondition;
import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import io.backline.edge.ExchangeRecord;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's queue and the virtual thread that empties it. The event loop only calls
 * {@link #offer}; everything else (the condition, rendering, I/O, backoff) runs on the sender's
 * thread, so a receiver that hangs fills this queue and nothing else. Subclasses send: {@link
 * SyslogSender} line by line, {@link HttpsSender} in batches.
 */
abstract class EndpointSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EndpointSender.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final LoggingEndpoint endpoint;
    final DeliveryConfig config;
    /** Lock-free, many producers (the event loops) and one consumer: an offer never waits for a lock. */
    private final Queue<ExchangeRecord> queue;
    private final @Nullable CompiledCondition condition;
    private final Function<ExchangeRecord, String> render;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile @Nullable String lastError;
    private volatile @Nullable Instant lastSuccess;
    private final Thread thread;
    volatile boolean closing;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private int failuresInARow;

    EndpointSender(LoggingEndpoint endpoint, DeliveryConfig config, Function<ExchangeRecord, String> render) {
        this.endpoint = endpoint;
        this.config = config;
        this.queue = PlatformDependent.newFixedMpscQueue(config.queueCapacity()); // rounded up to a power of two
        var statement = endpoint.responseCondition();
        this.condition = statement == null ? null : Conditions.compile(statement, ConditionType.RESPONSE);
        this.render = render;
        this.thread = Thread.ofVirtual().name("backline-log-" + endpoint.name()).unstarted(this::loop);
    }

    final void start() {
        thread.start();
    }

    /** On the event loop: queued, or dropped and counted. */
    final void offer(ExchangeRecord record) {
        if (closing || !queue.offer(record)) {
            dropped.increment();
        }
    }

    final EndpointStatus status() {
        return new EndpointStatus(endpoint.kind(), endpoint.name(), sent.get(), dropped.sum(), failed.get(),
                skipped.get(), queue.size(), lastError, lastSuccess);
    }

    /**
     * The next line to send, waiting at most {@code timeout}: rendered, with the condition applied
     * (requests it does not match are skipped here). Null when none came in time, or when closing.
     */
    final @Nullable String next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closing && (queue.isEmpty() || System.nanoTime() > drainDeadline)) {
                return null;
            }
            var record = queue.poll();
            if (record == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return null;
                }
                // Polling, as the access log does: a sender blocked on the queue would be woken by every offer.
                LockSupport.parkNanos(Math.min(wait, IDLE_PARK_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            if (condition != null && !condition.matches(new ExchangeView(record))) {
                skipped.incrementAndGet();
                continue;
            }
            try {
                return render.apply(record);
            } catch (RuntimeException e) {
                failed(1, "rendering failed: " + e);
            }
        }
    }

    /** Whether a line is waiting (a batch may take it without waiting). */
    final boolean hasQueued() {
        return !queue.isEmpty();
    }

    final boolean stopped() {
        return closing && (queue.isEmpty() || System.nanoTime() > drainDeadline);
    }

    final void succeeded(int lines) {
        sent.addAndGet(lines);
        lastSuccess = Instant.now();
        failuresInARow = 0;
    }

    /** Counts the lines lost and remembers why; the thread then backs off before the next attempt. */
    final void failed(int lines, String why) {
        failed.addAndGet(lines);
        if (!closing && (lastError == null || !why.equals(lastError))) { // one warning per new cause; none for a send cut by closing
            LOG.log(System.Logger.Level.WARNING, () -> endpoint.kind() + " '" + endpoint.name() + "' of service " + endpoint.serviceId()
                    + ": " + why);
        }
        lastError = why;
        failuresInARow++;
    }

    /** After failures: 100 ms, doubling, at most {@link DeliveryConfig#maxBackoff()}; the queue fills and drops meanwhile. */
    final void backOff() throws InterruptedException {
        if (failuresInARow == 0 || closing) {
            return;
        }
        long millis = Math.min(config.maxBackoff().toMillis(), 100L << Math.min(failuresInARow - 1, 16));
        Thread.sleep(millis);
    }

    private void loop() {
        try {
            run();
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, endpoint + ": sender stopped", e);
        } finally {
            disconnect();
        }
    }

    /** Sends until {@link #stopped()}; called on the sender's thread. */
    abstract void run() throws InterruptedException;

    /** Closes the connection, if any; may be called from another thread to unblock a stuck send. */
    abstract void disconnect();

    /** Stops at once, dropping what is queued. */
    @Override
    public final void close() {
        close(Duration.ZERO);
    }

    /** Sends what is queued for at most {@code drain}, then stops; waits for the thread a little longer. */
    final void close(Duration drain) {
        drainDeadline = System.nanoTime() + drain.toNanos();
        closing = true;
        try {
            if (!thread.join(drain.plusMillis(500))) {
                thread.interrupt();
                disconnect();
                thread.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
