package io.backline.edge.proxy;

import static io.backline.edge.ProxyFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.BackendSettings;
import io.backline.edge.EdgeSnapshot;
import io.backline.edge.ProxyFixtures;
import io.backline.edge.select.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover policy as plain logic: candidates, the trail of failures, and the one replay of a request. */
class FailoverTest {
    private static final EdgeSnapshot SNAPSHOT = ProxyFixtures.snapshot(backend("a", 1001), backend("b", 1002), backend("c", 1003));

    private static BackendSettings settings(String name) {
        var service = SNAPSHOT.service(ProxyFixtures.SERVICE);
        assertThat(service).isNotNull();
        return service.backend(name).orElseThrow();
    }

    private static Failover pool(String... names) {
        return new Failover(new Selection(List.of(names).stream().map(FailoverTest::settings).toList(), null, "chosen", true));
    }

    private static Failover direct(String name) {
        return new Failover(new Selection(List.of(settings(name)), null, "direct", false));
    }

    @Test
    void aPooledSelectionMovesToTheNextCandidateAndRemembersWhy() {
        var failover = pool("a", "b", "c");
        assertThat(failover.current().name()).isEqualTo("a");

        assertThat(failover.failed("Connection refused")).isTrue();
        assertThat(failover.current().name()).isEqualTo("b");
        assertThat(failover.failed("backend.max_conn reached")).isTrue();

        assertThat(failover.current().name()).isEqualTo("c");
        assertThat(failover.trail()).isEqualTo("a: Connection refused; b: backend.max_conn reached");
        assertThat(failover.annotate("random pool member")).isEqualTo(
                "random pool member; failover: a: Connection refused; b: backend.max_conn reached");
    }

    @Test
    void theLastCandidateFailingEndsTheFailoverWithTheWholeTrail() {
        var failover = pool("a", "b");
        failover.failed("Connection refused");

        assertThat(failover.failed("Connection timed out")).isFalse();
        assertThat(failover.current().name()).as("the last tried stays current, for X-Backend").isEqualTo("b");
        assertThat(failover.trail()).isEqualTo("a: Connection refused; b: Connection timed out");
    }

    @Test
    void aDirectlySelectedBackendDoesNotFailOverNorKeepATrail() {
        var failover = direct("a");

        assertThat(failover.failed("Connection refused")).isFalse();
        assertThat(failover.current().name()).isEqualTo("a");
        assertThat(failover.trail()).isNull();
        assertThat(failover.annotate("direct")).isEqualTo("direct");
    }

    @Test
    void noReasonStaysNoReasonEvenAfterFailures() {
        var failover = pool("a", "b");
        failover.failed("Connection refused");

        assertThat(failover.annotate(null)).isNull();
    }

    @Test
    void aBodylessIdempotentRequestIsSentAgainOnceAfterAReusedConnectionCloses() {
        for (var method : List.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE")) {
            var failover = direct("a");
            assertThat(failover.sentAgain()).isFalse();

            assertThat(failover.reusedConnectionClosed(method, true, 0)).as(method).isEqualTo(Failover.Replay.SEND_AGAIN);
            assertThat(failover.sentAgain()).isTrue();
            assertThat(failover.reusedConnectionClosed(method, true, 0)).as(method).isEqualTo(Failover.Replay.ALREADY_SENT_AGAIN);
        }
    }

    @Test
    void methodsThatAreNotIdempotentAreNeverSentAgain() {
        for (var method : List.of("POST", "PATCH", "CONNECT", "PURGE")) {
            var failover = direct("a");

            assertThat(failover.reusedConnectionClosed(method, true, 0)).as(method).isEqualTo(Failover.Replay.NOT_IDEMPOTENT);
            assertThat(failover.sentAgain()).isFalse();
        }
        assertThat(Failover.Replay.NOT_IDEMPOTENT.explain("POST")).isEqualTo(
                "the origin closed a reused connection without answering; POST is not idempotent, so it is not sent again");
    }

    @Test
    void anIdempotentRequestWithABodyOrNotReadWholeIsNotSentAgain() {
        var failover = direct("a");

        assertThat(failover.reusedConnectionClosed("PUT", true, 12)).isEqualTo(Failover.Replay.BODY_NOT_REPLAYABLE);
        assertThat(failover.reusedConnectionClosed("GET", false, 0)).isEqualTo(Failover.Replay.BODY_NOT_REPLAYABLE);
        assertThat(failover.sentAgain()).isFalse();
        assertThat(Failover.Replay.BODY_NOT_REPLAYABLE.explain("PUT")).isEqualTo(
                "the origin closed a reused connection without answering; PUT with a streamed body cannot be replayed, so it is not"
                        + " sent again");
    }
}
