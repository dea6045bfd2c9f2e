package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.compat.JsRun.JsStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The npm {@code fastly} 13.0.0 client's {@code PurgeApi} (issue 17): {@code purgeAll}, {@code purgeTag}
 * (soft), {@code bulkPurgeTag} with a JSON body and with a {@code Surrogate-Key} header, and
 * {@code purgeSingleUrl}; each answer as the client's model reads it, and each purge as edge nodes
 * receive it from the feed.
 */
class FastlyJsPurgeTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void everyPurgeCallOfTheNpmClientWorksAndReachesTheFeed() {
        String domain = unique("js-purge").replace(' ', '-') + ".example.com";
        BacklineApi api = backline.api();
        String sid = api.createService(unique("js purge"));
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.createDomain(sid, 1, domain);
        api.activate(sid, 1);
        long before = feed(null).path("purged").asLong();

        JsRun run = backline.js().run(new JsPlan()
                .step("all", "PurgeApi", "purgeAll", Map.of("service_id", sid))
                .step("tag", "PurgeApi", "purgeTag", Map.of("service_id", sid, "surrogate_key", "js-key", "fastly_soft_purge", 1))
                .step("bulkBody", "PurgeApi", "bulkPurgeTag", Map.of("service_id", sid,
                        "purge_response", Map.of("surrogate_keys", List.of("a", "b"))))
                .step("bulkHeader", "PurgeApi", "bulkPurgeTag", Map.of("service_id", sid, "surrogate_key", "c d"))
                .step("url", "PurgeApi", "purgeSingleUrl", Map.of("cached_url", domain + "/page?x=1", "fastly_soft_purge", 1)));

        assertThat(ok(run.step("all")).data().path("status").asText()).isEqualTo("ok");
        JsStep tag = ok(run.step("tag"));
        assertThat(tag.data().path("status").asText()).isEqualTo("ok");
        assertThat(tag.data().path("id").asText()).matches("[0-9]+-[0-9]{10}-1");
        assertThat(fieldNames(ok(run.step("bulkBody")).data())).containsExactly("a", "b");
        assertThat(fieldNames(ok(run.step("bulkHeader")).data())).containsExactly("c", "d");
        assertThat(ok(run.step("url")).data().path("id").asText()).matches("[0-9]+-[0-9]{10}-1");

        List<String> delivered = new ArrayList<>();
        feed(before).path("purges").forEach(purge -> delivered.add(purge.path("kind").asText() + " " + purge.path("keys")
                + " " + purge.path("path").asText() + " " + purge.path("soft").asBoolean()));
        assertThat(delivered).containsExactly("all   false", "keys [\"js-key\"]  true", "keys [\"a\",\"b\"]  false",
                "keys [\"c\",\"d\"]  false", "url  /page?x=1 true");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The feed's answer to an edge that applied purge {@code seq} (null: a new edge, told the last sequence). */
    private static JsonNode feed(@Nullable Long seq) {
        return BacklineApi.ok(backline.api().post("/_backline/edge/sync", seq == null
                ? BacklineApi.form("edge_id", "js-probe", "serving", "", "wait_seconds", "0")
                : BacklineApi.form("edge_id", "js-probe", "serving", "", "purged", Long.toString(seq), "wait_seconds", "0")));
    }

    private static JsStep ok(JsStep step) {
        assertThat(step.ok()).as("%s", step).isTrue();
        return step;
    }
}
