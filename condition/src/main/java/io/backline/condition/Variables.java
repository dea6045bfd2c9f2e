package io.backline.condition;

import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The variables each condition type can see, with their types. REQUEST conditions see the
 * request and the client; CACHE adds {@code beresp.*}, RESPONSE adds {@code resp.*}.
 */
final class Variables {
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9_\\-]+(:[A-Za-z0-9_\\-]+)?");
    private static final Pattern BACKEND_HEALTH = Pattern.compile("backend\\.([A-Za-z0-9_\\-]+)\\.healthy");

    private static final Map<String, ValueType> REQUEST = Map.ofEntries(
            Map.entry("req.url", ValueType.STRING),
            Map.entry("req.url.path", ValueType.STRING),
            Map.entry("req.url.qs", ValueType.STRING),
            Map.entry("req.url.ext", ValueType.STRING),
            Map.entry("req.url.basename", ValueType.STRING),
            Map.entry("req.url.dirname", ValueType.STRING),
            Map.entry("req.method", ValueType.STRING),
            Map.entry("req.request", ValueType.STRING),
            Map.entry("req.proto", ValueType.STRING),
            Map.entry("req.is_ssl", ValueType.BOOL),
            Map.entry("req.restarts", ValueType.NUMBER),
            Map.entry("req.backend.healthy", ValueType.BOOL),
            Map.entry("client.ip", ValueType.IP));
    private static final Map<String, ValueType> CACHE = Map.of("beresp.status", ValueType.NUMBER);
    private static final Map<String, ValueType> RESPONSE = Map.of("resp.status", ValueType.NUMBER);
    private static final Map<String, ValueType> PREFETCH =
            Map.of("req.backend.is_origin", ValueType.BOOL, "req.backend.is_shield", ValueType.BOOL);

    private Variables() {}

    /** The type of a variable this condition type can see, or null when it cannot see it. */
    static @Nullable ValueType lookup(String name, ConditionType type) {
        var known = REQUEST.get(name);
        if (known != null) {
            return known;
        }
        if (name.startsWith("req.http.") && HEADER.matcher(name.substring(9)).matches()) {
            return ValueType.STRING;
        }
        if (BACKEND_HEALTH.matcher(name).matches()) {
            return ValueType.BOOL;
        }
        return switch (type) {
            case REQUEST -> null;
            case CACHE -> name.startsWith("beresp.http.") ? ValueType.STRING : CACHE.get(name);
            case RESPONSE -> name.startsWith("resp.http.") ? ValueType.STRING : RESPONSE.get(name);
            case PREFETCH -> PREFETCH.get(name);
        };
    }

    /** The type of condition that can see a variable, for a helpful refusal. */
    static @Nullable ConditionType whereVisible(String name) {
        for (var type : new ConditionType[] {ConditionType.CACHE, ConditionType.RESPONSE, ConditionType.PREFETCH}) {
            if (lookup(name, type) != null) {
                return type;
            }
        }
        return null;
    }
}
