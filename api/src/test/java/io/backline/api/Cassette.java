package io.backline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One of go-fastly's go-vcr cassettes (test resources {@code go-fastly-fixtures/}): each interaction
 * is the request go-fastly's encoder sent and the answer Fastly gave.
 */
record Cassette(String name, List<Cassette.Interaction> interactions) {
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * @param target the path and query, as sent
     * @param body the form body as sent, byte for byte (go-fastly's health-check headers keep raw quotes)
     */
    record Interaction(String method, String target, String body, @Nullable String contentType, int code, String answer) {}

    static Cassette load(String name) {
        var resource = "/go-fastly-fixtures/" + name + ".yaml";
        try (var in = Cassette.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("cassette: " + resource + " (expected: a file under api/src/test/resources)");
            }
            var root = YAML.readTree(in);
            var interactions = new ArrayList<Interaction>();
            for (var item : root.path("interactions")) {
                var request = item.path("request");
                var response = item.path("response");
                var url = request.path("url").asText();
                var target = url.substring(url.indexOf('/', url.indexOf("//") + 2));
                interactions.add(new Interaction(request.path("method").asText(), target, request.path("body").asText(""),
                        first(request.path("headers").path("Content-Type")), response.path("code").asInt(),
                        response.path("body").asText("")));
            }
            return new Cassette(name, List.copyOf(interactions));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static @Nullable String first(JsonNode values) {
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : values.isTextual() ? values.asText() : null;
    }

    Interaction only() {
        if (interactions.size() != 1) {
            throw new IllegalStateException(name + ": " + interactions.size() + " interactions (expected: 1)");
        }
        return interactions.getFirst();
    }
}
