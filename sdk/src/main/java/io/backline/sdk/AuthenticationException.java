package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 401: The token is missing, unknown or revoked. */
public final class AuthenticationException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    AuthenticationException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
