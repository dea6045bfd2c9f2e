package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.condition.StandardKinds;
import io.backline.model.Kinds;
import io.backline.model.ObjectRules;
import io.backline.model.ServiceId;
import io.backline.store.ServicePage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A property-based fuzz pass over the whole API: {@link FuzzRequests} builds random requests from
 * the server's route table and schemas, and every answer must keep three promises:
 *
 * <ol>
 *   <li>never a 5xx (nor no answer at all);
 *   <li>every 4xx is Fastly's {@code {"msg","detail"}} JSON (the TLS API's, JSON:API errors), the 404 for a path no route matches
 *       included (Fastly's 404s carry both);
 *   <li>the stored state changes only on a 2xx: the services, the fixture services' versions, the
 *       objects of the versions the request could touch, the edges' reports and the revision are
 *       read from the store before and after each request.
 * </ol>
 *
 * <p>A violation is shrunk (body, query, headers and path segments cut down while it still breaks
 * the same promise) and reported with the seed and its place in the sequence. The normal build
 * sends a fixed-seed slice; {@code bench/fuzz.sh} runs it for longer through the system
 * properties {@code backline.fuzz.requests}, {@code backline.fuzz.minutes} and
 * {@code backline.fuzz.seed}.
 */
class ApiFuzzTest {
    private static final long SEED = Long.getLong("backline.fuzz.seed", 20_261_203L);
    private static final long REQUESTS = Long.getLong("backline.fuzz.requests", 4_000L);
    private static final double MINUTES = Double.parseDouble(System.getProperty("backline.fuzz.minutes", "0"));
    /** A new fixture now and then keeps the versions and objects read per request few. */
    private static final int FIXTURE_EVERY = 2_000;
    private static final int SHRINK_BUDGET = 150;

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private final List<ServiceId> fixtureIds = new ArrayList<>();
    private final Kinds kinds = StandardKinds.KINDS;

    /** One broken promise: which, for what request, and what came back. */
    record Violation(String promise, FuzzRequests.Request request, String answer) {}

    @Test
    void neverA5xxEveryErrorInFastlysShapeAndStateChangesOnlyOn2xx() throws IOException {
        var fixture = fixture(0);
        var requests = new FuzzRequests(SEED, api.routes(), fixture);
        var deadline = MINUTES > 0 ? System.nanoTime() + (long) (MINUTES * 60e9) : Long.MAX_VALUE;
        var violations = new LinkedHashMap<String, Violation>();
        long sent = 0;
        long violationCount = 0;
        var statuses = new java.util.TreeMap<Integer, Long>();
        long started = System.nanoTime();
        for (long i = 0; (MINUTES > 0 ? System.nanoTime() < deadline : i < REQUESTS); i++) {
            if (i > 0 && i % FIXTURE_EVERY == 0) {
                fixture = fixture(i);
                requests.fixture(fixture);
            }
            var request = requests.next();
            var outcome = check(request);
            sent++;
            statuses.merge(outcome.status(), 1L, Long::sum);
            if (outcome.violation() != null) {
                violationCount++;
                var key = outcome.violation().promise() + " | " + request.origin().replaceAll(":.*", "");
                if (!violations.containsKey(key)) {
                    violations.put(key, shrink(outcome.violation()));
                    System.out.printf("fuzz: violation at request %d (seed %d): %s%n", i, SEED, violations.get(key));
                }
            }
            keepFixtureServing(fixture);
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        var summary = String.format("fuzz: sent %d requests in %.0f s (%.0f/s), %d violations in %d distinct kinds, seed %d, statuses %s",
                sent, seconds, sent / seconds, violationCount, violations.size(), SEED, statuses);
        System.out.println(summary);
        Files.writeString(Path.of("target", "fuzz-summary.txt"), summary + "\n");
        assertThat(violations.values()).as(summary).isEmpty();
    }

    // ---- one request and its three promises ------------------------------------------------------

    record Outcome(int status, @Nullable Violation violation) {}

    private Outcome check(FuzzRequests.Request request) {
        var scope = scope(request);
        var before = state(scope);
        ApiHarness.Reply reply;
        try {
            reply = api.raw(request.method(), request.target(), request.headers(), request.body());
        } catch (UncheckedIOException | IllegalStateException e) {
            return new Outcome(0, new Violation("an answer", request, e + (e.getCause() == null ? "" : ": " + e.getCause())));
        }
        var answer = reply.status() + " " + shorten(reply.body());
        if (reply.status() >= 500) {
            return new Outcome(reply.status(), new Violation("no 5xx", request, answer));
        }
        if (reply.status() >= 400 && !request.method().equals("HEAD") && !(request.target().startsWith("/tls/") ? jsonApiError(reply)
                : fastlyError(reply))) {
            return new Outcome(reply.status(), new Violation("{msg, detail}", request, answer + " content-type " + reply.header("content-type")));
        }
        if ((reply.status() < 200 || reply.status() > 299) && !state(scope).equals(before)) {
            return new Outcome(reply.status(), new Violation("no write without a 2xx", request, answer));
        }
        return new Outcome(reply.status(), null);
    }

    /** The TLS API's errors: JSON:API's {@code {"errors":[{"status","title","detail"}]}}, as go-fastly decodes them. */
    private static boolean jsonApiError(ApiHarness.Reply reply) {
        var type = reply.header("content-type");
        if (type == null || !type.startsWith("application/vnd.api+json")) {
            return false;
        }
        try {
            var first = ApiHarness.MAPPER.readTree(reply.body()).path("errors").path(0);
            return first.path("title").isTextual() && first.path("detail").isTextual() && !first.path("detail").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean fastlyError(ApiHarness.Reply reply) {
        var type = reply.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return false;
        }
        JsonNode body;
        try {
            body = ApiHarness.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            return false;
        }
        if (body == null || !body.isObject() || !body.path("msg").isTextual()) {
            return false;
        }
        return body.size() == 2 && body.path("detail").isTextual() && !body.path("detail").asText().isBlank();
    }

    // ---- state -----------------------------------------------------------------------------------

    /** The service and version a request names in its path, when it names them. */
    private record Scope(@Nullable ServiceId service, int version) {}

    private static Scope scope(FuzzRequests.Request request) {
        var segments = request.target().replaceFirst("\\?.*", "").split("/");
        ServiceId service = null;
        int version = -1;
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals("service") && segments[i + 1].matches("[A-Za-z0-9]{1,64}")) {
                service = new ServiceId(segments[i + 1]);
            }
            if (segments[i].equals("version") && segments[i + 1].matches("\\d{1,6}")) {
                version = Integer.parseInt(segments[i + 1]);
            }
        }
        return new Scope(service, version);
    }

    /** Everything a request could have written, read from the store (no API cache in between). */
    private String state(Scope scope) {
        return api.store().read(tx -> {
            var out = new StringBuilder();
            out.append(tx.countServices()).append(' ').append(tx.revision()).append('\n');
            for (var service : tx.services(new ServicePage(1, 10_000, ServicePage.Sort.CREATED, false))) {
                out.append(service).append('\n');
            }
            var ids = new ArrayList<>(fixtureIds.subList(Math.max(0, fixtureIds.size() - 2), fixtureIds.size()));
            if (scope.service() != null && !ids.contains(scope.service())) {
                ids.add(scope.service());
            }
            for (var id : ids) {
                out.append(tx.service(id)).append('\n').append(tx.versions(id)).append('\n').append(tx.edges(id)).append('\n');
                for (int version : new int[] {1, 2, scope.version()}) {
                    for (ObjectRules rules : kinds.rules()) {
                        if (version > 0) {
                            tx.objects(id, version, rules.schema()).forEach(o -> out.append(o).append('\n'));
                        }
                    }
                }
            }
            return out.toString();
        });
    }

    // ---- the fixture -----------------------------------------------------------------------------

    /**
     * A service whose version 1 is active (a backend using a condition and a health check, a
     * domain) and whose version 2 is a draft clone, another service with a draft, and tokens: admin,
     * read-only, and one restricted to the other service.
     */
    private FuzzRequests.Fixture fixture(long generation) {
        retireServices();
        var sid = api.createService("fuzz-" + generation);
        var base = "/service/" + sid + "/version/1/";
        api.post(base + "condition", ApiHarness.form("name", "cond", "statement", "req.url ~ \"^/a\"", "type", "REQUEST")).ok();
        api.post(base + "healthcheck", ApiHarness.form("name", "hc")).ok();
        api.createBackend(sid, 1, "origin", "origin.example.com", "healthcheck", "hc", "request_condition", "cond");
        var domain = "fuzz-" + generation + ".example";
        api.post(base + "domain", ApiHarness.form("name", domain)).ok();
        api.post(base + "director", ApiHarness.form("name", "lb")).ok();
        api.post(base + "director/lb/backend/origin", ApiHarness.form()).ok();
        api.put(base + "activate").ok();
        api.put(base + "clone").ok();
        var other = api.createService("fuzz-other-" + generation);
        api.createBackend(other, 1, "origin", "other.example.com");
        fixtureIds.add(new ServiceId(sid));
        fixtureIds.add(new ServiceId(other));
        var tokens = Map.of("admin", api.adminToken(), "read", api.token("global:read"), "restricted", api.token("global", other));
        return new FuzzRequests.Fixture(sid, other, Map.of("backend", "origin", "condition", "cond", "healthcheck", "hc",
                "domain", domain, "director", "lb"), tokens);
    }

    /**
     * Deletes, through the store, every live service the run made so far, so that the services
     * read before and after each request stay few; the requests point at the new fixture.
     */
    private void retireServices() {
        var now = java.time.Instant.now();
        api.store().write(tx -> {
            for (var service : tx.services(new ServicePage(1, 10_000, ServicePage.Sort.CREATED, false))) {
                tx.updateService(service.deletedAt(now));
            }
            return null;
        });
    }

    /**
     * Keeps an active version somewhere: with none, and an edge report that serves nothing, the
     * edge feed waits its whole {@code wait_seconds} for a change, which only slows the run down.
     */
    private void keepFixtureServing(FuzzRequests.Fixture fixture) {
        boolean serving = api.store().read(tx -> !tx.activeVersions().isEmpty());
        if (!serving) {
            var reply = api.put("/service/" + fixture.sid() + "/version/1/activate");
            if (reply.status() != 200) {
                api.put("/service/" + api.createService("fuzz-serving") + "/version/1/activate");
            }
        }
    }

    // ---- shrinking -------------------------------------------------------------------------------

    /** Cuts the request down while it still breaks the same promise, within a budget of requests. */
    private Violation shrink(Violation found) {
        var smallest = found;
        int budget = SHRINK_BUDGET;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (var candidate : smaller(smallest.request())) {
                if (budget-- <= 0) {
                    break;
                }
                var outcome = check(candidate);
                if (outcome.violation() != null && outcome.violation().promise().equals(found.promise())) {
                    smallest = outcome.violation();
                    progress = true;
                    break;
                }
            }
        }
        return smallest;
    }

    private static List<FuzzRequests.Request> smaller(FuzzRequests.Request request) {
        var candidates = new ArrayList<FuzzRequests.Request>();
        var body = request.body();
        if (body.length > 0) {
            candidates.add(request.with(request.target(), request.headers(), new byte[0]));
            candidates.add(request.with(request.target(), request.headers(), java.util.Arrays.copyOf(body, body.length / 2)));
            candidates.add(request.with(request.target(), request.headers(), java.util.Arrays.copyOfRange(body, body.length / 2, body.length)));
            fewerMembers(body).forEach(smaller -> candidates.add(request.with(request.target(), request.headers(), smaller)));
        }
        int query = request.target().indexOf('?');
        if (query >= 0) {
            candidates.add(request.with(request.target().substring(0, query), request.headers(), body));
        }
        if (request.headers().containsKey("Content-Type")) {
            var headers = new LinkedHashMap<>(request.headers());
            headers.remove("Content-Type");
            candidates.add(request.with(request.target(), headers, body));
        }
        var segments = request.target().split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].length() > 8) {
                var shorter = segments.clone();
                shorter[i] = segments[i].substring(0, segments[i].length() / 2);
                candidates.add(request.with(String.join("/", shorter), request.headers(), body));
            }
        }
        return candidates;
    }

    /** The body as a JSON object or a form with one member left out, for each member. */
    private static List<byte[]> fewerMembers(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        var out = new ArrayList<byte[]>();
        try {
            var node = ApiHarness.MAPPER.readTree(text);
            if (node != null && node.isObject() && node.size() > 1) {
                node.fieldNames().forEachRemaining(name -> {
                    var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
                    copy.remove(name);
                    out.add(copy.toString().getBytes(StandardCharsets.UTF_8));
                });
                return out;
            }
        } catch (IOException e) {
            // not JSON: try it as a form
        }
        var pairs = text.split("&");
        for (int i = 0; pairs.length > 1 && i < pairs.length; i++) {
            var rest = new ArrayList<>(List.of(pairs));
            rest.remove(i);
            out.add(String.join("&", rest).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
