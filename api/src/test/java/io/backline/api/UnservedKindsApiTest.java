package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lists Terraform's provider reads on import and refresh for kinds Backline does not serve:
 * {@code 200 []} on a version of a known service, 404 otherwise, and a create refused with a detail.
 */
class UnservedKindsApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static String sid = "";

    @BeforeAll
    static void service() {
        sid = api.createService("unserved kinds");
    }

    @Test
    void everyListTheProviderReadsAnswersAnEmptyArray() {
        assertThat(UnservedKindHandlers.KINDS).hasSize(36).doesNotContain("logging/syslog", "logging/https")
                .contains("acl", "rate-limiters", "logging/azureblob", "logging/pubsub", "logging/newrelicotlp", "vcl");
        for (var kind : UnservedKindHandlers.KINDS) {
            var reply = api.get("/service/" + sid + "/version/1/" + kind).ok();

            assertThat(reply.json().isArray()).as(reply.toString()).isTrue();
            assertThat(reply.json()).as(reply.toString()).isEmpty();
        }
    }

    @Test
    void anUnknownServiceOrVersionIsStillA404() {
        for (var kind : UnservedKindHandlers.KINDS) {
            var noService = api.get("/service/nosuchservice000000000/version/1/" + kind).status(404).json();
            var noVersion = api.get("/service/" + sid + "/version/7/" + kind).status(404).json();

            assertThat(noService.path("detail").asText()).as(kind).contains("nosuchservice000000000");
            assertThat(noVersion.path("detail").asText()).as(kind).contains("number => 7");
        }
    }

    @Test
    void aCreateIsRefusedWithADetailSayingBacklineDoesNotServeTheKind() {
        for (var kind : UnservedKindHandlers.KINDS) {
            var reply = api.post("/service/" + sid + "/version/1/" + kind, ApiHarness.form("name", "x")).status(400).json();

            assertThat(reply.path("msg").asText()).isEqualTo("Bad request");
            assertThat(reply.path("detail").asText()).as(kind).startsWith(kind + ": Backline does not serve this kind of object yet")
                    .contains("backend", "director", "settings");
        }
        assertThat(api.get("/service/" + sid + "/version/1/acl/x").status(404).json().path("detail").asText())
                .contains("Backline stores no acl objects");
    }

    @Test
    void theTwoReadsTheProviderToleratesA404OnAnswerItWithMsgAndDetail() {
        for (var path : new String[] {"/service/" + sid + "/version/1/image_optimizer_default_settings",
                "/enabled-products/v1/image_optimizer/services/" + sid}) {
            var body = api.get(path).status(404).json();

            assertThat(body.path("msg").asText()).isEqualTo("Not found");
            assertThat(body.path("detail").asText()).startsWith("path: '" + path + "'");
        }
    }
}
