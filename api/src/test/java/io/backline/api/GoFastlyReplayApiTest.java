package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays go-fastly's own recorded traffic (its {@code fastly/fixtures/} cassettes, real Fastly
 * answers; test resources {@code go-fastly-fixtures/}) against a real Backline, request for request
 * as go-fastly's encoder sent it, for every kind this branch serves: settings, the HTTP/3 flag,
 * domains with their checks, health checks, and the service-level domain list.
 *
 * <p>Each answer must have the recorded status, every recorded field with the recorded JSON type
 * (timestamps as ISO-8601 UTC), and no field Fastly does not answer except the few listed per
 * call; values are compared where Backline must agree (defaults, what was sent, normal forms).
 * Service ids and version numbers in paths are mapped to the test's own.
 */
class GoFastlyReplayApiTest {
    private static final Pattern SERVICE = Pattern.compile("/service/[A-Za-z0-9]+");
    private static final Pattern VERSION = Pattern.compile("/version/\\d+");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    /** Identity and times differ between any two recordings; every other value must agree unless a test says why not. */
    private static final Set<String> IDENTITY = Set.of("service_id", "version", "created_at", "updated_at", "deleted_at", "id");

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withResolver(name -> DomainResolver.Resolution.NONE);

    @Test
    void settingsGetAndUpdateAnswerAsFastlyDid() {
        var sid = api.createService("replay settings");

        var read = replay("settings/get", sid, Set.of(), Set.of());
        var updated = replay("settings/update", sid, Set.of(), Set.of());

        sameValues(read, "settings/get", Set.of());
        sameValues(updated, "settings/update", Set.of());
    }

    @Test
    void http3DisabledEnableGetAndDisableAnswerAsFastlyDid() {
        var sid = api.createService("replay http3");

        // Backline's 404 carries a detail; go-fastly's struct has deleted_at, which Fastly leaves out.
        replay("http3/get-disabled", sid, Set.of("detail"), Set.of());
        var enabled = replay("http3/enable", sid, Set.of("deleted_at"), Set.of());
        var read = replay("http3/get", sid, Set.of("deleted_at"), Set.of());
        replay("http3/disable", sid, Set.of(), Set.of());

        sameValues(enabled, "http3/enable", Set.of());
        sameValues(read, "http3/get", Set.of());
    }

    @Test
    void domainsWithTheirListsAndChecksAnswerAsFastlyDid() {
        var sid = api.createService("replay domains");

        sameValues(replay("domains/create", sid, Set.of(), Set.of()), "domains/create", Set.of());
        replay("domains/create2", sid, Set.of(), Set.of());
        sameValues(replay("domains/list", sid, Set.of(), Set.of()), "domains/list", Set.of());
        // Backline has no staging addresses yet: staging_ip is null where Fastly named one.
        replay("domains/list_with_staging_ips", sid, Set.of(), Set.of("staging_ip"));
        sameValues(replay("domains/get", sid, Set.of(), Set.of()), "domains/get", Set.of());
        sameValues(replay("domains/update", sid, Set.of(), Set.of()), "domains/update", Set.of());
        sameValues(replay("domains/validation", sid, Set.of(), Set.of()), "domains/validation", Set.of());
        // Order aside: Backline lists in creation order, a renamed domain keeping its place; Fastly's
        // recording lists the renamed one last.
        var all = replay("domains/validate-all", sid, Set.of(), Set.of());
        var recordedAll = strip(parse(Cassette.load("domains/validate-all").only().answer()), Set.of());
        assertThat(strip(all, Set.of())).containsExactlyInAnyOrderElementsOf(recordedAll);
        replay("domains/delete", sid, Set.of(), Set.of());
    }

