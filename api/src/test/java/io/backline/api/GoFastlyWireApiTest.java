package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire exactly as go-fastly's encoder writes it for Terraform's provider: {@code go-querystring}
 * form bodies with keys in sorted order, {@code Compatibool} booleans as {@code 1}/{@code 0},
 * pointers to empty strings sent as empty values ({@code healthcheck=}, {@code request_condition=},
 * {@code shield=}), and health-check headers as one JSON-array form value with raw quotes and the
 * space after the colon dropped ({@code parseHealthCheckHeaders}). Every answer is checked as
 * go-fastly's struct would decode it ({@link GoStruct}), and writes carry the
 * {@code Fastly-RateLimit-*} headers go-fastly reads after every non-GET request.
 */
class GoFastlyWireApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(1_000);

    private static ApiHarness.Reply send(String method, String path, String body) {
        var call = api.call(method, path);
        if (!body.isEmpty()) {
            call.form(body);
        }
        return call.send();
    }

    private static JsonNode decoded(GoStruct struct, ApiHarness.Reply reply) {
        // go-fastly's checkResp takes 200 to 207 (but 203) as success; Backline answers every success 200.
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        var body = reply.json();
        assertThat(struct.problems(body)).as(reply.toString()).isEmpty();
        return body;
    }

    private static void rateLimited(ApiHarness.Reply write) {
        assertThat(write.header("Fastly-RateLimit-Remaining")).as(write.toString()).matches("\\d+");
        assertThat(write.header("Fastly-RateLimit-Reset")).as(write.toString()).matches("\\d+");
    }

    @Test
    void backendCreatesAsTheProviderSendsThemDecodeAsGoFastlysBackend() {
        var sid = api.createService("wire backends");
        var base = "/service/" + sid + "/version/1/";
        // buildCreateBackendInput: every pointer set, the empty strings included; use_ssl and friends Compatibool.
        var tls = send("POST", base + "backend", "address=secure.example.com&auto_loadbalance=0&between_bytes_timeout=10000"
                + "&connect_timeout=1000&error_threshold=0&first_byte_timeout=15000&healthcheck=&max_conn=200&name=secure&port=443"
                + "&prefer_ipv6=0&request_condition=&shield=&ssl_cert_hostname=secure.example.com&ssl_check_cert=1"
                + "&ssl_sni_hostname=secure.example.com&use_ssl=1&weight=100");
        var condition = send("POST", base + "condition", "name=api&priority=10&statement=req.url+~+%22%5E%2Fapi%22&type=REQUEST");
        var check = send("POST", base + "healthcheck", "check_interval=5000&expected_response=200&host=api.example.com"
                + "&http_version=1.1&initial=3&method=HEAD&name=probe&path=%2Fhealth&threshold=3&timeout=5000&window=5"
                + "&headers=%5B\"X-Probe:terraform\"%5D");
        var checked = send("POST", base + "backend", "address=api.example.com&auto_loadbalance=0&between_bytes_timeout=10000"
                + "&connect_timeout=1000&error_threshold=0&first_byte_timeout=15000&healthcheck=probe&max_conn=200&name=api&port=80"
                + "&prefer_ipv6=0&request_condition=api&shield=&ssl_check_cert=1&use_ssl=0&weight=100");

        var secure = decoded(GoStruct.BACKEND, tls);
        var api = decoded(GoStruct.BACKEND, checked);
        decoded(GoStruct.CONDITION, condition);
        var probe = decoded(GoStruct.HEALTH_CHECK, check);

        assertThat(secure.path("use_ssl").asBoolean()).isTrue();
        assertThat(secure.path("auto_loadbalance").isBoolean() && !secure.path("auto_loadbalance").asBoolean()).isTrue();
        assertThat(secure.path("healthcheck").isNull()).as("healthcheck= clears: %s", secure).isTrue();
        assertThat(secure.path("shield").isNull()).as("shield= clears: %s", secure).isTrue();
        assertThat(secure.path("request_condition").asText()).isEmpty();
        assertThat(api.path("request_condition").asText()).isEqualTo("api");
        assertThat(api.path("healthcheck").asText()).isEqualTo("probe");
        assertThat(api.path("use_ssl").asBoolean()).isFalse();
        assertThat(probe.path("headers")).hasSize(1);
        assertThat(probe.path("headers").get(0).asText()).as("Fastly's normal form").isEqualTo("X-Probe: terraform");
        for (var write : new ApiHarness.Reply[] {tls, condition, check, checked}) {
            rateLimited(write);
        }
    }

    @Test
    void healthCheckHeadersAreNormalisedAndSortedOnCreateAndUpdate() {
        var sid = api.createService("wire headers");
        var base = "/service/" + sid + "/version/1/healthcheck";

        var created = decoded(GoStruct.HEALTH_CHECK, send("POST", base,
                "name=hc&window=5000&headers=%5B\"X-Probe:terraform\",\"Accept:text/plain\",\"A:+b+c\"%5D"));
        var updated = decoded(GoStruct.HEALTH_CHECK, send("PUT", base + "/hc", "headers=%5B\"Foo:Bar\"%5D"));

        assertThat(created.path("window").asInt()).isEqualTo(5000);
        assertThat(created.path("headers")).extracting(JsonNode::asText).containsExactly("A: b c", "Accept: text/plain", "X-Probe: terraform");
        assertThat(updated.path("headers")).extracting(JsonNode::asText).containsExactly("Foo: Bar");
        assertThat(api.get(base + "/hc").ok().json().path("headers")).extracting(JsonNode::asText).containsExactly("Foo: Bar");
    }

    @Test
    void domainsAndTheServiceLevelListDecodeAsGoFastlysStructs() {
        var sid = api.createService("wire domains");
        decoded(GoStruct.DOMAIN, send("POST", "/service/" + sid + "/version/1/domain", "comment=c&name=www.wire.example"));

        var list = api.get("/service/" + sid + "/domain").ok().json();

        assertThat(list).hasSize(1);
        assertThat(GoStruct.SERVICE_DOMAIN.problems(list.get(0))).isEmpty();
    }

    @Test
    void settingsAndHttp3AsTheProviderWritesThemOnANewService() {
        var sid = api.createService("wire settings");
        var base = "/service/" + sid + "/version/1/";

        // SettingsServiceAttributeHandler.Process: UpdateSettings (DefaultTTL has no omitempty; DefaultHost
        // points to ""), then DisableHTTP3 because http3 is false by default.
        var put = send("PUT", base + "settings",
                "general.default_host=&general.default_ttl=3600&general.stale_if_error=false&general.stale_if_error_ttl=43200");
        var disabled = send("DELETE", base + "http3", "");
        // Read: GetSettings, then GetHTTP3 whose 404 means off.
        var read = api.get(base + "settings");
        var off = api.get(base + "http3");
        // http3 = true: GetHTTP3 errs (404), so EnableHTTP3 with feature_revision=1.
        var enabled = send("POST", base + "http3", "feature_revision=1");

        decoded(GoStruct.SETTINGS, put);
        assertThat(decoded(GoStruct.STATUS, disabled).path("status").asText()).isEqualTo("ok");
        var settings = decoded(GoStruct.SETTINGS, read);
        assertThat(off.status()).isEqualTo(404);
        decoded(GoStruct.HTTP3, enabled);
        assertThat(settings.path("general.default_ttl").asInt()).isEqualTo(3600);
        assertThat(settings.path("general.default_host").asText()).isEmpty();
        for (var write : new ApiHarness.Reply[] {put, disabled, enabled}) {
            rateLimited(write);
        }
    }
}
