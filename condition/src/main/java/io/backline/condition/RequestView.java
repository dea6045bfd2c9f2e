package io.backline.condition;

import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * What a compiled condition reads of a request. The edge implements it over its request object;
 * tests and {@code explain} implement it over a described request. URL parts have defaults
 * computed from {@link #url()}; an implementation may cache them.
 */
public interface RequestView {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The request target as received: path and query, e.g. {@code /a/b.png?x=1}. */
    String url();

    /** E.g. {@code HTTP/1.1}. */
    String proto();

    boolean isSsl();

    /** A request header by case-insensitive name, or null when the request has none. */
    @Nullable String header(String name);

    String clientIp();

    default int restarts() {
        return 0;
    }

    /** Whether the backend selected so far is healthy ({@code req.backend.healthy}). */
    boolean backendHealthy();

    /** Whether the named backend is healthy ({@code backend.<name>.healthy}). */
    boolean backendHealthy(String name);

    /** {@code randombool(numerator, denominator)}: true with that probability. */
    default boolean randomBool(double numerator, double denominator) {
        if (denominator <= 0) {
            return false;
        }
        return ThreadLocalRandom.current().nextDouble() * denominator < numerator;
    }

    /**
     * The status of the response sent ({@code resp.status} in RESPONSE conditions, such as a
     * logging endpoint's {@code response_condition}); 0 while a request is routed.
     */
    default int responseStatus() {
        return 0;
    }

    /** A response header by case-insensitive name ({@code resp.http.*}), or null; null while a request is routed. */
    default @Nullable String responseHeader(String name) {
        return null;
    }

    default String path() {
        var url = url();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    default String query() {
        var url = url();
        int q = url.indexOf('?');
        return q < 0 ? "" : url.substring(q + 1);
    }
}
