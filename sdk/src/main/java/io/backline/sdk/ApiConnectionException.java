package io.backline.sdk;

/** No answer: the connection failed or an attempt timed out (after any retries). */
public final class ApiConnectionException extends BacklineException {
    private static final long serialVersionUID = 1L;

    ApiConnectionException(String message, String request, Throwable cause) {
        super(message + " (" + request + ")", request, cause);
    }
}
