package io.backline.sdk;

import java.net.http.HttpHeaders;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's write budget as the last response stated it ({@code Fastly-RateLimit-Remaining} and
 * {@code Fastly-RateLimit-Reset}); either may be absent (reads carry neither).
 *
 * @param remaining writes left in the current window
 * @param reset when the window starts again
 */
public record RateLimit(@Nullable Integer remaining, @Nullable Instant reset) {
    static final RateLimit NONE = new RateLimit(null, null);

    static RateLimit of(HttpHeaders headers) {
        var remaining = headers.firstValue("Fastly-RateLimit-Remaining").map(RateLimit::number).orElse(null);
        var reset = headers.firstValue("Fastly-RateLimit-Reset").map(RateLimit::number).map(Instant::ofEpochSecond).orElse(null);
        return remaining == null && reset == null ? NONE : new RateLimit(remaining, reset);
    }

    private static @Nullable Integer number(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
