package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Version settings ({@code …/version/{v}/settings}) and the HTTP/3 flag ({@code …/version/{v}/http3}) on a real server. */
class SettingsApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String settings(String sid, int version) {
        return "/service/" + sid + "/version/" + version + "/settings";
    }

    private static String http3(String sid, int version) {
        return "/service/" + sid + "/version/" + version + "/http3";
    }

    @Test
    void aNewVersionAnswersFastlysDefaultSettingsWithItsServiceAndVersion() {
        var sid = api.createService("settings defaults");

        var body = api.get(settings(sid, 1)).ok().json();

        assertThat(names(body)).containsExactlyInAnyOrder("general.default_host", "general.default_ttl", "general.stale_if_error",
                "general.stale_if_error_ttl", "general.default_pci", "service_id", "version");
        assertThat(body.path("general.default_ttl").isInt()).isTrue();
        assertThat(body.path("general.default_ttl").asInt()).isEqualTo(3600);
        assertThat(body.path("general.stale_if_error").isBoolean()).isTrue();
        assertThat(body.path("general.stale_if_error").asBoolean()).isFalse();
        assertThat(body.path("general.stale_if_error_ttl").asInt()).isEqualTo(43200);
        assertThat(body.path("general.default_host").asText()).isEmpty();
        assertThat(body.path("service_id").asText()).isEqualTo(sid);
        assertThat(body.path("version").isInt()).isTrue();
    }

    @Test
    void putChangesOnlyTheFieldsSentAndTheNextReadAnswersThem() {
        var sid = api.createService("settings put");

        // What go-fastly's UpdateSettings sends for the provider: every field, the booleans as true/false.
        var put = api.put(settings(sid, 1), "general.default_host=origin.example.com&general.default_ttl=1800"
                + "&general.stale_if_error=true&general.stale_if_error_ttl=57600").ok().json();
        api.put(settings(sid, 1), form("general.default_ttl", "60")).ok();

        assertThat(put.path("general.default_ttl").asInt()).isEqualTo(1800);
        var read = api.get(settings(sid, 1)).ok().json();
        assertThat(read.path("general.default_ttl").asInt()).isEqualTo(60);
        assertThat(read.path("general.default_host").asText()).isEqualTo("origin.example.com");
        assertThat(read.path("general.stale_if_error").asBoolean()).isTrue();
        assertThat(read.path("general.stale_if_error_ttl").asInt()).isEqualTo(57600);
    }

    @Test
    void refusesANegativeTtlOrABadHostWithADetailNamingTheField() {
        var sid = api.createService("settings bad");

        var ttl = api.put(settings(sid, 1), form("general.default_ttl", "-1")).status(400).json();
        var staleTtl = api.put(settings(sid, 1), form("general.stale_if_error_ttl", "-5")).status(400).json();
        var host = api.put(settings(sid, 1), form("general.default_host", "not a host")).status(400).json();

        assertThat(ttl.path("detail").asText()).startsWith("general.default_ttl: -1 is out of range");
        assertThat(staleTtl.path("detail").asText()).startsWith("general.stale_if_error_ttl: -5 is out of range");
        assertThat(host.path("detail").asText()).startsWith("general.default_host: 'not a host'");
        assertThat(api.get(settings(sid, 1)).ok().json().path("general.default_ttl").asInt()).isEqualTo(3600);
    }

    @Test
    void settingsAreClonedLockedWithTheirVersionAndShownInTheDiffAndDetails() {
        var sid = api.createService("settings versioned");
        api.put(settings(sid, 1), form("general.default_ttl", "120", "general.default_host", "a.example.com")).ok();
        api.put("/service/" + sid + "/version/1/lock").ok();

        api.put("/service/" + sid + "/version/1/clone").ok();
        var locked = api.put(settings(sid, 1), form("general.default_ttl", "5")).status(422);
        api.put(settings(sid, 2), form("general.default_ttl", "300")).ok();

        assertThat(locked.json().path("msg").asText()).isEqualTo("Version locked");
        assertThat(api.get(settings(sid, 1)).ok().json().path("general.default_ttl").asInt()).isEqualTo(120);
        var clone = api.get(settings(sid, 2)).ok().json();
        assertThat(clone.path("general.default_ttl").asInt()).isEqualTo(300);
        assertThat(clone.path("general.default_host").asText()).isEqualTo("a.example.com");
        var changes = api.get("/service/" + sid + "/diff/from/1/to/2").ok().json().path("changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("kind").asText()).isEqualTo("settings");
        assertThat(changes.get(0).path("change").asText()).isEqualTo("changed");
        assertThat(changes.get(0).path("fields").get(0).path("field").asText()).isEqualTo("general.default_ttl");
        assertThat(changes.get(0).path("fields").get(0).path("from").asInt()).isEqualTo(120);
        var details = api.get("/service/" + sid + "/details?version=2").ok().json().path("version");
        assertThat(details.path("settings").path("general.default_ttl").asInt()).isEqualTo(300);
        assertThat(details.has("settingss")).isFalse();
        assertThat(details.has("http3s")).isFalse();
    }

    @Test
    void aDiffOfDefaultsAgainstWrittenDefaultsIsEmpty() {
        var sid = api.createService("settings same");
        api.put("/service/" + sid + "/version/1/clone").ok();
        api.put(settings(sid, 2), form("general.default_ttl", "3600")).ok();

        assertThat(api.get("/service/" + sid + "/diff/from/1/to/2").ok().json().path("changes")).isEmpty();
    }

    @Test
    void anUnknownServiceOrVersionIsA404() {
        var sid = api.createService("settings missing");

        assertThat(api.get(settings("nosuchservice000000000", 1)).status(404).json().path("detail").asText()).contains("nosuchservice");
        assertThat(api.get(settings(sid, 9)).status(404).json().path("detail").asText()).contains("number => 9");
        api.put(settings(sid, 9), form("general.default_ttl", "1")).status(404);
    }

    @Test
    void http3IsOffUntilEnabledAndDisablingWhatIsOffSucceeds() {
        var sid = api.createService("http3 flag");

        var off = api.get(http3(sid, 1)).status(404).json();
        // Terraform disables HTTP/3 on every new service (fastly/block_fastly_service_settings.go).
        var disabled = api.delete(http3(sid, 1)).ok().json();
        var enabled = api.post(http3(sid, 1), "feature_revision=1").ok().json();
        var again = api.post(http3(sid, 1), "feature_revision=1").status(400).json();
        var read = api.get(http3(sid, 1)).ok().json();

        assertThat(off.path("msg").isTextual()).isTrue();
        assertThat(off.path("detail").asText()).startsWith("http3: not enabled");
        assertThat(disabled.path("status").asText()).isEqualTo("ok");
        assertThat(names(enabled)).contains("feature_revision", "feature_update_available", "id", "service_id", "version", "created_at",
                "updated_at");
        assertThat(enabled.path("feature_revision").asInt()).isEqualTo(1);
        assertThat(enabled.path("feature_update_available").isBoolean()).isTrue();
        assertThat(enabled.path("id").asText()).hasSize(22);
        assertThat(again.path("detail").asText()).startsWith("http3: already enabled");
        assertThat(read.path("id").asText()).isEqualTo(enabled.path("id").asText());
        assertThat(api.delete(http3(sid, 1)).ok().json().path("status").asText()).isEqualTo("ok");
        api.get(http3(sid, 1)).status(404);
    }

    @Test
    void http3IsClonedAndLockedWithItsVersion() {
        var sid = api.createService("http3 versioned");
        api.post(http3(sid, 1), "feature_revision=1").ok();
        api.put("/service/" + sid + "/version/1/activate").ok();

        api.put("/service/" + sid + "/version/1/clone").ok();
        var locked = api.delete(http3(sid, 1)).status(422);
        api.delete(http3(sid, 2)).ok();

        assertThat(locked.json().path("msg").asText()).isEqualTo("Version locked");
        api.get(http3(sid, 1)).ok();
        api.get(http3(sid, 2)).status(404);
        var changes = api.get("/service/" + sid + "/diff/from/1/to/2").ok().json().path("changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("kind").asText()).isEqualTo("http3");
        assertThat(changes.get(0).path("change").asText()).isEqualTo("removed");
    }

    private static List<String> names(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
