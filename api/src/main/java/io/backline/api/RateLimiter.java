package io.backline.api;

import io.backline.store.ConfigStore;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's write budget: a number of non-read requests per token per clock hour. The window resets
 * at the top of the hour, which is also what {@code Fastly-RateLimit-Reset} announces.
 * Counters live in memory, one per token (guarded by the map's per-key atomic compute), when
 * this process is the only API node; with several nodes on one database they live in the
 * database (one atomic upsert per token and hour), so the budget holds across nodes. The first
 * charge of a token in a new hour deletes the rows of hours that are over, so the table holds at
 * most the current and the previous hour's tokens however long the nodes run.
 */
final class RateLimiter {
    private final int perHour;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final @Nullable ConfigStore shared;

    private record Window(long hourStart, int used) {}

    /** The outcome of one charge: whether it is allowed, what remains, and when the budget resets. */
    record Charge(boolean allowed, int remaining, long resetEpochSecond) {}

    RateLimiter(int perHour, Clock clock) {
        this(perHour, clock, null);
    }

    /** @param shared the database that other API nodes share, or null for counters in memory */
    RateLimiter(int perHour, Clock clock, @Nullable ConfigStore shared) {
        this.perHour = perHour;
        this.clock = clock;
        this.shared = shared;
    }

    boolean enabled() {
        return perHour > 0;
    }

    Charge charge(String tokenId) {
        long now = clock.instant().getEpochSecond();
        long hourStart = now - Math.floorMod(now, 3600);
        if (shared != null) {
            long used = shared.write(tx -> {
                long charged = tx.chargeWindow(tokenId, hourStart);
                if (charged == 1) {
                    tx.pruneWindows(hourStart);
                }
                return charged;
            });
            int remaining = (int) Math.max(Integer.MIN_VALUE, perHour - used);
            return new Charge(remaining >= 0, Math.max(0, remaining), hourStart + 3600);
        }
        var window = windows.compute(tokenId, (id, current) -> {
            if (current == null || current.hourStart() != hourStart) {
                return new Window(hourStart, 1);
            }
            return new Window(hourStart, current.used() + 1);
        });
        int remaining = perHour - window.used();
        return new Charge(remaining >= 0, Math.max(0, remaining), hourStart + 3600);
    }
}
