package io.backline.sdk.models.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The request of {@code rollout().start}: a staged rollout of {@code version} (Backline's own API,
 * {@code POST /service/{id}/rollout}; Fastly has none). Every setting but the service and the
 * version may be left out, and the server's default then applies: steps {@code 5,25,50,100}, 60 s
 * per step, 100 candidate requests per step, an error ratio of 0.01 and a margin over the baseline
 * of 0.005.
 *
 * <pre>{@code
 * var request = StartRolloutRequest.builder().serviceId(serviceId).version(5)
 *         .steps(List.of(10, 50, 100)).stepSeconds(30).minRequests(200).build();
 * }</pre>
 */
public final class StartRolloutRequest {
    private final String serviceId;
    private final int version;
    private final @Nullable List<Integer> steps;
    private final @Nullable Integer stepSeconds;
    private final @Nullable Integer minRequests;
    private final @Nullable Double maxErrorRatio;
    private final @Nullable Double baselineMargin;

    private StartRolloutRequest(Builder builder) {
        this.serviceId = Objects.requireNonNull(builder.serviceId, "serviceId is required");
        this.version = Objects.requireNonNull(builder.version, "version is required");
        this.steps = builder.steps;
        this.stepSeconds = builder.stepSeconds;
        this.minRequests = builder.minRequests;
        this.maxErrorRatio = builder.maxErrorRatio;
        this.baselineMargin = builder.baselineMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String serviceId() {
        return serviceId;
    }

    public int version() {
        return version;
    }

    /**
     * The form the API takes: the fields set, in the API's names ({@code steps} as {@code 5,25,50,100});
     * the server checks the values and names the field of one it refuses.
     */
    public Map<String, String> form() {
        var form = new LinkedHashMap<String, String>();
        form.put("version", Integer.toString(version));
        if (steps != null) {
            form.put("steps", steps.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (stepSeconds != null) {
            form.put("step_seconds", stepSeconds.toString());
        }
        if (minRequests != null) {
            form.put("min_requests", minRequests.toString());
        }
        if (maxErrorRatio != null) {
            form.put("max_error_ratio", maxErrorRatio.toString());
        }
        if (baselineMargin != null) {
            form.put("baseline_margin", baselineMargin.toString());
        }
        return form;
    }

    @Override
    public String toString() {
        return "StartRolloutRequest[serviceId=" + serviceId + ", " + form() + "]";
    }

    /** Builds a {@link StartRolloutRequest}; {@link #build()} refuses one without a service or a version. */
    public static final class Builder {
        private @Nullable String serviceId;
        private @Nullable Integer version;
        private @Nullable List<Integer> steps;
        private @Nullable Integer stepSeconds;
        private @Nullable Integer minRequests;
        private @Nullable Double maxErrorRatio;
        private @Nullable Double baselineMargin;

        private Builder() {}

        public Builder serviceId(String value) {
            this.serviceId = Objects.requireNonNull(value, "serviceId");
            return this;
        }

        /** The candidate: a version other than the active one, which must pass validation. */
        public Builder version(int value) {
            this.version = value;
            return this;
        }

        /** Percentages of requests, ascending, ending at 100. */
        public Builder steps(List<Integer> value) {
            this.steps = List.copyOf(value);
            return this;
        }

        /** Seconds at each step (1 or more). */
        public Builder stepSeconds(int value) {
            this.stepSeconds = value;
            return this;
        }

        /** Requests the candidate must have answered in a step before it may advance. */
        public Builder minRequests(int value) {
            this.minRequests = value;
            return this;
        }

        /** The candidate's error ratio above which a step may fail (0 to 1). */
        public Builder maxErrorRatio(double value) {
            this.maxErrorRatio = value;
            return this;
        }

        /** How far above the baseline's ratio in the same step the candidate's must be to fail (0 to 1). */
        public Builder baselineMargin(double value) {
            this.baselineMargin = value;
            return this;
        }

        public StartRolloutRequest build() {
            return new StartRolloutRequest(this);
        }
    }
}
