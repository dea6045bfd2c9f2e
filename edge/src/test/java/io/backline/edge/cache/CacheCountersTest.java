package io.backline.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.Purge;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheCountersTest {
    @Test
    void countingResponsesAllocatesNothingOnceTheServiceIsKnown() {
        var cache = new HttpCache(1 << 20);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long perRound = 0;
        for (int round = 0; round < 5; round++) { // the first rounds make the counters and let the JIT compile the path
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                cache.counters("alpha").count(CacheCounters.Result.HIT);
                cache.counters("alpha").count(CacheCounters.Result.MISS);
                cache.counters("beta").count(CacheCounters.Result.PASS);
            }
            perRound = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(perRound).as("bytes allocated by 300,000 counts").isLessThan(30_000);
        assertThat(cache.counters("alpha").responses(CacheCounters.Result.HIT)).isEqualTo(500_000);
    }

    @Test
    void aPurgeCountsUnderItsKindAndSoftness() {
        var cache = new HttpCache(1 << 20);
        cache.purge(new Purge.All("s"));
        cache.purge(new Purge.Keys("s", List.of("a"), true));
        cache.purge(new Purge.Url("s", "example.com", "/", false));
        var counters = cache.counters("s");
        assertThat(counters.purges(0)).isEqualTo(1);
        assertThat(counters.purges(2)).isEqualTo(1);
        assertThat(counters.purges(3)).isEqualTo(1);
        assertThat(counters.purges(1) + counters.purges(4)).isZero();
    }
}
