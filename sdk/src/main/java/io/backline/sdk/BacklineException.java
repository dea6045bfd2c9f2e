package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Every failure of a call: {@link ApiException} when the API answered with an error status,
 * {@link ApiConnectionException} when no answer came. Unchecked, as stripe-java's are.
 */
public abstract class BacklineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String request;

    BacklineException(String message, String request, @Nullable Throwable cause) {
        super(message, cause);
        this.request = request;
    }

    /** The call that failed, as {@code METHOD URL} (the token is never part of it). */
    public String request() {
        return request;
    }
}
