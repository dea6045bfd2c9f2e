package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static io.backline.compat.BacklineExtension.unique;
import static io.backline.compat.CliBackendCommandsTest.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly logging syslog|https create|list|describe|update|delete} with the real CLI and its
 * real flags, asserting what the API stored; a bad format is refused with the CLI showing the
 * detail that names the directive and its position.
 */
class CliLoggingCommandsTest {
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void syslogCreateListDescribeUpdateAndDelete() throws JsonProcessingException {
        String sid = backline.api().createService(unique("cli syslog"));
        BacklineApi.ok(backline.api().post("/service/" + sid + "/version/1/condition",
                form("name", "errors", "statement", "resp.status >= 500", "type", "RESPONSE")));

        ProcessResult created = backline.cli().run("logging", "syslog", "create", "-s", sid, "--version", "1",
                "--name", "sys", "--address", "logs.example.com", "--port", "6514", "--use-tls", "--tls-hostname",
                "logs.example.com", "--tls-ca-cert", CA, "--auth-token", "tok-1", "--message-type", "logplex",
                "--format", "%h %t \"%r\" %>s %{req.http.User-Agent}V", "--format-version", "2", "--placement", "none",
                "--response-condition", "errors", "--processing-region", "eu");

        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.stdout()).as(created.describe()).contains("sys");
        JsonNode stored = backline.api().getOk(path(sid, "syslog") + "/sys");
        assertFields(stored, Map.ofEntries(Map.entry("name", "sys"), Map.entry("address", "logs.example.com"),
                Map.entry("hostname", "logs.example.com"), Map.entry("port", "6514"), Map.entry("use_tls", "1"),
                Map.entry("tls_hostname", "logs.example.com"), Map.entry("tls_ca_cert", CA), Map.entry("token", "tok-1"),
                Map.entry("message_type", "logplex"), Map.entry("format", "%h %t \"%r\" %>s %{req.http.User-Agent}V"),
                Map.entry("format_version", "2"), Map.entry("placement", "none"), Map.entry("response_condition", "errors"),
                Map.entry("log_processing_region", "eu")));

        assertThat(backline.cli().run("logging", "syslog", "create", "-s", sid, "--version", "1", "--name", "plain",
                "--address", "192.0.2.9").exitCode()).isZero();
        JsonNode plain = backline.api().getOk(path(sid, "syslog") + "/plain");
        assertFields(plain, Map.of("port", "514", "use_tls", "0", "message_type", "classic", "format_version", "2",
                "ipv4", "192.0.2.9", "format", "%h %l %u %t \"%r\" %>s %b"));

        ProcessResult list = backline.cli().run("logging", "syslog", "list", "-s", sid, "--version", "1", "--json");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(names(BacklineApi.JSON.readTree(list.stdout()))).as(list.describe()).containsExactly("sys", "plain");

        ProcessResult described = backline.cli().run("logging", "syslog", "describe", "-s", sid, "--version", "1", "--name", "sys",
                "--json");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        JsonNode shown = BacklineApi.JSON.readTree(described.stdout());
        assertThat(shown.path("Port").asInt()).as(described.describe()).isEqualTo(6514);
        assertThat(shown.path("UseTLS").asBoolean()).as(described.describe()).isTrue();
        assertThat(shown.path("FormatVersion").asInt()).as(described.describe()).isEqualTo(2);

        ProcessResult updated = backline.cli().run("logging", "syslog", "update", "-s", sid, "--version", "1", "--name", "sys",
                "--new-name", "sys2", "--port", "1514", "--placement", "");
        assertThat(updated.exitCode()).as(updated.describe()).isZero();
        assertThat(backline.api().object(sid, 1, "logging/syslog", "sys").status()).isEqualTo(404);
        JsonNode renamed = backline.api().getOk(path(sid, "syslog") + "/sys2");
        assertFields(renamed, Map.of("port", "1514", "token", "tok-1", "message_type", "logplex"));
        assertThat(renamed.path("placement").isNull()).as("--placement '' resets it: %s", renamed).isTrue();

