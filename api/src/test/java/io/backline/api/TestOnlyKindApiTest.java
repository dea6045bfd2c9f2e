package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.condition.StandardKinds;
import io.backline.model.Field;
import io.backline.model.ObjectKind;
import io.backline.model.PlainRules;
import io.backline.model.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A kind declared once, with its schema and nothing else, is served like the standard ones:
 * routes under a version, the clone, the diff, the details and the edge feed all come from the
 * registry the server was started with.
 */
class TestOnlyKindApiTest {
    /** The whole declaration of the test-only kind: its schema, and one registry entry below. */
    private static final class GadgetSchema {
        private static final Schema.Builder B = Schema.builder("gadget", "Gadget");
        static final Field<String> NAME = B.add(Field.text("name").required());
        static final Field<String> COLOUR = B.add(Field.text("colour"));
        static final Schema SCHEMA = B.build();
    }

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withKinds(
            StandardKinds.KINDS.plus(ObjectKind.servedAtEdges(PlainRules.of(GadgetSchema.SCHEMA))));

    @Test
    void aKindDeclaredOnceGetsCreateListGetUpdateAndDeleteUnderAVersion() {
        var sid = api.createService("gadgets-crud");
        var base = "/service/" + sid + "/version/1/gadget";

        var created = api.post(base, ApiHarness.form("name", "knob", "colour", "red")).ok().json();
        assertThat(created.path("name").asText()).isEqualTo("knob");
        assertThat(created.path("colour").asText()).isEqualTo("red");
        assertThat(names(api.get(base).ok().json())).containsExactly("knob");
        assertThat(api.get(base + "/knob").ok().json().path("colour").asText()).isEqualTo("red");

        api.put(base + "/knob", ApiHarness.form("colour", "blue")).ok();
        assertThat(api.get(base + "/knob").ok().json().path("colour").asText()).isEqualTo("blue");

        api.delete(base + "/knob").ok();
        api.get(base + "/knob").status(404);
        assertThat(names(api.get(base).ok().json())).isEmpty();
    }

    @Test
    void aKindDeclaredOnceIsValidatedByItsSchema() {
        var sid = api.createService("gadgets-invalid");
        var reply = api.post("/service/" + sid + "/version/1/gadget", ApiHarness.form("colour", "red")).status(400);
        assertThat(reply.body()).contains("name");
    }

    @Test
    void aKindDeclaredOnceIsClonedDiffedAndShownInTheDetails() {
        var sid = api.createService("gadgets-clone");
        api.post("/service/" + sid + "/version/1/gadget", ApiHarness.form("name", "knob", "colour", "red")).ok();

        var clone = api.put("/service/" + sid + "/version/1/clone").ok().json().path("number").asInt();
        assertThat(clone).isEqualTo(2);
        var version2 = "/service/" + sid + "/version/2/gadget";
        assertThat(api.get(version2 + "/knob").ok().json().path("colour").asText()).isEqualTo("red");

        api.put(version2 + "/knob", ApiHarness.form("colour", "green")).ok();
        api.post(version2, ApiHarness.form("name", "dial")).ok();
        var changes = api.get("/service/" + sid + "/diff/from/1/to/2").ok().json().path("changes");
        var gadgetChanges = new ArrayList<String>();
        changes.forEach(change -> {
            if (change.path("kind").asText().equals("gadget")) {
                gadgetChanges.add(change.path("change").asText() + " " + change.path("name").asText());
            }
        });
        assertThat(gadgetChanges).containsExactlyInAnyOrder("changed knob", "added dial");

        var details = api.get("/service/" + sid + "/details?version=2").ok().json();
        assertThat(names(details.path("version").path("gadgets"))).containsExactly("knob", "dial");
    }

    @Test
    void aKindDeclaredOnceIsFedToEdges() {
        var sid = api.createService("gadgets-edge");
        var base = "/service/" + sid + "/version/1/";
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.post(base + "domain", ApiHarness.form("name", "gadgets.example")).ok();
        api.post(base + "gadget", ApiHarness.form("name", "knob", "colour", "red")).ok();
        api.put(base + "activate").ok();

        var answer = api.post("/_backline/edge/sync", ApiHarness.form("edge_id", "gadget-edge", "wait_seconds", "0")).ok().json();
        JsonNode fed = null;
        for (var service : answer.path("changed")) {
            if (service.path("service_id").asText().equals(sid)) {
                fed = service;
            }
        }
        assertThat(fed).as("the service in the edge feed: %s", answer).isNotNull();
        assertThat(names(fed.path("gadget"))).containsExactly("knob");
        assertThat(fed.path("gadget").get(0).path("colour").asText()).isEqualTo("red");
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
