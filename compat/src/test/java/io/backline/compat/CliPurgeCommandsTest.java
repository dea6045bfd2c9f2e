package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fastly purge} (issue 17) with the real CLI: {@code --all}, {@code --key} (which CLI 16.1.0
 * sends as a batch of one in a {@code Surrogate-Key} header and reads back from the key-to-id map),
 * {@code --soft}, {@code --file} and {@code --url} (which it sends as {@code POST /purge/https://HOST/PATH}).
 * Each purge is checked where edge nodes read it: the edge feed's purges after the last one seen.
 */
class CliPurgeCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @TempDir
    Path dir;

    @Test
    void purgeAllPurgesTheWholeService() {
        String sid = backline.api().createService(unique("purge all"));
        long before = lastPurge();

        assertSucceeded(backline.cli().run("purge", "--all", "-s", sid), "Purge all status: ok");

        assertThat(purgesAfter(before)).singleElement().satisfies(purge -> {
            assertThat(purge.path("service_id").asText()).isEqualTo(sid);
            assertThat(purge.path("kind").asText()).isEqualTo("all");
        });
    }

    @Test
    void purgeKeyPurgesOneKeyAndSoftMakesItSoft() {
        String sid = backline.api().createService(unique("purge key"));
        long before = lastPurge();

        ProcessResult hard = backline.cli().run("purge", "--key", "product-42", "-s", sid);
        ProcessResult soft = backline.cli().run("purge", "--key", "product-43", "--soft", "-s", sid);

        assertThat(hard.exitCode()).as(hard.describe()).isZero();
        assertThat(hard.stdout()).as(hard.describe()).contains("product-42").containsPattern("[0-9]+-[0-9]{10}-1");
        assertThat(soft.exitCode()).as(soft.describe()).isZero();
        List<JsonNode> purges = purgesAfter(before);
        assertThat(purges).extracting(purge -> purge.path("keys").get(0).asText() + " soft=" + purge.path("soft").asBoolean())
                .containsExactly("product-42 soft=false", "product-43 soft=true");
    }

    @Test
    void purgeFilePurgesEveryKeyInOneBatch() throws Exception {
        String sid = backline.api().createService(unique("purge file"));
        Path keys = Files.writeString(dir.resolve("keys.txt"), "alpha\nbeta\ngamma\n");
        long before = lastPurge();

        ProcessResult result = backline.cli().run("purge", "--file", keys.toString(), "-s", sid);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).containsPattern("(?m)^alpha\\s+[0-9]+-").containsPattern("(?m)^gamma\\s+[0-9]+-");
        assertThat(purgesAfter(before)).singleElement().satisfies(purge ->
                assertThat(purge.path("keys")).extracting(JsonNode::asText).containsExactly("alpha", "beta", "gamma"));
    }

    @Test
    void purgeUrlPurgesTheObjectOfTheServiceWhoseDomainIsTheHost() {
        String domain = unique("purge-url").replace(' ', '-') + ".example.com";
        String sid = activeService(domain);
        long before = lastPurge();

        assertSucceeded(backline.cli().run("purge", "--url", "https://" + domain + "/images/a.png?w=10", "-s", sid),
                "Purged URL: https://" + domain + "/images/a.png?w=10 (soft: false). Status: ok, ID: ");
        assertSucceeded(backline.cli().run("purge", "--url", "https://" + domain + "/b", "--soft", "-s", sid),
                "Purged URL: https://" + domain + "/b (soft: true). Status: ok, ID: ");

        List<JsonNode> purges = purgesAfter(before);
        assertThat(purges).extracting(purge -> purge.path("service_id").asText() + " " + purge.path("host").asText()
                + purge.path("path").asText() + " " + purge.path("soft").asBoolean())
                .containsExactly(sid + " " + domain + "/images/a.png?w=10 false", sid + " " + domain + "/b true");
    }

    @Test
    void aPurgeSelectTokenPurgesKeysButNotAll() {
        String sid = backline.api().createService(unique("purge scopes"));
        FastlyCli purger = backline.cli().withToken(backline.server().createToken("purge_select"));

        ProcessResult key = purger.run("purge", "--key", "k", "-s", sid);
        ProcessResult all = purger.run("purge", "--all", "-s", sid);

        assertThat(key.exitCode()).as(key.describe()).isZero();
        assertThat(all.exitCode()).as(all.describe()).isNotZero();
        assertThat(all.output()).as(all.describe()).contains("403");
    }

    private static String activeService(String domain) {
        BacklineApi api = backline.api();
        String sid = api.createService(unique("purge url service"));
        api.createBackend(sid, 1, "origin", "origin.example.com");
        api.createDomain(sid, 1, domain);
        api.activate(sid, 1);
        return sid;
    }

    /** The last purge sequence, as a new edge learns it from the feed. */
    static long lastPurge() {
        JsonNode answer = BacklineApi.ok(backline.api().post("/_backline/edge/sync",
                BacklineApi.form("edge_id", "compat-probe", "serving", "", "wait_seconds", "0")));
        return answer.path("purged").asLong();
    }

    /** The purges after {@code seq}, as an edge that applied {@code seq} receives them. */
    static List<JsonNode> purgesAfter(long seq) {
        JsonNode answer = BacklineApi.ok(backline.api().post("/_backline/edge/sync",
                BacklineApi.form("edge_id", "compat-probe", "serving", "", "purged", Long.toString(seq), "wait_seconds", "0")));
        List<JsonNode> purges = new ArrayList<>();
        answer.path("purges").forEach(purges::add);
        return purges;
    }
}
