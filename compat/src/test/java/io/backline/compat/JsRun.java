package io.backline.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** What the npm client saw for each step of a {@link JsPlan}. */
record JsRun(ArrayNode steps, ProcessResult process) {

    /** The result of the step with this id; fails with the whole run when the step did not run. */
    JsStep step(String id) {
        for (JsonNode step : steps) {
            if (id.equals(step.path("id").asText())) {
                return new JsStep(step);
            }
        }
        throw new AssertionError("step '" + id + "' did not run:\n" + process.describe());
    }

    /**
     * One step's result: {@code ok}, the HTTP {@code status}, {@code data} as the client deserialised it,
     * the raw JSON {@code body}, the {@code Link} header and the {@code request} the client sent.
     */
    record JsStep(JsonNode json) {

        boolean ok() {
            return json.path("ok").asBoolean();
        }

        int status() {
            return json.path("status").asInt(-1);
        }

        JsonNode data() {
            return json.path("data");
        }

        JsonNode body() {
            return json.path("body");
        }

        String link() {
            return json.path("link").asText("");
        }

        JsonNode request() {
            return json.path("request");
        }

        @Override
        public String toString() {
            return json.toPrettyString();
        }
    }
}
