package io.backline.edge.health;

import io.backline.edge.HealthcheckSettings;

/**
 * The shift register of one prober, as Varnish keeps it ({@code vbp_target.happy}): the last 64
 * probe results, the newest in bit 0, a 1 for a pass. Only the newest {@code window} count; the
 * backend is healthy iff at least {@code threshold} of them passed (semantics §3.2). Immutable.
 */
record HealthWindow(long bits, int window, int threshold) {

    /**
     * The register when a configuration loads: cleared, then {@code initial} passes pushed in,
     * capped at {@code threshold} (Varnish {@code vbp_set_defaults} and the start-up poke loop).
     */
    static HealthWindow initial(HealthcheckSettings check) {
        // The API stores any window Fastly accepts (5000 in go-fastly's recording); the register
        // holds 64 results, so a larger window counts the newest 64 and a threshold above 64 asks
        // for all of them (docs/edge.md, "Health check windows"). Within 64 nothing changes: a
        // threshold above its window is never met, as in Varnish.
        int window = Math.clamp(check.window(), 1, Long.SIZE);
        int threshold = check.window() > Long.SIZE ? Math.min(check.threshold(), Long.SIZE) : check.threshold();
        int pushes = Math.clamp(Math.min(check.initial(), threshold), 0, Long.SIZE);
        long bits = pushes == Long.SIZE ? -1L : (1L << pushes) - 1;
        return new HealthWindow(bits, window, threshold);
    }

    /** The register after one more probe. */
    HealthWindow push(boolean passed) {
        return new HealthWindow(bits << 1 | (passed ? 1L : 0L), window, threshold);
    }

    /** Passes among the newest {@code window} results. */
    int good() {
        return Long.bitCount(bits & mask());
    }

    boolean healthy() {
        return good() >= threshold;
    }

    /** The newest {@code window} results, oldest first and newest last, such as {@code "11011"}. */
    String bitmap() {
        var text = new StringBuilder(window);
        for (int i = window - 1; i >= 0; i--) {
            text.append((bits >>> i & 1L) == 1L ? '1' : '0');
        }
        return text.toString();
    }

    private long mask() {
        return window == Long.SIZE ? -1L : (1L << window) - 1;
    }
}
