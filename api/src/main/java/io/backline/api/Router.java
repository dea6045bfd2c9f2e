package io.backline.api;

import io.backline.model.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Matches a method and a raw path against route patterns such as
 * {@code service/{sid}/version/{v}/backend/{name}}. The raw path is split on {@code /} first and
 * each segment decoded after, so Fastly names containing {@code /} ({@code %2F}) stay one segment.
 * Literal segments win over parameters because routes are tried in the order they were added.
 */
final class Router {
    /** What a route does with a call. */
    interface Handler {
        ApiResponse handle(Call call);
    }

    /**
     * @param body the schema the route reads its body with ({@link Call#changes()}), or null when
     *     it reads none
     * @param public_ needs no token
     * @param write counts as a write (rate limit, read-only tokens refused) when its method is not GET
     */
    record Route(String method, List<String> segments, @Nullable Schema body, Handler handler, boolean public_, boolean write) {

        /** The pattern as it was added, e.g. {@code service/{sid}/version/{v}/backend}. */
        String pattern() {
            return String.join("/", segments);
        }
    }

    /** A matched route and its decoded path parameters. */
    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), null, handler, false, true));
        return this;
    }

    /** A route whose body holds the fields of {@code body}; its handler reads them by {@link Call#changes()}. */
    Router add(String method, String pattern, Schema body, Handler handler) {
        routes.add(new Route(method, split(pattern), body, handler, false, true));
        return this;
    }

    /** A POST that changes no configuration (the edge feed): any token may call it, and it is not charged. */
    Router addRead(String method, String pattern, Schema body, Handler handler) {
        routes.add(new Route(method, split(pattern), body, handler, false, false));
        return this;
    }

    /** A route that needs no token (health and the CLI's OpenID bootstrap). */
    Router addPublic(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), null, handler, true, false));
        return this;
    }

    /** Every route, in the order they are tried. */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route for this request, or an {@link ApiException}: {@code NO_ROUTE} when no pattern
     * matches the path, {@code METHOD_NOT_ALLOWED} when one matches with another method.
     */
    Match match(String method, String rawPath) {
        var segments = split(rawPath);
        boolean pathMatched = false;
        for (var route : routes) {
            var params = bind(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, decodeAll(params));
            }
            pathMatched = true;
        }
        if (pathMatched) {
            throw new ApiException(ApiException.Kind.METHOD_NOT_ALLOWED, method + " is not allowed on " + rawPath);
        }
        // Fastly's 404s carry msg and detail; clients print the detail.
        throw new ApiException(ApiException.Kind.NO_ROUTE, "path: '" + (rawPath.length() > 200 ? rawPath.substring(0, 200) + "…" : rawPath)
                + "' (expected: a route of the Fastly API that Backline serves; docs/compatibility.md lists them)");
    }

    private static @Nullable Map<String, String> bind(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.size(); i++) {
            var expected = pattern.get(i);
            var actual = path.get(i);
            if (expected.startsWith("{")) {
                if (actual.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static Map<String, String> decodeAll(Map<String, String> raw) {
        var decoded = new HashMap<String, String>(raw.size() * 2);
        raw.forEach((key, value) -> decoded.put(key, PathCodec.decode(value)));
        return decoded;
    }

    private static List<String> split(String path) {
        var trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }
}