    @Test
    void healthChecksWithAWindowOf5000AndHeadersAnswerAsFastlyDid() {
        var sid = api.createService("replay health checks");

        var created = replay("health_checks/create", sid, Set.of(), Set.of());
        var listed = replay("health_checks/list", sid, Set.of(), Set.of());
        var read = replay("health_checks/get", sid, Set.of(), Set.of());
        var updated = replay("health_checks/update", sid, Set.of(), Set.of());
        replay("health_checks/delete", sid, Set.of(), Set.of());

        // go-fastly sent ["Foo:Bar","Baz:Qux"]; Fastly answered ["Baz: Qux","Foo: Bar"], and so does Backline.
        sameValues(created, "health_checks/create", Set.of());
        sameValues(listed, "health_checks/list", Set.of());
        sameValues(read, "health_checks/get", Set.of());
        // The recorded update answer echoes "Beep:Boop" as sent; Backline answers it in the normal
        // form it answers on create ("Beep: Boop"), so a Terraform refresh sees one form (docs/compatibility.md).
        sameValues(updated, "health_checks/update", Set.of("headers"));
        assertThat(updated.path("headers").get(0).asText()).isEqualTo("Beep: Boop");
    }

    @Test
    void syslogEndpointsAnswerAsFastlyDid() {
        var sid = api.createService("replay syslog");

        var created = replay("syslogs/create", sid, Set.of(), Set.of());
        var listed = replay("syslogs/list", sid, Set.of(), Set.of());
        var read = replay("syslogs/get", sid, Set.of(), Set.of());
        // go-fastly 16 renames with a JSON body: placement null, log_processing_region eu, use_tls "0".
        var updated = replay("syslogs/update", sid, Set.of(), Set.of());
        replay("syslogs/delete", sid, Set.of(), Set.of());

        sameValues(created, "syslogs/create", Set.of());
        sameValues(listed, "syslogs/list", Set.of());
        sameValues(read, "syslogs/get", Set.of());
        sameValues(updated, "syslogs/update", Set.of());
    }

    @Test
    void httpsEndpointsAnswerAsFastlyDid() {
        var sid = api.createService("replay https");

        var created = replay("https/create", sid, Set.of(), Set.of());
        // The recording lists the four endpoints go-fastly's test created; this replay created one.
        var listed = replay("https/list", sid, Set.of(), Set.of());
        var read = replay("https/get", sid, Set.of(), Set.of());
        // A compression_codec of zstd leaves gzip_level null, as Fastly answered.
        var updated = replay("https/update", sid, Set.of(), Set.of());
        replay("https/delete", sid, Set.of(), Set.of());

        sameValues(created, "https/create", Set.of());
        var recordedFirst = strip(parse(Cassette.load("https/list").only().answer()).get(0), Set.of());
        assertThat(strip(listed.get(0), Set.of())).isEqualTo(recordedFirst);
        sameValues(read, "https/get", Set.of());
        sameValues(updated, "https/update", Set.of());
    }

    @Test
    void theServiceLevelDomainListAnswersAsFastlyDid() {
        var sid = api.createService("replay service domains");

        replay("services/domain", sid, Set.of(), Set.of());
    }

    // ---- replay and comparison ---------------------------------------------------------------

    /**
     * Sends the cassette's one request with the test's service and version 1, and checks the
     * answer's status and shape against the recorded one.
     *
     * @param extra fields Backline answers that the recording lacks (each named by the caller, with why)
     * @param nullable fields Backline answers null where the recording has a value
     */
    private static JsonNode replay(String cassette, String sid, Set<String> extra, Set<String> nullable) {
        var interaction = Cassette.load(cassette).only();
        var target = VERSION.matcher(SERVICE.matcher(interaction.target()).replaceFirst("/service/" + sid)).replaceFirst("/version/1");
        var call = api.call(interaction.method(), target);
        if (!interaction.body().isEmpty()) {
            // go-fastly 16 sends its updates as JSON; older cassettes and every create are forms.
            if (interaction.contentType() != null && interaction.contentType().contains("json")) {
                call.json(interaction.body());
            } else {
                call.form(interaction.body());
            }
        }
        var reply = call.send();
        assertThat(reply.status()).as("%s: %s", cassette, reply).isEqualTo(interaction.code());
        var recorded = parse(interaction.answer());
        var actual = reply.json();
        var problems = new ArrayList<String>();
        sameShape("", recorded, actual, extra, nullable, problems);
        assertThat(problems).as("%s: answer %s against recorded %s", cassette, actual, recorded).isEmpty();
        return actual;
    }

