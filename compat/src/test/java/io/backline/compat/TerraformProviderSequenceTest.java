package io.backline.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Terraform provider's HTTP sequences for {@code fastly_service_vcl}, replayed request for
 * request against a real Backline server, as {@code fastly/terraform-provider-fastly} (read at
 * commit 3b55002) drives go-fastly and as go-fastly's encoder writes them ({@link GoFastlyWire}).
 * Each step names the provider function it comes from; each answer is decoded as go-fastly decodes
 * it ({@link GoFastlyTypes}), and the state the provider would build from the reads is compared
 * with what was applied, field by field, as {@code terraform plan} would.
 *
 * <p>The configuration applied ({@code resource "fastly_service_vcl"}): a domain; a condition
 * {@code is_api}; a health check {@code probe} with one header; a TLS backend {@code secure} and a
 * backend {@code api} with the health check and the condition; a director {@code pool} over both;
 * the provider's default settings ({@code default_ttl = 3600}, {@code http3 = false}). The phases
 * run in order and share the service: create, the post-apply read, a no-change plan, an update,
 * {@code stage = true} (twice: the second apply edits the staged draft, which staging did not lock),
 * import and force-refresh, destroy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerraformProviderSequenceTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    private static final String HEALTH_HEADER = "X-Probe: terraform";

    /**
     * The list endpoints an import or a force-refresh reads besides the kinds this configuration
     * uses, in the order of {@code vclService}'s attribute handlers ({@code resource_fastly_service_vcl.go}):
     * header, gzip, the logging kinds, dictionary, response_object, rate-limiters, request_settings,
     * vcl, snippet (read twice: snippets and dynamic snippets), cache_settings, acl.
     */
    static final List<String> OTHER_LISTS = List.of("header", "gzip", "logging/s3", "logging/papertrail", "logging/sumologic",
            "logging/gcs", "logging/bigquery", "logging/syslog", "logging/logentries", "logging/splunk", "logging/azureblob",
            "logging/https", "logging/elasticsearch", "logging/ftp", "logging/sftp", "logging/datadog", "logging/loggly",
            "logging/pubsub", "logging/grafanacloudlogs", "logging/scalyr", "logging/newrelic", "logging/newrelicotlp",
            "logging/kafka", "logging/heroku", "logging/honeycomb", "logging/logshuttle", "logging/openstack",
            "logging/digitalocean", "logging/cloudfiles", "logging/kinesis", "dictionary", "response_object", "rate-limiters",
            "request_settings", "vcl", "snippet", "snippet", "cache_settings", "acl");

    /** The products the product-enablement handler's Read asks about for a VCL service; any error is tolerated there. */
    static final List<String> PRODUCTS = List.of("brotli_compression", "image_optimizer", "origin_inspector", "bot_management",
            "domain_inspector", "websockets", "log_explorer_insights");

    private GoFastlyWire wire;
    private String serviceId;
    private String domain;
    private final String newDomain = "tf-added-" + System.nanoTime() % 1_000_000 + ".example.com";
    /** The configuration as Terraform holds it, updated by each apply. */
    private final Map<String, Map<String, Object>> backends = new LinkedHashMap<>();
    private final List<String> domains = new ArrayList<>();
    /** What the provider keeps in state between runs. */
    private int activeVersion;
    private int clonedVersion;

    @BeforeAll
    void client() {
        wire = new GoFastlyWire(backline.server().baseUri(), backline.server().adminToken());
        domain = "tf-" + System.nanoTime() % 1_000_000 + ".example.com";
    }

    @Test
    @Order(1)
    void createSendsEveryBlockAsTheProviderAndGoFastlyWriteIt() {
        // resourceServiceCreate → CreateService (POST /service; comment defaults to "Managed by Terraform").
        var created = ok(wire.postForm("/service", Map.of("comment", "Managed by Terraform",
                "name", "terraform sequence " + domain, "type", "vcl")));
        var service = GoFastlyTypes.decode(GoFastlyTypes.SERVICE, created.json());
        serviceId = (String) service.get("id");
        assertThat(serviceId).isNotBlank();
        clonedVersion = 1; // resourceServiceCreate: d.Set("cloned_version", 1)

        // resourceServiceUpdate: d.HasChanges("name", "comment") on a new resource → UpdateService.
        ok(wire.putForm("/service/" + serviceId, Map.of("comment", "Managed by Terraform",
                "name", "terraform sequence " + domain)));

        // Attribute handlers in vclService order; each MustProcess on the initial version.
        // SettingsServiceAttributeHandler.Process → UpdateSettings, then DisableHTTP3 (http3 = false).
        var settings = ok(wire.putForm(v(1) + "/settings", settingsForm()));
        GoFastlyTypes.decode(GoFastlyTypes.SETTINGS, settings.json());
        var http3 = ok(wire.delete(v(1) + "/http3"));
        assertThat(GoFastlyTypes.decode(GoFastlyTypes.STATUS, http3.json())).containsEntry("status", "ok");

        // ConditionServiceAttributeHandler.Create → CreateCondition (statement trimmed).
        GoFastlyTypes.decode(GoFastlyTypes.CONDITION, ok(wire.postForm(v(1) + "/condition", Map.of("name", "is_api",
                "priority", "10", "statement", "req.url ~ \"^/api/\"", "type", "REQUEST"))).json());

        // DomainServiceAttributeHandler.Create → CreateDomain (comment is a set pointer: sent empty).
        domains.add(domain);
        GoFastlyTypes.decode(GoFastlyTypes.DOMAIN, ok(wire.postForm(v(1) + "/domain", Map.of("comment", "",
                "name", domain))).json());

        // HealthCheckServiceAttributeHandler.Create → CreateHealthCheck with the provider's defaults; the
        // headers field as go-fastly's parseHealthCheckHeaders rewrites it: headers=["X-Probe:terraform"].
        var probe = ok(wire.postHealthCheck(v(1) + "/healthcheck", healthCheckForm(), List.of(HEALTH_HEADER)));
        GoFastlyTypes.decode(GoFastlyTypes.HEALTH_CHECK, probe.json());

        // BackendServiceAttributeHandler.Create → buildCreateBackendInput: booleans as Compatibool 1/0,
        // shield, healthcheck and request_condition always sent (empty when unset).
        backends.put("secure", backend("secure", "secure.example.com", 443, true, "", ""));
        backends.put("api", backend("api", "api.example.com", 80, false, "probe", "is_api"));
        for (var backend : backends.values()) {
            GoFastlyTypes.decode(GoFastlyTypes.BACKEND, ok(wire.postForm(v(1) + "/backend", backendForm(backend))).json());
        }

        // DirectorServiceAttributeHandler.Create → CreateDirector, then CreateDirectorBackend per member.
        var director = ok(wire.postForm(v(1) + "/director", Map.of("comment", "", "name", "pool", "quorum", "75",
                "retries", "5", "shield", "", "type", "1")));
        GoFastlyTypes.decode(GoFastlyTypes.DIRECTOR, director.json());
        for (var member : List.of("secure", "api")) {
            GoFastlyTypes.decode(GoFastlyTypes.DIRECTOR_BACKEND, ok(wire.postForm(v(1) + "/director/pool/backend/" + member,
                    Map.of())).json());
        }

        // resourceServiceUpdate: a VCL service is always validated, then activated (activate = true).
        validate(1);
        activate(1);
    }

    @Test
    @Order(2)
    void thePostApplyReadDecodesAndMatchesWhatWasApplied() {
        // resourceServiceUpdate ends with resourceServiceRead.
        var state = read(Refresh.BLOCKS_IN_STATE);
        assertThat(state.activeVersion()).isEqualTo(1);
        assertNoDiff(state);
    }

    @Test
    @Order(3)
    void aNoChangePlanReadsTheSameStateSoNothingWouldChange() {
        // terraform plan: the refresh is resourceServiceRead again; no handler HasChange afterwards.
        var state = read(Refresh.BLOCKS_IN_STATE);
        assertNoDiff(state);
        assertThat(state.stagedVersion()).isNull();
    }

    @Test
    @Order(4)
    void anUpdateClonesAddsADomainChangesABackendValidatesAndActivates() {
        // resourceServiceUpdate, stage = false: GetVersion(cloned_version), then CloneVersion whatever its lock.
        var current = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.get(v(clonedVersion))).json());
        assertThat(current.get("locked")).as("the provider requires 'locked'").isEqualTo(true);
        clonedVersion = cloneFrom(clonedVersion);

        // DomainServiceAttributeHandler.Create for the new domain.
        domains.add(newDomain);
        ok(wire.postForm(v(clonedVersion) + "/domain", Map.of("comment", "", "name", newDomain)));
        // BackendServiceAttributeHandler.Update → buildUpdateBackendInput: only the modified fields.
        backends.get("api").put("address", "api-v2.example.com");
        GoFastlyTypes.decode(GoFastlyTypes.BACKEND, ok(wire.putForm(v(clonedVersion) + "/backend/api",
                Map.of("address", "api-v2.example.com"))).json());

        validate(clonedVersion);
        activate(clonedVersion);
        var state = read(Refresh.BLOCKS_IN_STATE);
        assertThat(state.activeVersion()).isEqualTo(clonedVersion);
        assertNoDiff(state);
    }

    @Test
    @Order(5)
    void stageTrueStagesAnUnlockedCloneAndTheNextApplyEditsTheStagedDraftAndStagesItAgain() {
        // stage = true, activate = false, and a backend change: the latest version is locked (active), so clone it.
        var current = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.get(v(clonedVersion))).json());
        assertThat(current.get("locked")).isEqualTo(true);
        clonedVersion = cloneFrom(clonedVersion);
        updateBackendWeight(50);
        validate(clonedVersion);
        // resourceServiceUpdate: ActivateVersion with Environment "staging".
        var staged = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.put(v(clonedVersion) + "/activate/staging")).json());
        assertThat(staged.get("staging")).isEqualTo(true);
        int stagedVersion = clonedVersion;

        // resourceServiceRead with activate = false reads cloned_version; staged_version comes from environments.
        var state = read(Refresh.BLOCKS_IN_STATE);
        assertThat(state.activeVersion()).as("staging leaves production alone").isEqualTo(activeVersion);
        assertThat(state.stagedVersion()).isEqualTo(stagedVersion);
        assertNoDiff(state);

        // The next apply with stage = true: GetVersion(cloned_version) is not locked, so no clone:
        // the provider edits the staged draft and stages it again.
        var draft = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.get(v(clonedVersion))).json());
        assertThat(draft.get("locked")).as("staging does not lock the version").isEqualTo(false);
        updateBackendWeight(60);
        validate(clonedVersion);
        ok(wire.put(v(clonedVersion) + "/activate/staging"));
        var again = read(Refresh.BLOCKS_IN_STATE);
        assertThat(again.stagedVersion()).isEqualTo(stagedVersion);
        assertNoDiff(again);
    }

    @Test
    @Order(6)
    void importAndForceRefreshReadEveryBlockKind() {
        // terraform import: resourceServiceRead with imported = true; cloned_version unset → the active version.
        clonedVersion = activeVersion;
        var imported = read(Refresh.EVERY_KIND);
        assertThat(imported.version()).isEqualTo(activeVersion);

        // Someone activates the staged version with the CLI; the next refresh sees an active version other
        // than the state's and sets force_refresh (base_fastly_service.go, issue 629): every list again.
        int staged = Objects.requireNonNull(imported.stagedVersion());
        ok(wire.put(v(staged) + "/activate"));
        var refreshed = read(Refresh.EVERY_KIND);
        assertThat(refreshed.activeVersion()).isEqualTo(staged);
        assertNoDiff(refreshed);
    }

    @Test
    @Order(7)
    void destroyWithForceDestroyDeactivatesAndDeletes() {
        // resourceServiceDelete, force_destroy = true: GetServiceDetails, DeactivateVersion, DeleteService.
        var details = GoFastlyTypes.decode(GoFastlyTypes.SERVICE_DETAIL, ok(wire.get("/service/" + serviceId + "/details")).json());
        @SuppressWarnings("unchecked")
        var active = (Map<String, Object>) Objects.requireNonNull(details.get("active_version"));
        GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.put(v((Integer) active.get("number")) + "/deactivate")).json());
        var deleted = ok(wire.delete("/service/" + serviceId));
        assertThat(GoFastlyTypes.decode(GoFastlyTypes.STATUS, deleted.json())).containsEntry("status", "ok");

        // The next refresh: GetServiceDetails answers 404, which resourceServiceRead takes as "gone".
        var gone = wire.get("/service/" + serviceId + "/details");
        assertThat(gone.status()).as(gone.describe()).isEqualTo(404);
        assertThat(gone.json().path("msg").isTextual()).isTrue();
    }

    /** Which blocks a refresh lists: those with state (plan, apply), or every kind (import, force_refresh). */
    enum Refresh {
        BLOCKS_IN_STATE, EVERY_KIND
    }

    /** What resourceServiceRead leaves in state, decoded from the answers. */
    record State(int activeVersion, int version, @Nullable Integer stagedVersion, Map<String, @Nullable Object> settings,
            boolean http3, List<Map<String, @Nullable Object>> conditions, List<Map<String, @Nullable Object>> domains,
            List<Map<String, @Nullable Object>> healthchecks, List<Map<String, @Nullable Object>> backends,
            List<Map<String, @Nullable Object>> directors) {}

    /** resourceServiceRead, request for request. */
    private State read(Refresh refresh) {
        var details = GoFastlyTypes.decode(GoFastlyTypes.SERVICE_DETAIL, ok(wire.get("/service/" + serviceId + "/details")).json());
        assertThat(details.get("type")).as("a missing type fails the read").isEqualTo("vcl");
        assertThat(details.get("deleted_at")).isNull();
        @SuppressWarnings("unchecked")
        var active = (Map<String, Object>) details.get("active_version");
        assertThat(active).as("the provider reads active_version.number").isNotNull();
        activeVersion = (Integer) active.get("number");
        // activate = false reads cloned_version; otherwise cloned_version follows the active version.
        int version = refresh == Refresh.EVERY_KIND || clonedVersion == 0 ? activeVersion : clonedVersion;
        Integer staged = null;
        @SuppressWarnings("unchecked")
        var environments = (List<Map<String, Object>>) details.get("environments");
        for (var environment : environments) {
            if ("staging".equals(environment.get("name"))) {
                staged = (Integer) environment.get("active_version");
            }
        }
        // SettingsServiceAttributeHandler.Read → GetSettings and GetHTTP3 (404 means disabled).
        var settings = GoFastlyTypes.decode(GoFastlyTypes.SETTINGS, ok(wire.get(v(version) + "/settings")).json());
        var http3 = wire.get(v(version) + "/http3");
        assertThat(http3.status()).as(http3.describe()).isIn(200, 404);
        // The handlers with state list their kind (len(localState) > 0).
        var conditions = GoFastlyTypes.decodeList(GoFastlyTypes.CONDITION, ok(wire.get(v(version) + "/condition")).json());
        var domainList = GoFastlyTypes.decodeList(GoFastlyTypes.DOMAIN, ok(wire.get(v(version) + "/domain")).json());
        var healthchecks = GoFastlyTypes.decodeList(GoFastlyTypes.HEALTH_CHECK, ok(wire.get(v(version) + "/healthcheck")).json());
        var backendList = GoFastlyTypes.decodeList(GoFastlyTypes.BACKEND, ok(wire.get(v(version) + "/backend")).json());
        if (refresh == Refresh.EVERY_KIND) {
            // ProductEnablementServiceAttributeHandler.Read: any error tolerated; ImageOptimizer...Read: 404 tolerated.
            for (var product : PRODUCTS) {
                var answer = wire.get("/enabled-products/v1/" + product + "/services/" + serviceId);
                assertThat(answer.status()).as(answer.describe()).isLessThan(500);
            }
            var optimizer = wire.get(v(version) + "/image_optimizer_default_settings");
            assertThat(optimizer.status()).as(optimizer.describe()).isIn(200, 404);
        }
        var directors = GoFastlyTypes.decodeList(GoFastlyTypes.DIRECTOR, ok(wire.get(v(version) + "/director")).json());
        if (refresh == Refresh.EVERY_KIND) {
            for (var kind : OTHER_LISTS) {
                var list = ok(wire.get(v(version) + "/" + kind));
                assertThat(list.json().isArray()).as(list.describe()).isTrue();
                assertThat(list.json()).as("this service has no %s: %s", kind, list.describe()).isEmpty();
            }
        }
        return new State(activeVersion, version, staged, settings, http3.status() == 200, conditions, domainList, healthchecks,
                backendList, directors);
    }

    /** terraform plan's verdict: every attribute read back equals the configuration. */
    private void assertNoDiff(State state) {
        var diff = new ArrayList<String>();
        expect(diff, "default_ttl", 3600, state.settings().get("general.default_ttl"));
        expect(diff, "default_host", "", Objects.requireNonNullElse(state.settings().get("general.default_host"), ""));
        expect(diff, "stale_if_error", false, state.settings().get("general.stale_if_error"));
        expect(diff, "stale_if_error_ttl", 43200, state.settings().get("general.stale_if_error_ttl"));
        expect(diff, "http3", false, state.http3());
        expect(diff, "domains", sorted(domains), sorted(state.domains().stream().map(d -> (String) d.get("name")).toList()));
        expect(diff, "conditions", 1, state.conditions().size());
        for (var condition : state.conditions()) {
            expect(diff, "condition.name", "is_api", condition.get("name"));
            expect(diff, "condition.statement", "req.url ~ \"^/api/\"", condition.get("statement"));
            expect(diff, "condition.type", "REQUEST", condition.get("type"));
            expect(diff, "condition.priority", 10, condition.get("priority"));
        }
        expect(diff, "healthchecks", 1, state.healthchecks().size());
        for (var check : state.healthchecks()) {
            // flattenHealthchecks sets headers from the answer: the configuration wrote "X-Probe: terraform".
            expect(diff, "healthcheck.headers", List.of(HEALTH_HEADER), check.get("headers"));
            healthCheckForm().forEach((field, value) -> expect(diff, "healthcheck." + field, value, String.valueOf(check.get(field))));
        }
        expect(diff, "backends", backends.keySet(), new java.util.LinkedHashSet<>(state.backends().stream()
                .map(b -> (String) b.get("name")).toList()));
        for (var read : state.backends()) {
            var applied = backends.get((String) read.get("name"));
            if (applied != null) {
                applied.forEach((field, value) -> expect(diff, "backend." + read.get("name") + "." + field, value,
                        Objects.requireNonNullElse(read.get(field), "")));
            }
        }
        expect(diff, "directors", 1, state.directors().size());
        for (var director : state.directors()) {
            expect(diff, "director.name", "pool", director.get("name"));
            expect(diff, "director.type", 1, director.get("type"));
            expect(diff, "director.quorum", 75, director.get("quorum"));
            expect(diff, "director.retries", 5, director.get("retries"));
            expect(diff, "director.backends", List.of("api", "secure"), sorted(director.get("backends")));
        }
        assertThat(diff).as("what terraform plan would show for version %s", state.version()).isEmpty();
    }

    private static void expect(List<String> diff, String attribute, Object expected, @Nullable Object actual) {
        if (!Objects.equals(expected, actual)) {
            diff.add(attribute + ": configured " + expected + ", read " + actual);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> sorted(@Nullable Object list) {
        return list == null ? List.of() : ((List<String>) list).stream().sorted().toList();
    }

    private void updateBackendWeight(int weight) {
        // BackendServiceAttributeHandler.Update: the modified field only.
        backends.get("secure").put("weight", weight);
        GoFastlyTypes.decode(GoFastlyTypes.BACKEND, ok(wire.putForm(v(clonedVersion) + "/backend/secure",
                Map.of("weight", Integer.toString(weight)))).json());
    }

    private int cloneFrom(int version) {
        // CloneVersion; the provider then sleeps 7 seconds (skipped) and reads newVersion.Number.
        var clone = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.put(v(version) + "/clone")).json());
        assertThat(clone.get("locked")).isEqualTo(false);
        return (Integer) Objects.requireNonNull(clone.get("number"));
    }

    private void validate(int version) {
        // ValidateVersion reads statusResp: valid when status is "ok".
        var answer = ok(wire.get(v(version) + "/validate"));
        assertThat(GoFastlyTypes.decode(GoFastlyTypes.STATUS, answer.json())).as(answer.describe()).containsEntry("status", "ok");
    }

    private void activate(int version) {
        var activated = GoFastlyTypes.decode(GoFastlyTypes.VERSION, ok(wire.put(v(version) + "/activate")).json());
        assertThat(activated.get("active")).isEqualTo(true);
        assertThat(activated.get("locked")).isEqualTo(true);
        activeVersion = version;
    }

    private String v(int version) {
        return "/service/" + serviceId + "/version/" + version;
    }

    private static ApiResponse ok(ApiResponse response) {
        assertThat(GoFastlyWire.succeeded(response)).as(response.describe()).isTrue();
        return response;
    }

    /** UpdateSettingsInput as SettingsServiceAttributeHandler.Process fills it with the schema's defaults. */
    private static Map<String, String> settingsForm() {
        return Map.of("general.default_host", "", "general.default_ttl", "3600", "general.stale_if_error", "false",
                "general.stale_if_error_ttl", "43200");
    }

    /** The health check's fields, the provider's defaults for those not configured. */
    private static Map<String, String> healthCheckForm() {
        var form = new LinkedHashMap<String, String>();
        form.put("check_interval", "5000");
        form.put("expected_response", "200");
        form.put("host", "api.example.com");
        form.put("http_version", "1.1");
        form.put("initial", "3");
        form.put("method", "HEAD");
        form.put("name", "probe");
        form.put("path", "/health");
        form.put("threshold", "3");
        form.put("timeout", "5000");
        form.put("window", "5");
        return form;
    }

    /** A backend block with the schema's defaults, as state holds it (typed). */
    private static Map<String, Object> backend(String name, String address, int port, boolean tls, String healthcheck,
            String condition) {
        var backend = new LinkedHashMap<String, Object>();
        backend.put("name", name);
        backend.put("address", address);
        backend.put("port", port);
        backend.put("use_ssl", tls);
        backend.put("ssl_check_cert", true);
        backend.put("ssl_cert_hostname", tls ? address : "");
        backend.put("ssl_sni_hostname", tls ? address : "");
        backend.put("healthcheck", healthcheck);
        backend.put("request_condition", condition);
        backend.put("shield", "");
        backend.put("auto_loadbalance", false);
        backend.put("prefer_ipv6", false);
        backend.put("between_bytes_timeout", 10000);
        backend.put("connect_timeout", 1000);
        backend.put("error_threshold", 0);
        backend.put("first_byte_timeout", 15000);
        backend.put("max_conn", 200);
        backend.put("weight", 100);
        return backend;
    }

    /** buildCreateBackendInput: every field above, booleans as Compatibool, empty TLS strings left out. */
    private static Map<String, String> backendForm(Map<String, Object> backend) {
        var form = new LinkedHashMap<String, String>();
        backend.forEach((field, value) -> {
            if (value instanceof Boolean flag) {
                form.put(field, flag ? "1" : "0");
            } else if (field.startsWith("ssl_") && "".equals(value)) {
                return; // "shouldn't have an empty string passed"
            } else {
                form.put(field, String.valueOf(value));
            }
        });
        return form;
    }
}
