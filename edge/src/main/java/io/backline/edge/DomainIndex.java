package io.backline.edge;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Services by domain, for one listener. Exact names win over wildcards ({@code *.example.com}
 * matches one or more labels in front of {@code example.com}, the longest wildcard first). When two
 * services name one domain, the later in the list wins. Immutable once built.
 */
final class DomainIndex {
    private final Map<String, ServiceSnapshot> exact = new HashMap<>();
    private final Map<String, ServiceSnapshot> wildcard = new HashMap<>();

    DomainIndex(List<ServiceSnapshot> services) {
        for (var service : services) {
            for (var domain : service.domains()) {
                var name = normalise(domain);
                if (name.startsWith("*.")) {
                    wildcard.put(name.substring(2), service);
                } else {
                    exact.put(name, service);
                }
            }
        }
    }

    /** The service a Host header belongs to (port and case ignored), or null. */
    @Nullable ServiceSnapshot find(@Nullable String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        var name = normalise(stripPort(host));
        var found = exact.get(name);
        if (found != null || wildcard.isEmpty()) {
            return found;
        }
        int dot = name.indexOf('.');
        while (dot >= 0) {
            found = wildcard.get(name.substring(dot + 1));
            if (found != null) {
                return found;
            }
            dot = name.indexOf('.', dot + 1);
        }
        return null;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalise(String name) {
        var lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
