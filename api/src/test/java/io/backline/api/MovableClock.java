package io.backline.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock the test moves instead of waiting for: a base clock (fixed, or the system's) plus an
 * offset that only grows, so the server never sees time run backwards.
 */
final class MovableClock extends Clock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    private MovableClock(Clock base) {
        this.base = base;
    }

    /** Stands at {@code now} until moved. */
    static MovableClock at(Instant now) {
        return new MovableClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Follows the system clock, ahead of it by what the test has moved it. */
    static MovableClock followingSystem() {
        return new MovableClock(Clock.systemUTC());
    }

    synchronized void advanceSeconds(long seconds) {
        offset = offset.plusSeconds(seconds);
    }

    /** Moves on (if need be) to the start of the second after {@code stamp}'s, as a wait for it would. */
    synchronized void movePastSecondOf(Instant stamp) {
        var next = stamp.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        var now = instant();
        if (now.isBefore(next)) {
            offset = offset.plus(Duration.between(now, next));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }
}
