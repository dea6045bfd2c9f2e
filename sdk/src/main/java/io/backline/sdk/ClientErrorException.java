package io.backline.sdk;

import org.jspecify.annotations.Nullable;

/** A 4xx answer: the request was wrong for the API; retrying it unchanged does not help (429 aside). */
public class ClientErrorException extends ApiException {
    private static final long serialVersionUID = 1L;

    ClientErrorException(int status, String msg, @Nullable String detail, RateLimit rateLimit, String request, String body) {
        super(status, msg, detail, rateLimit, request, body);
    }
}
