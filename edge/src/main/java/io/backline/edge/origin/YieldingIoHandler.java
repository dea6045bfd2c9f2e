package io.backline.edge.origin;

import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;

/**
 * An event loop's I/O handler that gives up the CPU once after every turn that did work, so that
 * the threads it shares the cores with (the clients and origins it talks to, above all) run before it
 * polls again ({@code EdgeConfig.loopYield}).
 *
 * <p>Why: an event loop under steady load is always runnable, so the kernel's fair scheduler treats
 * it as a CPU hog and switches to and from it only at its time-slice boundaries (a 4 ms tick on the
 * benchmark machine's kernel). A request that arrives on a loop that lost its core then waits for the
 * next slice, one or two ticks: that was the edge's p99 at 64 connections when the load generator
 * shared its two cores, 8-9 ms on cache hits against a p50 of 0.2 ms. A {@code sched_yield} after each
 * busy turn lets the peers that have work for it run first, and the loop comes back to a larger batch:
 * in paired runs the p99 of cache hits fell from 9.0 to 5.6 ms, and CPU per request fell by 22 % on
 * hits and 18 % on proxied 1 KiB requests (docs/edge-benchmarks.md). When nothing else is runnable the
 * yield returns at once, for the price of one system call per busy turn (not per request).
 *
 * <p>Hand-written because Netty has no such setting: its loops yield only by blocking in the poll,
 * which a loaded loop never reaches. Everything else goes to the transport's handler.
 */
final class YieldingIoHandler extends ForwardingIoHandler {
    private final Runnable yield;

    YieldingIoHandler(IoHandler delegate, Runnable yield) {
        super(delegate);
        this.yield = yield;
    }

    /** {@code factory}'s handlers, each yielding with {@link Thread#yield()} after a turn that did work. */
    static IoHandlerFactory wrap(IoHandlerFactory factory) {
        return wrap(factory, Thread::yield);
    }

    /** As {@link #wrap(IoHandlerFactory)}, with {@code yield} run in place of {@link Thread#yield()} (tests count it). */
    static IoHandlerFactory wrap(IoHandlerFactory factory, Runnable yield) {
        return wrapping(factory, handler -> new YieldingIoHandler(handler, yield));
    }

    @Override
    public int run(IoHandlerContext context) {
        int handled = super.run(context);
        if (handled > 0) {
            yield.run();
        }
        return handled;
    }
}
