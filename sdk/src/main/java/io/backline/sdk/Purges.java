package io.backline.sdk;

import io.backline.sdk.models.components.PurgeResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Purges, as Fastly's purge API takes them: everything of a service, by surrogate key (one, or a
 * batch of up to 256 in a {@code Surrogate-Key} header, as go-fastly sends them), or by URL. The
 * {@code soft} variants send {@code Fastly-Soft-Purge: 1}: the objects are marked stale rather than
 * removed. Reached through {@link Backline#purge()}; thread-safe. Purges are not retried: one that
 * failed on the way may still have happened, and purging twice is harmless but not free.
 *
 * <pre>{@code
 * client.purge().purgeAll(serviceId);
 * client.purge().softPurgeKey(serviceId, "product-42");
 * Map<String, String> ids = client.purge().purgeKeys(serviceId, List.of("a", "b"));
 * client.purge().purgeUrl("https://www.example.com/products/42");
 * }</pre>
 */
public final class Purges {
    private static final Map<String, String> SOFT = Map.of("Fastly-Soft-Purge", "1");
    private static final Pattern SCHEME = Pattern.compile("(?i)https?://");

    private final Transport transport;

    Purges(Transport transport) {
        this.transport = transport;
    }

    /** Purges every object of a service ({@code POST /service/{id}/purge_all}; never soft, as at Fastly). */
    public PurgeResponse purgeAll(String serviceId) {
        return purgeAll(serviceId, null);
    }

    /** {@link #purgeAll(String)} with options for this call only. */
    public PurgeResponse purgeAll(String serviceId, @Nullable RequestOptions options) {
        return response(call(List.of("service", serviceId, "purge_all")), null, Map.of(), options);
    }

    /** Removes the objects tagged with {@code key}. */
    public PurgeResponse purgeKey(String serviceId, String key) {
        return response(call(List.of("service", serviceId, "purge", key)), null, Map.of(), null);
    }

    /** Marks the objects tagged with {@code key} stale. */
    public PurgeResponse softPurgeKey(String serviceId, String key) {
        return response(call(List.of("service", serviceId, "purge", key)), null, SOFT, null);
    }

    /** Removes the objects tagged with any of {@code keys} (1 to 256); answers each key's purge id. */
    public Map<String, String> purgeKeys(String serviceId, List<String> keys) {
        return keys(serviceId, keys, Map.of());
    }

    /** Marks the objects tagged with any of {@code keys} (1 to 256) stale; answers each key's purge id. */
    public Map<String, String> softPurgeKeys(String serviceId, List<String> keys) {
        return keys(serviceId, keys, SOFT);
    }

    /**
     * Removes the object cached for a URL, written {@code https://HOST/PATH} or {@code HOST/PATH}; the
     * service is the one whose domain is the host.
     */
    public PurgeResponse purgeUrl(String url) {
        return response(call(List.of("purge")), target(url), Map.of(), null);
    }

    /** Marks the object cached for a URL stale (see {@link #purgeUrl}). */
    public PurgeResponse softPurgeUrl(String url) {
        return response(call(List.of("purge")), target(url), SOFT, null);
    }

    private Map<String, String> keys(String serviceId, List<String> keys, Map<String, String> soft) {
        var headers = new LinkedHashMap<>(soft);
        headers.put("Surrogate-Key", String.join(" ", keys));
        var raw = transport.send(call(List.of("service", serviceId, "purge")), null, headers, null);
        var ids = new LinkedHashMap<String, String>();
        Transport.json(raw).properties().forEach(entry -> ids.put(entry.getKey(), entry.getValue().asText()));
        return ids;
    }

    private PurgeResponse response(Transport.Call call, @Nullable String rawTarget, Map<String, String> headers,
            @Nullable RequestOptions options) {
        return new PurgeResponse(Transport.json(transport.send(call, rawTarget, headers, options)));
    }

    private static Transport.Call call(List<String> path) {
        return new Transport.Call("POST", path, Map.of(), null, false);
    }

    /** {@code /purge/HOST/PATH?QUERY}: the URL without its scheme, its escapes kept as written. */
    private static String target(String url) {
        var scheme = SCHEME.matcher(url);
        var rest = scheme.lookingAt() ? url.substring(scheme.end()) : url;
        if (rest.isEmpty() || rest.startsWith("/")) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: https://HOST/PATH or HOST/PATH)");
        }
        return "/purge/" + rest;
    }
}
