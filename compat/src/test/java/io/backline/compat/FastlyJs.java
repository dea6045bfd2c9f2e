package io.backline.compat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real npm {@code fastly} client, run by {@code src/test/node/fastly-js-plan.cjs} with its base URL
 * rewritten to a Backline server.
 *
 * <pre>{@code
 * JsRun run = js.run(new JsPlan()
 *         .step("svc", "ServiceApi", "createService", Map.of("name", "a b"))
 *         .step("get", "ServiceApi", "getService", Map.of("service_id", JsPlan.ref("svc.data.id"))));
 * run.step("get").data().path("name")
 * }</pre>
 */
final class FastlyJs {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String node;
    private final Path script;
    private final Path npmPrefix;
    private final URI api;
    private final UnaryOperator<String> tokens;
    private final Path workDir;

    /** {@code tokens} turns a token name of a plan ({@link JsPlan#ADMIN}, ...) into its secret. */
    FastlyJs(String node, Path script, Path npmPrefix, URI api, UnaryOperator<String> tokens, Path workDir) {
        this.node = node;
        this.script = script;
        this.npmPrefix = npmPrefix;
        this.api = api;
        this.tokens = tokens;
        this.workDir = workDir;
    }

    /** Runs every step of the plan in order and returns what the client saw for each. */
    JsRun run(JsPlan plan) {
        ObjectNode input = BacklineApi.JSON.createObjectNode();
        input.put("baseUrl", api.toString());
        ObjectNode tokenNode = input.putObject("tokens");
        plan.tokenNames().forEach(name -> tokenNode.put(name, tokens.apply(name)));
        input.set("steps", plan.toJson());
        ProcessResult result;
        try {
            result = ProcessRunner.run(List.of(node, script.toString(), npmPrefix.toString()), workDir,
                    env -> env.keySet().removeIf(name -> name.startsWith("FASTLY_")),
                    BacklineApi.JSON.writeValueAsString(input), TIMEOUT);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (!result.succeeded()) {
            throw new AssertionError("the fastly-js plan failed to run:\n" + result.describe());
        }
        try {
            JsonNode steps = BacklineApi.JSON.readTree(result.stdout());
            if (!(steps instanceof ArrayNode array)) {
                throw new AssertionError("expected a JSON array from the plan:\n" + result.describe());
            }
            return new JsRun(array, result);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the fastly-js plan printed no JSON:\n" + result.describe(), e);
        }
    }
}
