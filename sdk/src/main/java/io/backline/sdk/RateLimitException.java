package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 429: The token's write budget is spent; rateLimit().reset() says when it refills. */
public final class RateLimitException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    RateLimitException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
