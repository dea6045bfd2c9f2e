package io.backline.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A sequence of npm-client operations, each named {@code Api.operation} as in the client's {@code dist/api}
 * (e.g. {@code BackendApi.createBackend}) with the options object it takes.
 */
final class JsPlan {

    /** The default token name: the server's admin token. */
    static final String ADMIN = "admin";
    /** The token name of a {@code global:read} token. */
    static final String READER = "reader";
    /** Sends no {@code Fastly-Key} header at all. */
    static final String NO_TOKEN = "none";

    private record Step(String id, String api, String op, String token, Map<String, ?> args) {
    }

    private final List<Step> steps = new ArrayList<>();

    /** Adds a step that uses the admin token. */
    JsPlan step(String id, String api, String op, Map<String, ?> args) {
        return step(id, api, op, ADMIN, args);
    }

    /** Adds a step that uses the named token ({@link #ADMIN}, {@link #READER}, {@link #NO_TOKEN}). */
    JsPlan step(String id, String api, String op, String token, Map<String, ?> args) {
        steps.add(new Step(id, api, op, token, args));
        return this;
    }

    /** A value taken from an earlier step's result, e.g. {@code ref("svc.data.id")}. */
    static Map<String, String> ref(String path) {
        return Map.of("$ref", path);
    }

    /** The names of the tokens the steps use, except {@link #NO_TOKEN}. */
    Set<String> tokenNames() {
        Set<String> names = new TreeSet<>();
        steps.forEach(step -> names.add(step.token()));
        names.remove(NO_TOKEN);
        return names;
    }

    ArrayNode toJson() {
        ArrayNode array = BacklineApi.JSON.createArrayNode();
        for (Step step : steps) {
            ObjectNode node = array.addObject();
            node.put("id", step.id());
            node.put("api", step.api());
            node.put("op", step.op());
            node.put("token", step.token());
            node.set("args", BacklineApi.JSON.valueToTree(step.args()));
        }
        return array;
    }
}
