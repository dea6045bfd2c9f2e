package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 404: The service, version or object does not exist (or the token may not see it). */
public final class NotFoundException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    NotFoundException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
