package io.backline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.model.InputValue;
import io.backline.store.PurgeRecord;
import io.backline.wire.EdgeFeedPurges;
import io.backline.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fastly's purge API, as go-fastly, the Fastly CLI and the npm client call it:
 * <ul>
 * <li>{@code POST /service/{sid}/purge_all} answers {@code {"status":"ok"}} ({@code purge_all} scope);
 * <li>{@code POST /service/{sid}/purge/{key}} answers {@code {"status":"ok","id":"…"}};
 * <li>{@code POST /service/{sid}/purge} with keys in a space-separated {@code Surrogate-Key} header or a
 * JSON body {@code {"surrogate_keys":[…]}} (at most 256) answers each key with its purge id;
 * <li>{@code POST /purge/{url}} with the URL as {@code HOST/PATH} (Fastly's reference) or
 * {@code https://HOST/PATH} (what go-fastly and the CLI send) answers {@code {"status":"ok","id":"…"}}.
 * </ul>
 * {@code Fastly-Soft-Purge: 1} makes a key or URL purge soft. A purge id is {@code SEQ-EPOCH-N}: the
 * purge log's sequence, the second it was accepted, and the key's place in the batch.
 */
final class PurgeHandlers {
    /** Fastly's limit on one surrogate key. */
    static final int MAX_KEY_BYTES = 1024;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+(:[0-9]{1,5})?");
    private static final Pattern SCHEME = Pattern.compile("(?i)https?://");

    private final PurgeService purges;

    PurgeHandlers(PurgeService purges) {
        this.purges = purges;
    }

    void register(Router router) {
        router.addPurge("POST", "service/{sid}/purge_all", Router.Access.PURGE_ALL, this::purgeAll)
                .addPurge("POST", "service/{sid}/purge/{key}", Router.Access.PURGE_SELECT, this::purgeKey)
                .addPurge("POST", "service/{sid}/purge", Router.Access.PURGE_SELECT, this::purgeKeys)
                .addPurge("POST", "purge/{url...}", Router.Access.PURGE_SELECT, this::purgeUrl);
    }

    private ApiResponse purgeAll(Call call) {
        purges.purgeAll(call.serviceId());
        return ApiResponse.ok(status());
    }

    private ApiResponse purgeKey(Call call) {
        var id = call.serviceId();
        var key = key(call.param("key"));
        var logged = purges.purgeKeys(id, List.of(key), soft(call));
        var node = status();
        node.put("id", purgeId(logged, 0));
        return ApiResponse.ok(node);
    }

    private ApiResponse purgeKeys(Call call) {
        var id = call.serviceId();
        var keys = new LinkedHashSet<String>();
        var header = call.header("surrogate-key");
        if (header != null) {
            for (var key : header.strip().split("\\s+")) {
                if (!key.isEmpty()) {
                    keys.add(key(key));
                }
            }
        }
        for (var value : call.body().get("surrogate_keys")) {
            if (!(value instanceof InputValue.Array array)) {
                throw ConfigException.invalid("surrogate_keys: " + value.describe() + " (expected: an array of surrogate keys)");
            }
            for (var item : array.items()) {
                if (!(item instanceof InputValue.Text text)) {
                    throw ConfigException.invalid("surrogate_keys: " + item.describe() + " (expected: surrogate keys as strings)");
                }
                keys.add(key(text.text()));
            }
        }
        if (keys.isEmpty()) {
            throw ConfigException.invalid("surrogate_keys: none (expected: 1 to " + EdgeFeedPurges.MAX_KEYS
                    + " keys in a space-separated Surrogate-Key header or a JSON body {\"surrogate_keys\":[…]})");
        }
        if (keys.size() > EdgeFeedPurges.MAX_KEYS) {
            throw ConfigException.invalid("surrogate_keys: " + keys.size() + " keys (expected: at most "
                    + EdgeFeedPurges.MAX_KEYS + " in one purge; send the rest in another)");
        }
        var ordered = List.copyOf(keys);
        var logged = purges.purgeKeys(id, ordered, soft(call));
        var node = Json.object();
        for (int i = 0; i < ordered.size(); i++) {
            node.put(ordered.get(i), purgeId(logged, i));
        }
        return ApiResponse.ok(node);
    }

    private ApiResponse purgeUrl(Call call) {
        var url = call.param("url");
        var scheme = SCHEME.matcher(url);
        var rest = scheme.lookingAt() ? url.substring(scheme.end()) : url;
        int slash = rest.indexOf('/');
        var host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            throw ConfigException.invalid("url: '" + shorten(url) + "' (expected: HOST/PATH or http(s)://HOST/PATH of a cached object)");
        }
        var path = slash < 0 ? "/" : rest.substring(slash);
        if (call.rawQuery() != null && !call.rawQuery().isEmpty()) {
            path = path + "?" + call.rawQuery();
        }
        var logged = purges.purgeUrl(host, path, soft(call), call.principal().visibility());
        var node = status();
        node.put("id", purgeId(logged.getFirst(), 0));
        return ApiResponse.ok(node);
    }

    /** {@code Fastly-Soft-Purge: 1} asks for a soft purge; any other value, or none, a hard one. */
    private static boolean soft(Call call) {
        var value = call.header("fastly-soft-purge");
        return value != null && value.strip().equals("1");
    }

    private static String key(String key) {
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES || key.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigException.invalid("surrogate_keys: '" + shorten(key) + "' (expected: keys of 1 to " + MAX_KEY_BYTES
                    + " bytes without spaces)");
        }
        return key;
    }

    private static String purgeId(PurgeRecord logged, int index) {
        return logged.seq() + "-" + logged.at().getEpochSecond() + "-" + (index + 1);
    }

    private static ObjectNode status() {
        var node = Json.object();
        node.put("status", "ok");
        return node;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
