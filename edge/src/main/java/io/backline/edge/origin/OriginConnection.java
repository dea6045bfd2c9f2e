package io.backline.edge.origin;

import io.backline.edge.BackendSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection to an origin, and the last handler of its pipeline. It carries one
 * exchange at a time: {@link #bind} gives it the client side, which then receives the response
 * through {@link OriginListener}; {@link #release} returns it to its {@link OriginPool} or closes it.
 * The pipeline is built once per connection and reused for every request it carries.
 *
 * <p>Deadlines, all on the connection's event loop: first_byte_timeout from the request's last
 * byte (or its last progress) to the response head; between_bytes_timeout while the body streams
 * (paused while the client is the one not reading); and the idle deadline while pooled
 * (keepalive_time, capped by max_lifetime). One timer serves them all and is re-armed lazily: a
 * deadline that moves later only updates a field, and the timer, when it fires early, checks the
 * phase it finds and re-arms for what is left. A request therefore usually costs no timer queue
 * operation at all; only a deadline earlier than the armed one re-arms at once.
 *
 * <p>Threading: confined to its event loop, except {@link #claimSlot()} and the pool's idle deque,
 * which other loops may touch when they reclaim an idle connection's max_conn slot.
 */
public final class OriginConnection extends ChannelInboundHandlerAdapter implements Runnable, ChannelFutureListener {
    /** Why an exchange broke. */
    public enum Failure {
        /** Fastly: the response did not start within first_byte_timeout. */
        FIRST_BYTE_TIMEOUT("first byte timeout"),
        BETWEEN_BYTES_TIMEOUT("between bytes timeout"),
        /** Fastly's "backend read error": the origin closed or broke the connection, or sent something that is not HTTP. */
        CLOSED("backend read error"),
        INVALID_RESPONSE("backend read error");

        private final String reason;

        Failure(String reason) {
            this.reason = reason;
        }

        /** The text the client sees in the 503 and X-Backline-Error. */
        public String reason() {
            return reason;
        }
    }

    /** Where the connection is, which decides the deadline that applies. */
    private static final int PHASE_NONE = 0;
    private static final int PHASE_HEAD = 1;
    private static final int PHASE_BODY = 2;
    private static final int PHASE_IDLE = 3;

    final OriginPool pool;
    final Channel channel;
    final int loopIndex;
    private final long createdNanos = System.nanoTime();
    /** Holds one of the pool's max_conn slots until the channel closes or another loop claims it. */
    private final AtomicBoolean slot = new AtomicBoolean(true);

    private @Nullable OriginListener listener;
    private int uses;
    private boolean responseComplete;
    private boolean keepAlive;
    private boolean skippingInformational;
    /** Whether the origin sent any byte since the exchange began, parsed or not (see {@link #byteWatch()}). */
    private boolean answered;
    private int phase = PHASE_NONE;
    /** 0 when that timeout is off. */
    private long betweenBytesNanos;
    private long firstByteNanos;
    private long lastWriteNanos;
    private long lastReadNanos;
    private long idleSinceNanos;
    private long idleNanos;
    private @Nullable ScheduledFuture<?> timer;
    /** When the armed timer fires (System.nanoTime), meaningful while {@link #timer} is set. */
    private long armedAt;

    OriginConnection(OriginPool pool, Channel channel, int loopIndex) {
        this.pool = pool;
        this.channel = channel;
        this.loopIndex = loopIndex;
        channel.closeFuture().addListener(this);
    }

    /**
     * Starts an exchange on this connection; the request is written next. The first-byte clock
     * runs from here, restarted by every request write, so it measures first_byte_timeout from the
     * request's last byte, and an origin that stops reading a request body cannot stall the
     * exchange forever either.
     */
    public void bind(OriginListener newListener, BackendSettings settings) {
        listener = newListener;
        uses++;
        responseComplete = false;
        keepAlive = true;
        skippingInformational = false;
        answered = false;
        long now = System.nanoTime();
        lastWriteNanos = now;
        phase = PHASE_HEAD;
        // The timeouts come from the request's snapshot: they are not part of the pool's identity, so an
        // activation may change them while this connection stays in use.
        firstByteNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, settings.firstByteTimeoutMs()));
        betweenBytesNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, settings.betweenBytesTimeoutMs()));
        if (firstByteNanos > 0) {
            // Armed for the nearer of the two, so the body's deadline, set later, never moves it earlier.
            long nearer = betweenBytesNanos > 0 ? Math.min(firstByteNanos, betweenBytesNanos) : firstByteNanos;
            arm(now + nearer);
        }
    }

    public boolean reused() {
        return uses > 1;
    }

    /**
     * Whether the origin sent anything for this exchange. A reused connection closed before any byte
     * is the race of the origin's idle timeout with our reuse; after a byte (even half a status line,
     * which the codec drops silently on close) the origin was answering, and nothing may be replayed.
     */
    public boolean answered() {
        return answered;
    }

    /** The handler placed before the HTTP codec: it notes raw bytes, which the codec may swallow without a message. */
    ChannelInboundHandler byteWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                answered = true;
                ctx.fireChannelRead(msg);
            }
        };
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    public void write(Object message) {
        lastWriteNanos = System.nanoTime();
        channel.write(message, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** The request's last byte is written: first_byte_timeout counts from now. */
    public void requestSent() {
        lastWriteNanos = System.nanoTime();
    }

    /** Backpressure from a client that is not reading: stop reading the origin meanwhile. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        lastReadNanos = System.nanoTime();
        channel.config().setAutoRead(true);
    }

    /**
     * Ends the exchange. The connection goes back to the pool when {@code reusable} (the request was
     * sent whole), the response was read whole and allowed keep-alive, and neither max_use nor
     * max_lifetime is reached; otherwise it closes.
     */
    public void release(boolean reusable) {
        listener = null;
        phase = PHASE_NONE;
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        if (reusable && responseComplete && keepAlive && channel.isActive() && !usedUp() && !expired()) {
            // keepalive_time 0 keeps nothing idle; otherwise the idle deadline is keepalive_time capped by max_lifetime.
            long idle = Math.min(pool.idleTimeoutNanos(), remainingLifetimeNanos());
            if (idle > 0) {
                long now = System.nanoTime();
                idleSinceNanos = now;
                idleNanos = idle;
                phase = PHASE_IDLE; // before it is offered: another loop may take its slot at once
                if (pool.offerIdle(this)) {
                    arm(now + idle);
                    return;
                }
                phase = PHASE_NONE;
            }
        }
        cancelTimer();
        channel.close();
    }

    /** A new connection nobody is waiting for any more (the client left while it was opening): pool it. */
    public void park() {
        listener = null;
        responseComplete = true;
        keepAlive = true;
        release(true);
    }

    /** Ends the exchange because the client went away: the connection's state is unknown, so it closes. */
    public void abort() {
        listener = null;
        cancelTimer();
        channel.close();
    }

    /** Called by the pool when this connection leaves the idle deque for its own loop. */
    boolean takeFromIdle() {
        if (!channel.isActive() || expired()) {
            channel.close();
            return false;
        }
        phase = PHASE_NONE; // the armed timer stays: the request about to bind usually needs it sooner
        return true;
    }

    /**
     * Takes this connection's max_conn slot for a connection about to be opened elsewhere, and
     * closes this one. False if the slot was already given back (the channel closed meanwhile).
     */
    boolean claimSlot() {
        if (slot.compareAndSet(true, false)) {
            channel.close();
            return true;
        }
        return false;
    }

    private boolean usedUp() {
        var maxUse = pool.backend().maxUse();
        return maxUse != null && maxUse > 0 && uses >= maxUse;
    }

    private boolean expired() {
        return remainingLifetimeNanos() <= 0;
    }

    private long remainingLifetimeNanos() {
        var lifetime = pool.backend().maxLifetimeMs();
        if (lifetime == null || lifetime <= 0) {
            return Long.MAX_VALUE;
        }
        return TimeUnit.MILLISECONDS.toNanos(lifetime) - (System.nanoTime() - createdNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        var current = listener;
        if (current == null) {
            // Bytes while idle are not HTTP we asked for: drop the connection rather than misread them later.
            ReferenceCountUtil.release(msg);
            channel.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(current, Failure.INVALID_RESPONSE);
                return;
            }
            var status = response.status();
            if (status.codeClass() == HttpStatusClass.INFORMATIONAL) {
                if (status.code() == 101) { // Upgrade is never forwarded, so a switch is a broken origin
                    ReferenceCountUtil.release(msg);
                    fail(current, Failure.INVALID_RESPONSE);
                    return;
                }
                skippingInformational = true; // 1xx interim responses are not relayed; the final one follows
                ReferenceCountUtil.release(msg);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(response);
            long now = System.nanoTime();
            lastReadNanos = now;
            phase = PHASE_BODY;
            if (betweenBytesNanos > 0) {
                arm(now + betweenBytesNanos);
            }
            current.originResponse(response);
            return;
        }
        if (msg instanceof HttpContent content) {
            if (skippingInformational) {
                skippingInformational = !(content instanceof LastHttpContent);
                content.release();
                return;
            }
            if (content.decoderResult().isFailure()) {
                content.release();
                fail(current, Failure.INVALID_RESPONSE);
                return;
            }
            lastReadNanos = System.nanoTime();
            if (content instanceof LastHttpContent) {
                responseComplete = true;
                phase = PHASE_NONE;
            }
            current.originContent(content);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        var current = listener;
        if (current != null) {
            current.originReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        var current = listener;
        if (current != null) {
            current.originWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        pool.removeIdle(this);
        var current = listener;
        if (current != null) {
            listener = null;
            current.originFailed(Failure.CLOSED);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OriginPool.LOG.log(System.Logger.Level.DEBUG, () -> "origin " + pool.backend().key() + ": " + cause);
        channel.close();
    }

    /** The channel closed: give the max_conn slot back, unless another loop claimed it. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (slot.compareAndSet(true, false)) {
            pool.releaseSlot();
        }
    }

    private void fail(OriginListener current, Failure failure) {
        listener = null;
        cancelTimer();
        channel.close();
        current.originFailed(failure);
    }

    /** Makes the timer fire no later than {@code deadline}; a timer armed sooner is left alone. */
    private void arm(long deadline) {
        var current = timer;
        if (current != null) {
            if (armedAt - deadline <= 0) {
                return;
            }
            current.cancel(false);
        }
        armedAt = deadline;
        timer = channel.eventLoop().schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        var current = timer;
        if (current != null) {
            timer = null;
            current.cancel(false);
        }
    }

    /** The timer fired: act on the deadline of the phase the connection is in now, or re-arm for it. */
    @Override
    public void run() {
        timer = null;
        long now = System.nanoTime();
        var current = listener;
        switch (phase) {
            case PHASE_HEAD -> {
                if (current == null || firstByteNanos == 0) {
                    return;
                }
                long deadline = lastWriteNanos + firstByteNanos;
                if (now - deadline >= 0) {
                    fail(current, Failure.FIRST_BYTE_TIMEOUT);
                } else {
                    arm(deadline);
                }
            }
            case PHASE_BODY -> {
                if (current == null || betweenBytesNanos == 0) {
                    return;
                }
                if (!channel.config().isAutoRead()) {
                    arm(now + betweenBytesNanos); // the client is the slow one: not the origin's fault
                    return;
                }
                long deadline = lastReadNanos + betweenBytesNanos;
                if (now - deadline >= 0) {
                    fail(current, Failure.BETWEEN_BYTES_TIMEOUT);
                } else {
                    arm(deadline);
                }
            }
            case PHASE_IDLE -> {
                long deadline = idleSinceNanos + idleNanos;
                if (now - deadline < 0) {
                    arm(deadline);
                } else if (current == null && pool.removeIdle(this)) {
                    channel.close();
                }
            }
            default -> { }
        }
    }
}
