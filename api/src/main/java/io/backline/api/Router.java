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

    /** What a route asks of its caller's token, and whether it is charged as a write. */
    enum Access {
        /** Needs no token (health and the CLI's OpenID bootstrap). */
        PUBLIC,
        /** Any valid token, read-only ones included; not charged to the write budget. */
        READ,
        /** A token with write scope; charged to the write budget before it runs. */
        WRITE,
        /** Any valid token, whatever its scopes (a token asking about itself). */
        SELF,
        /** A token that may purge by surrogate key or URL ({@code purge_select} or {@code global}); not charged. */
        PURGE_SELECT,
        /** A token that may purge a whole service ({@code purge_all} or {@code global}); not charged. */
        PURGE_ALL
    }

    /**
     * @param body the schema the route reads its body with ({@link Call#changes()}), or null when
     *     it reads none
     */
    record Route(String method, List<String> segments, @Nullable Schema body, Handler handler, Access access) {

        /** The pattern as it was added, e.g. {@code service/{sid}/version/{v}/backend}. */
        String pattern() {
            return String.join("/", segments);
        }
    }

    /** A matched route and its decoded path parameters. */
    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    /** A route that needs a token: {@link Access#READ} for GET, {@link Access#WRITE} for every other method. */
    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), null, handler, byMethod(method)));
        return this;
    }

    /** A route whose body holds the fields of {@code body}; its handler reads them by {@link Call#changes()}. */
    Router add(String method, String pattern, Schema body, Handler handler) {
        routes.add(new Route(method, split(pattern), body, handler, byMethod(method)));
        return this;
    }

    /** A POST that changes no configuration (the edge feed): any token may call it, and it is not charged. */
    Router addRead(String method, String pattern, Schema body, Handler handler) {
        routes.add(new Route(method, split(pattern), body, handler, Access.READ));
        return this;
    }

    /** A route any valid token may call, whatever its scopes. */
    Router addSelf(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), null, handler, Access.SELF));
        return this;
    }

    /**
     * A purge route: {@code access} is {@link Access#PURGE_SELECT} or {@link Access#PURGE_ALL}. Its
     * last segment may be {@code {name...}}, which takes the rest of the path, undecoded (a URL to
     * purge keeps its own escapes).
     */
    Router addPurge(String method, String pattern, Access access, Handler handler) {
        if (access != Access.PURGE_SELECT && access != Access.PURGE_ALL) {
            throw new IllegalArgumentException("access: " + access + " (expected: PURGE_SELECT or PURGE_ALL)");
        }
        routes.add(new Route(method, split(pattern), null, handler, access));
        return this;
    }

    /** A route that needs no token (health and the CLI's OpenID bootstrap). */
    Router addPublic(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), null, handler, Access.PUBLIC));
        return this;
    }

    /** A GET reads, whatever it names; HEAD is matched as GET, so it reads too. */
    private static Access byMethod(String method) {
        return method.equals("GET") ? Access.READ : Access.WRITE;
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
                return new Match(route, decodeAll(params, tailName(route.segments())));
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
        var tail = tailName(pattern);
        if (tail == null ? pattern.size() != path.size() : path.size() < pattern.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.size(); i++) {
            var expected = pattern.get(i);
            var actual = path.get(i);
            if (tail != null && i == pattern.size() - 1) {
                var rest = String.join("/", path.subList(i, path.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                params = params == null ? new HashMap<>(4) : params;
                params.put(tail, rest);
                break;
            }
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

    /** The name of a last {@code {name...}} segment, which takes the rest of the path; null without one. */
    private static @Nullable String tailName(List<String> pattern) {
        var last = pattern.getLast();
        return last.startsWith("{") && last.endsWith("...}") ? last.substring(1, last.length() - 4) : null;
    }

    private static Map<String, String> decodeAll(Map<String, String> raw, @Nullable String tail) {
        var decoded = new HashMap<String, String>(raw.size() * 2);
        raw.forEach((key, value) -> decoded.put(key, key.equals(tail) ? PathCodec.refuseNul("path", value) : PathCodec.decode(value)));
        return decoded;
    }

    private static List<String> split(String path) {
        var trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }
}
