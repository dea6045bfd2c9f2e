package io.backline.edge;

/**
 * How one service's production traffic is split during a rollout, compiled: a client goes to the
 * candidate when the hash of its address, seeded by the rollout id, falls below {@code percent}
 * hundredths of the 10,000 buckets. The hash depends only on the address and the rollout, so a
 * client sees one version throughout a step and, as the percentage only grows, moves only forward
 * (baseline to candidate, never back).
 *
 * @param rolloutId the rollout's id
 * @param stepIndex the current step (0-based)
 * @param percent the candidate's share now, 1..100
 * @param candidate the candidate version, compiled
 * @param baselineVersion the version that serves the other clients (the service's active version)
 */
public record RolloutSplit(String rolloutId, int stepIndex, int percent, ServiceSnapshot candidate, int baselineVersion) {
    /** Buckets a client address falls into: 0..9,999, so a percentage maps to whole buckets. */
    public static final int BUCKETS = 10_000;

    /** The rollout id's hash, the seed of every client's bucket. */
    public int seed() {
        return rolloutId.hashCode();
    }

    /** Whether the client with these address bytes (4 or 16) is served by the candidate now. */
    public boolean toCandidate(byte[] address) {
        return bucket(seed(), address) < percent * (BUCKETS / 100);
    }

    /**
     * MurmurHash3 (x86, 32-bit) of the address bytes seeded by {@code seed}, mapped to 0..9,999.
     * Hand-written (a dozen lines) rather than pulling a hashing library into the edge; it runs on
     * the event loop per request and allocates nothing.
     */
    public static int bucket(int seed, byte[] address) {
        int h = seed;
        int length = address.length;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int k = (address[i] & 0xff) | (address[i + 1] & 0xff) << 8 | (address[i + 2] & 0xff) << 16 | (address[i + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (length - i) {
            case 3 -> k = (address[i + 2] & 0xff) << 16 | (address[i + 1] & 0xff) << 8 | (address[i] & 0xff);
            case 2 -> k = (address[i + 1] & 0xff) << 8 | (address[i] & 0xff);
            case 1 -> k = address[i] & 0xff;
            default -> { }
        }
        if (length - i > 0) {
            h ^= mixK(k);
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, BUCKETS);
    }

    private static int mixK(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }

    /** The X-Backline-Rollout text under Fastly-Debug: which version served the request, and at what share. */
    public String describe(boolean candidateServed) {
        return (candidateServed ? "candidate version=" + candidate.version() : "baseline version=" + baselineVersion) + " percent=" + percent;
    }
}
