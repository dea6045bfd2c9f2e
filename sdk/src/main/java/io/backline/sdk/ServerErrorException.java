package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** A 5xx answer, after the retries an idempotent call gets. */
public final class ServerErrorException extends ApiException {
    private static final long serialVersionUID = 1L;

    ServerErrorException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
