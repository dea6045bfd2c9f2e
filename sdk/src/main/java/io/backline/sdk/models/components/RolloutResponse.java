package io.backline.sdk.models.components;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A staged rollout as the API answers it ({@code GET /service/{id}/rollout}; docs/rollout.md): the
 * candidate {@link #version()} and the {@link #fromVersion()} it replaces, the steps and where it
 * stands, its state, and each side's requests and errors.
 *
 * <pre>{@code
 * RolloutResponse rollout = client.rollout().get(serviceId);
 * if (rollout.running()) {
 *     System.out.printf("step %d at %d %%: candidate %.4f, baseline %.4f%n", rollout.stepIndex(), rollout.percent(),
 *             rollout.candidate().stepErrorRatio(), rollout.baseline().stepErrorRatio());
 * }
 * }</pre>
 */
public final class RolloutResponse extends JsonResponse {
    public RolloutResponse(JsonNode json) {
        super(json);
    }

    /** {@code id}, the rollout's id. */
    public @Nullable String id() {
        return text("id");
    }

    /** {@code service_id}. */
    public @Nullable String serviceId() {
        return text("service_id");
    }

    /** {@code version}: the candidate. */
    public @Nullable Integer version() {
        return integer("version");
    }

    /** {@code from_version}: the version active when the rollout started (the baseline). */
    public @Nullable Integer fromVersion() {
        return integer("from_version");
    }

    /** {@code steps}: the percentages of requests, ascending, ending at 100. */
    public List<Integer> steps() {
        var out = new ArrayList<Integer>();
        json().path("steps").forEach(step -> out.add(step.asInt()));
        return List.copyOf(out);
    }

    /** {@code step_index}: the current step, from 0. */
    public @Nullable Integer stepIndex() {
        return integer("step_index");
    }

    /** {@code percent}: the candidate's share of requests now. */
    public @Nullable Integer percent() {
        return integer("percent");
    }

    /** {@code state}: {@code running}, {@code promoted}, {@code rolled_back} or {@code aborted}. */
    public @Nullable String state() {
        return text("state");
    }

    /** Whether the rollout still runs (the service's activate and deactivate answer 409 meanwhile). */
    public boolean running() {
        return "running".equals(state());
    }

    /** {@code reason}: why it ended (for a rollback: the step, the two ratios and counts); null while it runs. */
    public @Nullable String reason() {
        var node = json().get("reason");
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.toString();
    }

    /** {@code started_at}. */
    public @Nullable Instant startedAt() {
        return instant("started_at");
    }

    /** {@code step_seconds}, {@code min_requests}: the least time and candidate answers at each step. */
    public @Nullable Integer stepSeconds() {
        return integer("step_seconds");
    }

    public @Nullable Integer minRequests() {
        return integer("min_requests");
    }

    /** {@code step_started_at}: when the current step began. */
    public @Nullable Instant stepStartedAt() {
        return instant("step_started_at");
    }

    /** {@code updated_at}. */
    public @Nullable Instant updatedAt() {
        return instant("updated_at");
    }

    /** The candidate's counts ({@code candidate}). */
    public Counts candidate() {
        return new Counts(json().path("candidate"));
    }

    /** The baseline's (the old version's) counts ({@code baseline}). */
    public Counts baseline() {
        return new Counts(json().path("baseline"));
    }

    /** One version's answers during the rollout: in the current step and in total; errors are 5xx, timeouts and failed connections. */
    public static final class Counts extends JsonResponse {
        Counts(JsonNode json) {
            super(json);
        }

        /** {@code version}. */
        public @Nullable Integer version() {
            return integer("version");
        }

        /** {@code requests}: answers in the current step. */
        public long stepRequests() {
            return json().path("requests").asLong();
        }

        /** {@code errors}: errors in the current step. */
        public long stepErrors() {
            return json().path("errors").asLong();
        }

        /** {@code error_ratio}: errors over requests in the current step; 0 before any request. */
        public double stepErrorRatio() {
            return json().path("error_ratio").asDouble();
        }

        /** {@code total_requests}: answers since the rollout started. */
        public long requests() {
            return json().path("total_requests").asLong();
        }

        /** {@code total_errors}: errors since the rollout started. */
        public long errors() {
            return json().path("total_errors").asLong();
        }
    }
}
