package io.backline.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-request settings: the timeout of each attempt and how often an idempotent call is retried
 * on 429 and 5xx. The client has defaults ({@link #defaults()}); a call can override them.
 *
 * <pre>{@code
 * client.backend().getBackend(request, RequestOptions.builder().timeout(Duration.ofSeconds(5)).noRetries().build());
 * }</pre>
 */
public final class RequestOptions {
    private static final RequestOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RequestOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.maxRetries = builder.maxRetries;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
    }

    /** 30 s per attempt, 2 retries, backoff from 0.5 s doubling up to 8 s (a rate-limit reset within 60 s is waited for). */
    public static RequestOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().timeout(timeout).maxRetries(maxRetries).backoff(initialBackoff, maxBackoff);
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public String toString() {
        return "RequestOptions[timeout=" + timeout + ", maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff + "]";
    }

    /** Builds a {@link RequestOptions}; every setting has a default. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(8);

        private Builder() {}

        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /** Retries after the first attempt, for idempotent calls only; 0 turns retrying off. */
        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more: " + value);
            }
            this.maxRetries = value;
            return this;
        }

        public Builder noRetries() {
            return maxRetries(0);
        }

        /** The wait before the first retry and the most any wait grows to (each doubles, with jitter). */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= initial <= max: " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