    /** Field names and JSON types: objects key by key, lists element by element against the first recorded one. */
    private static void sameShape(String at, JsonNode recorded, JsonNode actual, Set<String> extra, Set<String> nullable,
            List<String> problems) {
        if (recorded.isObject()) {
            if (!actual.isObject()) {
                problems.add(at + ": " + actual.getNodeType() + " (expected: an object)");
                return;
            }
            recorded.properties().forEach(entry -> {
                var key = entry.getKey();
                if (!actual.has(key)) {
                    problems.add(at + "." + key + ": missing");
                } else if (!(nullable.contains(key) && actual.get(key).isNull())) {
                    sameShape(at + "." + key, entry.getValue(), actual.get(key), extra, nullable, problems);
                }
            });
            actual.fieldNames().forEachRemaining(key -> {
                if (!recorded.has(key) && !extra.contains(key)) {
                    problems.add(at + "." + key + ": not in Fastly's answer");
                }
            });
        } else if (recorded.isArray()) {
            if (!actual.isArray()) {
                problems.add(at + ": " + actual.getNodeType() + " (expected: an array)");
            } else if (isTuple(recorded)) {
                if (actual.size() != recorded.size()) {
                    problems.add(at + ": " + actual.size() + " items (expected: " + recorded.size() + ")");
                }
                for (int i = 0; i < Math.min(actual.size(), recorded.size()); i++) {
                    sameShape(at + "[" + i + "]", recorded.get(i), actual.get(i), extra, nullable, problems);
                }
            } else if (!recorded.isEmpty()) {
                for (int i = 0; i < actual.size(); i++) {
                    sameShape(at + "[" + i + "]", recorded.get(0), actual.get(i), extra, nullable, problems);
                }
            }
        } else if (recorded.getNodeType() != actual.getNodeType() || recorded.isIntegralNumber() != actual.isIntegralNumber()) {
            problems.add(at + ": " + actual + " is " + actual.getNodeType() + " (expected: " + recorded.getNodeType() + ", as " + recorded + ")");
        } else if (recorded.isTextual() && TIMESTAMP.matcher(recorded.asText()).matches() && !TIMESTAMP.matcher(actual.asText()).matches()) {
            problems.add(at + ": '" + actual.asText() + "' (expected: a timestamp such as " + recorded.asText() + ")");
        }
    }

    /** A fixed-length array of mixed types, such as a domain check's [domain, cname, ok]. */
    private static boolean isTuple(JsonNode array) {
        for (var item : array) {
            if (item.getNodeType() != array.get(0).getNodeType()) {
                return true;
            }
        }
        return false;
    }

    /** Every recorded value but identity, times and {@code except} equals Backline's. */
    private static void sameValues(JsonNode actual, String cassette, Set<String> except) {
        var recorded = parse(Cassette.load(cassette).only().answer());
        assertThat(strip(actual, except)).as("%s: values", cassette).isEqualTo(strip(recorded, except));
    }

    private static JsonNode strip(JsonNode node, Set<String> except) {
        var copy = node.deepCopy();
        stripInPlace(copy, except);
        return copy;
    }

    private static void stripInPlace(JsonNode node, Set<String> except) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove(IDENTITY);
            object.remove(except);
            // Backline answers fields Fastly's recording lacks (a 404's detail); only shared ones are compared.
            object.remove(List.of("detail", "locked"));
        }
        node.forEach(child -> stripInPlace(child, except));
    }

    private static JsonNode parse(String json) {
        try {
            return ApiHarness.MAPPER.readTree(json);
        } catch (IOException e) {
            return fail("recorded answer is not JSON: " + json, e);
        }
    }
}
