package io.backline.edge.proxy;

import io.backline.edge.BackendSettings;
import io.backline.edge.select.Selection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The policy for one request's way to an origin, as plain logic: the candidates the selector chose,
 * which one is being tried, the failures so far, and whether the request may go again.
 *
 * <ul>
 *   <li>A candidate that cannot be connected to (refused, timed out, {@code max_conn} reached)
 *       hands over to the next only in a pooled selection (the auto-load-balanced pool, a
 *       director); a directly selected backend's failure is the answer. The failures so far are
 *       the trail in the 503's body and in {@code X-Backend-Reason} ({@code "; failover: ..."}).
 *   <li>A reused connection the origin closed before answering (its idle timeout raced ours) is
 *       sent again once, on a new connection, when that is harmless: the method is idempotent
 *       (RFC 9110 §9.2.2) and the request had no body and was read whole.
 * </ul>
 *
 * <p>One per request, confined to its event loop.
 */
final class Failover {
    /** The methods RFC 9110 §9.2.2 calls idempotent: only these are sent again after a reused connection breaks. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    /** What to do when a reused connection closed before the origin sent a byte. */
    enum Replay {
        /** Send the request again, on a new connection. */
        SEND_AGAIN,
        /** Sent again once already: the failure is the answer. */
        ALREADY_SENT_AGAIN,
        NOT_IDEMPOTENT,
        /** An idempotent method whose body was streamed (or not yet read whole): it is gone. */
        BODY_NOT_REPLAYABLE;

        /** Why the request is not sent again, for the 503's body. */
        String explain(String method) {
            var why = this == NOT_IDEMPOTENT ? method + " is not idempotent" : method + " with a streamed body cannot be replayed";
            return "the origin closed a reused connection without answering; " + why + ", so it is not sent again";
        }
    }

    private final List<BackendSettings> candidates;
    private final boolean pooled;
    private int index;
    private @Nullable StringBuilder trail;
    private boolean sentAgain;

    Failover(Selection selection) {
        if (selection.candidates().isEmpty()) {
            throw new IllegalArgumentException("selection: " + selection + " (expected: at least one candidate)");
        }
        this.candidates = selection.candidates();
        this.pooled = selection.pooled();
    }

    /** The candidate being tried. */
    BackendSettings current() {
        return candidates.get(index);
    }

    /** Whether a failed candidate hands over to the next; false for a directly selected backend. */
    boolean pooled() {
        return pooled;
    }

    /**
     * The current candidate failed before the request went out. In a pooled selection the failure
     * joins the trail; true when another candidate is now current and should be tried.
     */
    boolean failed(String reason) {
        if (!pooled) {
            return false;
        }
        var failures = trail == null ? new StringBuilder() : trail.append("; ");
        trail = failures.append(current().name()).append(": ").append(reason);
        if (index + 1 >= candidates.size()) {
            return false;
        }
        index++;
        return true;
    }

    /** The failures so far, {@code "name: reason; name: reason"}, or null when none. */
    @Nullable String trail() {
        return trail == null ? null : trail.toString();
    }

    /** The selection's reason with the failover trail appended, as X-Backend-Reason shows it. */
    @Nullable String annotate(@Nullable String reason) {
        if (reason == null || trail == null) {
            return reason;
        }
        return reason + "; failover: " + trail;
    }

    /** Whether the request is on its second try: a new connection then, never a pooled one. */
    boolean sentAgain() {
        return sentAgain;
    }

    /**
     * The decision after a reused connection closed before the origin answered. {@link Replay#SEND_AGAIN}
     * counts as the one replay.
     *
     * @param method the request method, as on the request line
     * @param requestComplete the request was read whole
     * @param bodyBytes request body bytes read so far
     */
    Replay reusedConnectionClosed(String method, boolean requestComplete, long bodyBytes) {
        if (sentAgain) {
            return Replay.ALREADY_SENT_AGAIN;
        }
        if (!IDEMPOTENT.contains(method)) {
            return Replay.NOT_IDEMPOTENT;
        }
        if (!requestComplete || bodyBytes > 0) {
            return Replay.BODY_NOT_REPLAYABLE;
        }
        sentAgain = true;
        return Replay.SEND_AGAIN;
    }
}
