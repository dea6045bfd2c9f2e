package io.backline.sdk.models.operations;

import java.net.http.HttpResponse;

/** What every operation's response carries besides its typed body. */
public abstract class OperationResponse {
    private final HttpResponse<byte[]> rawResponse;

    protected OperationResponse(HttpResponse<byte[]> rawResponse) {
        this.rawResponse = rawResponse;
    }

    /** The HTTP status (200 for every success this API answers). */
    public int statusCode() {
        return rawResponse.statusCode();
    }

    /** The answer's {@code Content-Type}, empty when it had none. */
    public String contentType() {
        return rawResponse.headers().firstValue("Content-Type").orElse("");
    }

    /** The answer as received: headers (rate limits, {@code Link}) and body bytes. */
    public HttpResponse<byte[]> rawResponse() {
        return rawResponse;
    }

    /** True when the answer links a next page ({@code Link: <…>; rel="next"}), as paged lists do. */
    public boolean hasNextPage() {
        for (var link : rawResponse.headers().allValues("Link")) {
            for (var part : link.split(",")) {
                if (part.replace(" ", "").contains("rel=\"next\"")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[status=" + statusCode() + ", " + rawResponse.request().method() + " " + rawResponse.uri() + "]";
    }
}
