package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** 400: A value breaks a rule of its field; detail names the field and the rule. */
public final class BadRequestException extends ClientErrorException {
    private static final long serialVersionUID = 1L;

    BadRequestException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
