package io.backline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.PlainRules;
import io.backline.wire.Shapes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HTTP adapter of the HTTP/3 flag: {@code GET} (404 while off), {@code POST} (enable; a second
 * enable is a 400, as Fastly's is) and {@code DELETE} (disable, {@code {"status":"ok"}} even when it
 * was off: Terraform disables it on every new service). Stored and reported only: Backline's edge
 * does not speak HTTP/3 (docs/edge.md).
 */
final class Http3Handlers {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final SingletonService singletons;

    Http3Handlers(SingletonService singletons) {
        this.singletons = singletons;
    }

    void register(Router router) {
        var rules = PlainRules.HTTP3;
        var path = "service/{sid}/version/{v}/" + rules.schema().kind();
        router.add("GET", path, call -> {
                    var id = call.serviceId();
                    var version = call.version();
                    return ApiResponse.ok(shape(singletons.read(rules, id, version).orElseThrow(() -> ConfigException.notFound(
                            "http3: not enabled on version " + version + " of service '" + id + "' (expected: POST to enable it)"))));
                })
                .add("POST", path, rules.schema(), call -> {
                    var id = call.serviceId();
                    var version = call.version();
                    return ApiResponse.ok(shape(singletons.enable(rules, id, version, call.changes())));
                })
                .add("DELETE", path, call -> {
                    singletons.disable(rules, call.serviceId(), call.version());
                    return ApiResponse.ok(Shapes.ok());
                });
    }

    /** Fastly's shape: the flag's fields and timestamps, an {@code id} and {@code feature_update_available}. */
    private static ObjectNode shape(ConfigObject flag) {
        var node = Shapes.singleton(flag);
        node.put("feature_update_available", false);
        node.put("id", id(flag));
        return node;
    }

    /**
     * A 22-character id like Fastly's, derived from the service and version so that every read of
     * one flag answers the same id without storing one.
     */
    static String id(ConfigObject flag) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((flag.serviceId().value() + "/" + flag.version() + "/http3").getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        var id = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            id.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
        }
        return id.toString();
    }
}
