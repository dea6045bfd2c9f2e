package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code fastly service create|list|describe|search|update|delete} against a real server. */
class CliServiceCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void serviceCreatePrintsTheIdAndApiStoresNameCommentAndType() {
        String name = unique("cli service");
        ProcessResult created = backline.cli().run("service", "create", "--name", name, "--comment", "made by the CLI",
                "--type", "vcl");

        String id = FastlyCli.createdServiceId(created);
        JsonNode service = backline.api().getOk("/service/" + id);
        assertThat(service.path("id").asText()).as(created.describe()).isEqualTo(id);
        assertThat(service.path("name").asText()).isEqualTo(name);
        assertThat(service.path("comment").asText()).isEqualTo("made by the CLI");
        assertThat(service.path("type").asText()).isEqualTo("vcl");
        assertThat(service.path("versions")).as("versions of %s", service).hasSize(1);
        JsonNode first = service.path("versions").path(0);
        assertThat(first.path("number").asInt()).isEqualTo(1);
        assertThat(first.path("active").isBoolean() && !first.path("active").asBoolean()).as("%s", first).isTrue();
        assertThat(first.path("locked").isBoolean() && !first.path("locked").asBoolean()).as("%s", first).isTrue();
    }

    @Test
    void serviceCreateWithTypeWasmStoresAComputeService() {
        String name = unique("cli wasm");
        String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", name, "--type", "wasm"));

        JsonNode service = backline.api().getOk("/service/" + id);
        assertThat(service.path("type").asText()).as("%s", service).isEqualTo("wasm");
        assertThat(service.path("name").asText()).isEqualTo(name);
    }

    @Test
    void serviceListShowsEveryServiceAcrossMoreThanOnePage() throws JsonProcessingException {
        BacklineApi api = backline.api();
        String prefix = unique("paged");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            ids.add(api.createService(prefix + " #" + i));
        }
        ApiResponse firstPage = api.get("/service?page=1&per_page=100");
        assertThat(firstPage.status()).as(firstPage.describe()).isEqualTo(200);
        assertThat(firstPage.header("Link")).as("the Link header of a first page that is not the last")
                .contains("rel=\"next\"").contains("rel=\"last\"").contains("page=2");

        ProcessResult table = backline.cli().run("service", "list");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as("the CLI follows the Link header (100 per page)").contains(ids);

        ProcessResult json = backline.cli().run("service", "list", "--per-page", "7", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        Set<String> listed = new HashSet<>();
        for (JsonNode item : BacklineApi.JSON.readTree(json.stdout())) {
            assertThat(listed.add(item.path("ServiceID").asText())).as("listed twice: %s", item).isTrue();
        }
        assertThat(listed).as("every service across pages of 7").containsAll(ids);
        int total = countAllServices(api);
        assertThat(listed).as("the CLI lists exactly what the API holds").hasSize(total);
    }

    @Test
    void serviceListWithPageStartsAtThatPageAndFollowsTheRest() {
        BacklineApi api = backline.api();
        for (int i = 0; i < 5; i++) {
            api.createService(unique("page"));
        }
        List<String> expected = new ArrayList<>();
        for (int page = 2; page < 1000; page++) {
            ApiResponse response = api.get("/service?direction=ascend&page=" + page + "&per_page=2&sort=created");
            BacklineApi.ok(response).forEach(item -> expected.add(item.path("id").asText()));
            if (!response.header("Link").contains("rel=\"next\"")) {
                break;
            }
        }

        // CLI 16.1.0 starts at --page and then follows the Link header to the last page.
        ProcessResult pages = backline.cli().run("service", "list", "--per-page", "2", "--page", "2");

        assertThat(pages.exitCode()).as(pages.describe()).isZero();
        List<String> listed = pages.stdout().lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> line.split("\\s{2,}")[1]).toList();
        assertThat(listed).as(pages.describe()).containsExactlyElementsOf(expected);
        assertThat(listed).as("everything but the first page of 2").hasSize(countAllServices(api) - 2);
    }

    @Test
    void serviceListShowsTheActiveVersionOrNa() {
        BacklineApi api = backline.api();
        String inactive = api.createService(unique("inactive"));
        String active = api.createService(unique("active"));
        api.createBackend(active, 1, "origin", "origin.example.com");
        api.activate(active, 1);

        ProcessResult table = backline.cli().run("service", "list");

        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(row(table, inactive)).as(table.describe()).containsPattern("\\bn/a\\b");
        assertThat(row(table, active)).as(table.describe()).containsPattern("\\bvcl\\s+1\\s");
    }

    @Test
    void serviceDescribePrintsTheServiceAndItsVersions() throws JsonProcessingException {
        String name = unique("describe me");
        String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", name,
                "--comment", "described"));

        ProcessResult text = backline.cli().run("service", "describe", "-s", id);
        assertThat(text.exitCode()).as(text.describe()).isZero();
        assertThat(text.stdout()).contains("ID: " + id, "Name: " + name, "Type: vcl", "Comment: described",
                "Versions: 1", "Number: 1", "Active: false");

        ProcessResult json = backline.cli().run("service", "describe", "--service-name", name, "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        JsonNode described = BacklineApi.JSON.readTree(json.stdout());
        assertThat(described.path("ServiceID").asText()).as(json.describe()).isEqualTo(id);
        assertThat(described.path("Name").asText()).isEqualTo(name);
        assertThat(described.path("Comment").asText()).isEqualTo("described");
        assertThat(described.path("Versions").path(0).path("Number").asInt()).isEqualTo(1);
    }

    @Test
    void serviceSearchFindsTheServiceByItsExactName() {
        String name = unique("search for me");
        String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", name));
        backline.api().createService(name + " but longer");

        ProcessResult found = backline.cli().run("service", "search", "--name", name);

        assertThat(found.exitCode()).as(found.describe()).isZero();
        assertThat(found.stdout()).contains("ID: " + id, "Name: " + name);
        JsonNode searched = backline.api().getOk("/service/search?name=" + BacklineApi.segment(name));
        assertThat(searched.path("id").asText()).isEqualTo(id);
    }

    @Test
    void serviceUpdateChangesNameAndCommentInTheApi() {
        String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", unique("before"),
                "--comment", "old"));
        String renamed = unique("after");

        ProcessResult updated = backline.cli().run("service", "update", "-s", id, "--name", renamed,
                "--comment", "new comment");

        assertThat(updated.exitCode()).as(updated.describe()).isZero();
        assertThat(updated.stdout()).contains("SUCCESS: Updated service " + id);
        JsonNode service = backline.api().getOk("/service/" + id);
        assertThat(service.path("name").asText()).as("%s", service).isEqualTo(renamed);
        assertThat(service.path("comment").asText()).isEqualTo("new comment");
    }

    @Test
    void serviceUpdateByServiceNameFindsTheServiceThroughTheList() {
        String name = unique("by name");
        String id = backline.api().createService(name);

        ProcessResult updated = backline.cli().run("service", "update", "--service-name", name, "--comment", "found");

        assertThat(updated.exitCode()).as(updated.describe()).isZero();
        assertThat(backline.api().getOk("/service/" + id).path("comment").asText()).isEqualTo("found");
    }

    @Test
    void serviceDeleteRemovesAnInactiveService() {
        String id = FastlyCli.createdServiceId(backline.cli().run("service", "create", "--name", unique("doomed")));

        ProcessResult deleted = backline.cli().run("service", "delete", "-s", id);

        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(deleted.stdout()).contains("SUCCESS: Deleted service ID " + id);
        ApiResponse gone = backline.api().get("/service/" + id);
        assertThat(gone.status()).as(gone.describe()).isEqualTo(404);
        assertThat(gone.json().path("msg").asText()).isEqualTo("Record not found");
        ProcessResult list = backline.cli().run("service", "list");
        assertThat(list.stdout()).as(list.describe()).doesNotContain(id);
    }

    @Test
    void serviceDeleteRefusesAnActiveServiceUntilForced() {
        BacklineApi api = backline.api();
        String id = api.createService(unique("active doomed"));
        api.createBackend(id, 1, "origin", "origin.example.com");
        api.activate(id, 1);

        ProcessResult refused = backline.cli().run("service", "delete", "-s", id);
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).as(refused.describe()).contains("400").contains("Bad Request")
                .contains("fastly service delete --force");
        assertThat(api.get("/service/" + id).status()).as("still there after a refused delete").isEqualTo(200);
        assertThat(api.version(id, 1).path("active").asBoolean()).isTrue();

        ProcessResult forced = backline.cli().run("service", "delete", "-s", id, "--force");
        assertThat(forced.exitCode()).as(forced.describe()).isZero();
        assertThat(forced.stdout()).contains("SUCCESS: Deleted service ID " + id);
        ApiResponse gone = api.get("/service/" + id);
        assertThat(gone.status()).as(gone.describe()).isEqualTo(404);
        ApiResponse again = api.delete("/service/" + id);
        assertThat(again.status()).as("a second delete: " + again.describe()).isIn(400, 404);
    }

    private static int countAllServices(BacklineApi api) {
        int total = 0;
        for (int page = 1; ; page++) {
            ApiResponse response = api.get("/service?page=" + page + "&per_page=100");
            JsonNode items = BacklineApi.ok(response);
            total += items.size();
            if (!response.header("Link").contains("rel=\"next\"")) {
                return total;
            }
            assertThat(page).as("pagination never ends: " + response.describe()).isLessThan(1000);
        }
    }

    private static String row(ProcessResult table, String serviceId) {
        return table.stdout().lines().filter(line -> line.contains(serviceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + serviceId + ":\n" + table.describe()));
    }
}