        ProcessResult deleted = backline.cli().run("logging", "syslog", "delete", "-s", sid, "--version", "1", "--name", "sys2");
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(backline.api().names(sid, 1, "logging/syslog")).containsExactly("plain");
    }

    @Test
    void httpsCreateListDescribeUpdateAndDelete() throws JsonProcessingException {
        String sid = backline.api().createService(unique("cli https"));

        ProcessResult created = backline.cli().run("logging", "https", "create", "-s", sid, "--version", "1",
                "--name", "web", "--url", "https://logs.example.com/ingest", "--method", "PUT", "--content-type",
                "application/json", "--header-name", "Authorization", "--header-value", "Bearer abc", "--json-format", "2",
                "--request-max-entries", "100", "--request-max-bytes", "65536", "--message-type", "blank", "--period", "10",
                "--format", "{\"url\":\"%{json.escape(req.url)}V\",\"status\":%{resp.status}V}", "--gzip-level", "4");

        assertThat(created.exitCode()).as(created.describe()).isZero();
        JsonNode stored = backline.api().getOk(path(sid, "https") + "/web");
        assertFields(stored, Map.ofEntries(Map.entry("url", "https://logs.example.com/ingest"), Map.entry("method", "PUT"),
                Map.entry("content_type", "application/json"), Map.entry("header_name", "Authorization"),
                Map.entry("header_value", "Bearer abc"), Map.entry("json_format", "2"), Map.entry("request_max_entries", 100),
                Map.entry("request_max_bytes", 65536), Map.entry("message_type", "blank"), Map.entry("period", 10),
                Map.entry("gzip_level", 4), Map.entry("format", "{\"url\":\"%{json.escape(req.url)}V\",\"status\":%{resp.status}V}")));

        ProcessResult list = backline.cli().run("logging", "https", "list", "-s", sid, "--version", "1", "--json");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(names(BacklineApi.JSON.readTree(list.stdout()))).as(list.describe()).containsExactly("web");

        ProcessResult described = backline.cli().run("logging", "https", "describe", "-s", sid, "--version", "1", "--name", "web");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("https://logs.example.com/ingest", "Authorization");

        ProcessResult updated = backline.cli().run("logging", "https", "update", "-s", sid, "--version", "1", "--name", "web",
                "--new-name", "web2", "--compression-codec", "zstd", "--request-max-entries", "500");
        assertThat(updated.exitCode()).as(updated.describe()).isZero();
        JsonNode renamed = backline.api().getOk(path(sid, "https") + "/web2");
        assertFields(renamed, Map.of("compression_codec", "zstd", "request_max_entries", 500, "method", "PUT"));
        assertThat(renamed.path("gzip_level").isNull()).as("%s", renamed).isTrue();

        ProcessResult deleted = backline.cli().run("logging", "https", "delete", "-s", sid, "--version", "1", "--name", "web2");
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(backline.api().names(sid, 1, "logging/https")).isEmpty();
    }

    @Test
    void aFormatWithAnUnknownDirectiveIsRefusedWithItsPosition() {
        String sid = backline.api().createService(unique("cli bad format"));

        ProcessResult refused = backline.cli().run("logging", "https", "create", "-s", sid, "--version", "1", "--name", "bad",
                "--url", "https://logs.example.com/", "--format", "%h %l %u %t %Q");

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).as(refused.describe()).contains("unknown directive %Q at position 13");
        assertThat(backline.api().names(sid, 1, "logging/https")).isEmpty();
    }

    private static String path(String sid, String kind) {
        return "/service/" + sid + "/version/1/logging/" + kind;
    }

    private static List<String> names(JsonNode list) {
        var names = new ArrayList<String>();
        list.forEach(item -> names.add(item.path("Name").asText()));
        return names;
    }
}
