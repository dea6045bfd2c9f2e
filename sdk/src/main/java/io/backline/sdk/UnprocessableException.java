package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 422: The state forbids the change, such as a write to a locked version. */
public final class UnprocessableException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    UnprocessableException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
