package io.backline.edge;

import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The split of a service's clients during a rollout, and the counts the edge keeps of it (issue 19). */
class RolloutSplitTest {
    private static final ActiveVersion BASELINE = ProxyFixtures.version("svc1", 1, List.of(backend("blue", 9001)), List.of(),
            "example.com");
    private static final ActiveVersion CANDIDATE = ProxyFixtures.version("svc1", 2, List.of(backend("green", 9002)), List.of(),
            "example.com");

    private static byte[] address(int i) {
        return new byte[] {127, 1, (byte) (i >> 8), (byte) i};
    }

    private static EdgeSnapshot snapshot(String rolloutId, int percent) {
        return SnapshotCompiler.compile(1, List.of(BASELINE), List.of(), List.of(new RolloutCandidate(rolloutId, 0, percent, CANDIDATE)),
                EdgeSnapshot.EMPTY);
    }

    @Test
    void theCandidatesShareOfClientsIsItsPercentage() {
        for (int percent : new int[] {5, 25, 50}) {
            var split = snapshot("r-" + percent, percent).rollout("svc1");
            int candidates = 0;
            for (int i = 0; i < 20_000; i++) {
                if (split.toCandidate(address(i))) {
                    candidates++;
                }
            }
            assertThat(100.0 * candidates / 20_000).as("at %d%%", percent).isCloseTo(percent, Offset.offset(1.0));
        }
    }

    @Test
    void aClientMovesOnlyForwardAsThePercentageGrowsAndAnotherRolloutSplitsAfresh() {
        var at5 = snapshot("r1", 5).rollout("svc1");
        var at50 = snapshot("r1", 50).rollout("svc1");
        var other = snapshot("r2", 50).rollout("svc1");
        int differ = 0;
        for (int i = 0; i < 5_000; i++) {
            if (at5.toCandidate(address(i))) {
                assertThat(at50.toCandidate(address(i))).isTrue();
            }
            if (at50.toCandidate(address(i)) != other.toCandidate(address(i))) {
                differ++;
            }
            assertThat(at50.toCandidate(address(i))).as("the same address, the same answer").isEqualTo(at50.toCandidate(address(i)));
        }
        assertThat(differ).as("a new rollout id draws other clients").isGreaterThan(1_000);
    }

    @Test
    void theSnapshotServesTheCandidateBesideTheActiveVersion() {
        var snapshot = snapshot("r1", 25);
        var split = snapshot.rollout("svc1");

        assertThat(split.baselineVersion()).isEqualTo(1);
        assertThat(split.candidate().version()).isEqualTo(2);
        assertThat(split.describe(true)).isEqualTo("candidate version=2 percent=25");
        assertThat(split.describe(false)).isEqualTo("baseline version=1 percent=25");
        assertThat(snapshot.served()).extracting(ServiceSnapshot::version).containsExactly(1, 2);
        assertThat(snapshot.rollout("other")).isNull();

    }

    @Test
    void countsAreKeptPerVersionAcrossSnapshotsOfOneRolloutAndStartAgainForAnother() {
        var counts = new RolloutCounts();
        counts.follow(snapshot("r1", 5));
        counts.exchangeEnded(record(2, 200));
        counts.exchangeEnded(record(2, 503));
        counts.exchangeEnded(record(1, 200));
        counts.exchangeEnded(record(1, 404));
        counts.follow(snapshot("r1", 25)); // the next step: the same rollout, counts go on
        counts.exchangeEnded(record(2, 500));

        assertThat(counts.snapshot()).containsExactlyInAnyOrder(new VersionCount("r1", "svc1", 2, 3, 2),
                new VersionCount("r1", "svc1", 1, 2, 0));

        counts.follow(snapshot("r2", 5));
        assertThat(counts.snapshot()).containsExactlyInAnyOrder(new VersionCount("r2", "svc1", 2, 0, 0),
                new VersionCount("r2", "svc1", 1, 0, 0));
        counts.follow(SnapshotCompiler.compile(2, List.of(BASELINE)));
        assertThat(counts.snapshot()).isEmpty();
    }

    private static EdgeSnapshot snapshot(List<RolloutCandidate> rollouts) {
        return SnapshotCompiler.compile(1, List.of(BASELINE), List.of(), rollouts, EdgeSnapshot.EMPTY);
    }

    private static ExchangeRecord record(int version, int status) {
        return new ExchangeRecord(0, "127.0.0.1", "GET", "example.com", "/", "HTTP/1.1", "svc1", version, Environment.PRODUCTION, "b",
                status, 0, 0, -1, 0, null, null, 1, 2, 3, new DefaultHttpHeaders(), null);
    }
}
