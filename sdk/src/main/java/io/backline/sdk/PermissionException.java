package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 403: The token may not do this (a global:read token writing, for instance). */
public final class PermissionException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    PermissionException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
