package io.backline.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One edge node's POP membership as it last reported it (shielding).
 *
 * @param address where edges of other POPs reach it ({@code HOST:PORT}), null when it has no such address
 * @param lastSeen its latest report
 */
public record EdgePop(String edgeId, String pop, @Nullable String address, Instant lastSeen) {}
