package io.backline.edge.origin;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An event loop's I/O handler that counts the loop's busy turns, so that the loop's cache of pooled
 * buffers is given back only once the loop has been idle for a whole period.
 *
 * <p>Why: each event loop keeps the buffers it frees for reuse, and Netty trims that cache only as
 * the loop allocates again, so after a burst an idle edge held its buffers and their 1 MiB chunks
 * for good. Trimming on a timer instead ({@code io.netty.allocator.cacheTrimIntervalMillis}) gave
 * the memory back, but under load each trim emptied chunks that the next requests allocated again,
 * zeroed by {@code ByteBuffer.allocateDirect} on the loop: 9 % of the loops' samples at 100 KiB, and
 * in paired runs 49 against 55 µs of CPU and 10.3 against 12.1 ms p99 per request
 * (docs/edge-benchmarks.md). Trimming only a loop that did no I/O for a period keeps both: nothing
 * is given back while the loop works, everything soon after it stops.
 *
 * <p>Hand-written because Netty's allocator knows only the timer. Everything else goes to the
 * transport's handler.
 */
final class IdleTrimIoHandler extends ForwardingIoHandler {
    /** The handler of the loop running on this thread (set by {@link #initialize()}, on the loop's thread). */
    private static final ThreadLocal<@Nullable IdleTrimIoHandler> CURRENT = new ThreadLocal<>();

    private final Runnable trim;
    private long busyTurns;
    private long busyTurnsAtLastCheck;

    IdleTrimIoHandler(IoHandler delegate, Runnable trim) {
        super(delegate);
        this.trim = trim;
    }

    /** {@code factory}'s handlers, counting busy turns for {@link #schedule}; idle loops trim their pooled-buffer cache. */
    static IoHandlerFactory wrap(IoHandlerFactory factory) {
        return wrap(factory, () -> PooledByteBufAllocator.DEFAULT.trimCurrentThreadCache());
    }

    /** As {@link #wrap(IoHandlerFactory)}, with {@code trim} run in place of the cache trim (tests count it). */
    static IoHandlerFactory wrap(IoHandlerFactory factory, Runnable trim) {
        return wrapping(factory, handler -> new IdleTrimIoHandler(handler, trim));
    }

    /**
     * Checks each loop of {@code group} every {@code period}: a loop whose handler saw no busy turn
     * since the last check trims. Loops whose handler is not one of these are left alone.
     */
    static void schedule(EventLoopGroup group, Duration period) {
        long nanos = period.toNanos();
        for (EventExecutor loop : group) {
            loop.scheduleAtFixedRate(IdleTrimIoHandler::checkCurrent, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static void checkCurrent() {
        var handler = CURRENT.get();
        if (handler != null) {
            handler.check();
        }
    }

    /** Trims if no turn did work since the last check. On the loop's thread. */
    void check() {
        if (busyTurns == busyTurnsAtLastCheck) {
            trim.run();
        }
        busyTurnsAtLastCheck = busyTurns;
    }

    @Override
    public int run(IoHandlerContext context) {
        int handled = super.run(context);
        if (handled > 0) {
            busyTurns++;
        }
        return handled;
    }

    @Override
    public void initialize() {
        CURRENT.set(this);
        super.initialize();
    }

    @Override
    public void destroy() {
        CURRENT.remove();
        super.destroy();
    }
}
