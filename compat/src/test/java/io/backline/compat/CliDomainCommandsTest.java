package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static io.backline.compat.CliConditionCommandsTest.assertFailed;
import static io.backline.compat.CliVersionCommandsTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly service domain create|list|describe|update|delete}, and the rule that an active domain belongs
 * to one service: activating another service's version with the same domain is refused.
 */
class CliDomainCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    static final List<String> DOMAIN_KEYS = List.of("name", "comment", "service_id", "version", "created_at",
            "updated_at", "deleted_at");

    @Test
    void domainCreateSendsEveryFlagAndTheApiStoresIt() throws JsonProcessingException {
        String name = unique("domain every flag");
        String sid = backline.api().createService(name);
        String domain = host("www");

        ProcessResult created = backline.cli().run("service", "domain", "create", "--service-name", name,
                "--version", "1", "--name", domain, "--comment", "the main site");

        assertSucceeded(created, "Created domain " + domain + " (service " + sid + " version 1)");
        JsonNode stored = BacklineApi.ok(domain(sid, 1, domain));
        assertThat(stored.fieldNames()).toIterable().as("%s", stored).containsAll(DOMAIN_KEYS);
        assertFields(stored, Map.of("name", domain, "comment", "the main site", "service_id", sid, "version", 1));
        assertThat(stored.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(stored.path("deleted_at").isNull()).isTrue();

        ProcessResult described = backline.cli().run("service", "domain", "describe", "-s", sid, "--version", "1",
                "--name", domain);
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("Service ID: " + sid, "Version: 1",
                "Name: " + domain, "Comment: the main site");

        ProcessResult json = backline.cli().run("service", "domain", "describe", "-s", sid, "--version", "1",
                "--name", domain, "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        JsonNode parsed = BacklineApi.JSON.readTree(json.stdout());
        assertThat(parsed.path("Name").asText()).as(json.describe()).isEqualTo(domain);
        assertThat(parsed.path("ServiceVersion").asInt()).isEqualTo(1);
    }

    @Test
    void domainListShowsEveryDomainOfTheVersion() throws JsonProcessingException {
        String sid = backline.api().createService(unique("domain list"));
        String www = host("www");
        String wildcard = "*." + host("wild");
        backline.api().createDomain(sid, 1, www);
        BacklineApi.ok(backline.api().post("/service/" + sid + "/version/1/domain",
                form("name", wildcard, "comment", "every sub-domain")));
        BacklineApi.ok(backline.api().put("/service/" + sid + "/version/1/clone"));

        ProcessResult table = backline.cli().run("service", "domain", "list", "-s", sid, "--version", "latest");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).as(table.describe())
                .containsPattern("SERVICE\\s+VERSION\\s+NAME\\s+COMMENT")
                .containsPattern(sid + "\\s+2\\s+" + www.replace(".", "\\."))
                .containsPattern(sid + "\\s+2\\s+\\*\\." + wildcard.substring(2).replace(".", "\\.")
                        + "\\s+every sub-domain");

        ProcessResult json = backline.cli().run("service", "domain", "list", "-s", sid, "--version", "2", "--json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        List<String> names = new ArrayList<>();
        BacklineApi.JSON.readTree(json.stdout()).forEach(item -> names.add(item.path("Name").asText()));
        assertThat(names).as(json.describe()).containsExactlyInAnyOrder(www, wildcard);
    }

    @Test
    void domainUpdateRenamesAndChangesTheComment() {
        String sid = backline.api().createService(unique("domain update"));
        String before = host("before");
        String after = host("after");
        backline.api().createDomain(sid, 1, before);

        assertSucceeded(backline.cli().run("service", "domain", "update", "-s", sid, "--version", "1",
                "--name", before, "--comment", "only a comment"), "Updated domain " + before);
        assertFields(BacklineApi.ok(domain(sid, 1, before)), Map.of("comment", "only a comment"));

        ProcessResult renamed = backline.cli().run("service", "domain", "update", "-s", sid, "--version", "1",
                "--name", before, "--new-name", after, "--comment", "renamed");

        assertSucceeded(renamed, "Updated domain " + after + " (service " + sid + " version 1)");
        assertThat(domain(sid, 1, before).status()).isEqualTo(404);
        assertFields(BacklineApi.ok(domain(sid, 1, after)), Map.of("name", after, "comment", "renamed"));
        assertThat(backline.api().names(sid, 1, "domain")).containsExactly(after);
    }

    @Test
    void domainDeleteRemovesIt() {
        String sid = backline.api().createService(unique("domain delete"));
        String keep = host("keep");
        String gone = host("gone");
        backline.api().createDomain(sid, 1, keep);
        backline.api().createDomain(sid, 1, gone);

        assertSucceeded(backline.cli().run("service", "domain", "delete", "-s", sid, "--version", "1", "--name", gone),
                "Deleted domain " + gone + " (service " + sid + " version 1)");
        assertThat(domain(sid, 1, gone).status()).isEqualTo(404);
        assertThat(backline.api().names(sid, 1, "domain")).containsExactly(keep);
    }

    @Test
    void domainWritesOnTheActiveVersionNeedAutoclone() {
        String sid = backline.api().createService(unique("domain autoclone"));
        String first = host("first");
        backline.api().createDomain(sid, 1, first);
        backline.api().activate(sid, 1);

        for (List<String> write : List.of(List.of("create", "--name", host("extra")),
                List.of("update", "--name", first, "--comment", "nope"), List.of("delete", "--name", first))) {
            List<String> args = new ArrayList<>(List.of("service", "domain"));
            args.addAll(write);
            args.addAll(List.of("-s", sid, "--version", "active"));
            assertFailed(backline.cli().run(args.toArray(String[]::new)), "service version 1 is locked", "--autoclone");
        }

        String second = host("second");
        assertSucceeded(backline.cli().run("service", "domain", "create", "-s", sid, "--version", "active",
                "--autoclone", "--name", second), "Created domain " + second + " (service " + sid + " version 2)");
        assertThat(backline.api().names(sid, 2, "domain")).containsExactlyInAnyOrder(first, second);
        assertThat(backline.api().names(sid, 1, "domain")).containsExactly(first);

        String base = "/service/" + sid + "/version/1/domain";
        for (ApiResponse locked : List.of(backline.api().post(base, form("name", host("late"))),
                backline.api().put(base + "/" + first, form("comment", "nope")),
                backline.api().delete(base + "/" + first))) {
            assertThat(locked.status()).as(locked.describe()).isEqualTo(422);
            assertFields(locked.json(), Map.of("msg", "Version locked"));
        }
    }

    @Test
    void domainDuplicatesUnknownNamesAndInvalidNamesAreReported() {
        String sid = backline.api().createService(unique("domain errors"));
        String one = host("one");
        String two = host("two");
        backline.api().createDomain(sid, 1, one);
        backline.api().createDomain(sid, 1, two);

        assertFailed(backline.cli().run("service", "domain", "create", "-s", sid, "--version", "1", "--name", one),
                "the Fastly API returned 409 Conflict: Duplicate record (Duplicate domain: '" + one + "')");
        assertFailed(backline.cli().run("service", "domain", "update", "-s", sid, "--version", "1", "--name", one,
                "--new-name", two), "409 Conflict", "Duplicate domain: '" + two + "'");
        for (List<String> command : List.of(List.of("describe"), List.of("update", "--comment", "x"),
                List.of("delete"))) {
            List<String> args = new ArrayList<>(List.of("service", "domain"));
            args.addAll(command);
            args.addAll(List.of("-s", sid, "--version", "1", "--name", "nowhere.example.com"));
            assertFailed(backline.cli().run(args.toArray(String[]::new)),
                    "the Fastly API returned 404 Not Found: Record not found (Couldn't find Domain",
                    "name => nowhere.example.com");
        }
        assertFailed(backline.cli().run("service", "domain", "create", "-s", sid, "--version", "1",
                "--name", "bad name:80"), "400 Bad Request", "name: 'bad name:80'");
        assertThat(backline.api().names(sid, 1, "domain")).containsExactlyInAnyOrder(one, two);
    }

    @Test
    void aDomainActiveInOneServiceCannotBeActivatedInAnother() {
        String shared = host("shared");
        String owner = serviceWithDomain("owner", shared);
        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", owner, "--version", "1"),
                "Activated service " + owner + " version 1");
        String other = serviceWithDomain("other", shared);

        ProcessResult refused = backline.cli().run("service", "version", "activate", "-s", other, "--version", "latest");

        assertFailed(refused, "the Fastly API returned 400 Bad Request: Bad request (Domain '" + shared
                + "' is served by the active version of service '" + owner + "'");
        JsonNode version = backline.api().version(other, 1);
        assertThat(version.path("active").asBoolean()).as("%s", version).isFalse();
        assertThat(version.path("locked").asBoolean()).as("a refused activation locks nothing: %s", version).isFalse();
        assertThat(backline.api().getOk("/service/" + other + "/details").path("active_version").isNull()).isTrue();

        ProcessResult upperCase = backline.cli().run("service", "version", "activate", "-s",
                serviceWithDomain("shouting", shared.toUpperCase(Locale.ROOT)), "--version", "1");
        assertFailed(upperCase, "400 Bad Request", "is served by the active version of service '" + owner + "'");

        // Once the owner stops serving it, the other service may take it, and then the owner may not.
        assertSucceeded(backline.cli().run("service", "version", "deactivate", "-s", owner, "--version", "active"),
                "Deactivated service " + owner + " version 1");
        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", other, "--version", "1"),
                "Activated service " + other + " version 1");
        assertFailed(backline.cli().run("service", "version", "activate", "-s", owner, "--version", "1"),
                "400 Bad Request", "Domain '" + shared + "' is served by the active version of service '" + other + "'");

        // The same service may activate another of its versions with the domain.
        BacklineApi.ok(backline.api().put("/service/" + other + "/version/1/clone"));
        assertSucceeded(backline.cli().run("service", "version", "activate", "-s", other, "--version", "latest"),
                "Activated service " + other + " version 2");
    }

    @Test
    void aDomainWithATrailingDotIsTheSameDomainForTheOneServiceRule() {
        String shared = host("dotted");
        String owner = serviceWithDomain("dot owner", shared);
        backline.api().activate(owner, 1);
        // The domain schema accepts a fully-qualified name with its trailing dot; it names the same host.
        String other = serviceWithDomain("dot other", shared + ".");

        ProcessResult refused = backline.cli().run("service", "version", "activate", "-s", other, "--version", "1");

        assertFailed(refused, "400 Bad Request", "is served by the active version of service '" + owner + "'");
        assertThat(backline.api().version(other, 1).path("active").asBoolean()).isFalse();
    }

    @Test
    void domainValidateChecksOneDomainOrAllWithTheApiHostsResolver() {
        String sid = backline.api().createService(unique("domain validate"));
        // localhost resolves through /etc/hosts, so no DNS is needed; a wildcard is never looked up.
        backline.api().createDomain(sid, 1, "localhost");
        String wildcard = "*." + host("validate");
        backline.api().createDomain(sid, 1, wildcard);

        ProcessResult one = backline.cli().run("service", "domain", "validate", "-s", sid, "--version", "1", "--name", "localhost");
        ProcessResult all = backline.cli().run("service", "domain", "validate", "-s", sid, "--version", "1", "--all");

        assertThat(one.exitCode()).as(one.describe()).isZero();
        assertThat(one.stdout()).as(one.describe()).contains("Service ID: " + sid, "Service Version: 1", "Name: localhost",
                "Valid: true");
        assertThat(all.exitCode()).as(all.describe()).isZero();
        assertThat(all.stdout()).as(all.describe()).contains("Name: localhost\nValid: true",
                "Name: " + wildcard + "\nValid: false");
    }

    private static String serviceWithDomain(String label, String domain) {
        String sid = backline.api().createService(unique(label));
        backline.api().createBackend(sid, 1, "origin", "origin.example.com");
        backline.api().createDomain(sid, 1, domain);
        return sid;
    }

    /** A domain name no other test of this run uses, e.g. {@code www-17-k2j.example.com}. */
    static String host(String label) {
        return unique(label).replace(' ', '-').toLowerCase(Locale.ROOT) + ".example.com";
    }

    private static ApiResponse domain(String sid, int version, String name) {
        return backline.api().object(sid, version, "domain", name);
    }
}
