package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 409: An object with that name already exists in the version. */
public final class ConflictException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    ConflictException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
