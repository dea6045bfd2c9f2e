package io.backline.compat;

import static io.backline.compat.BacklineExtension.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fastly's custom TLS with the real CLI (issue 18): {@code tls-custom private-key create},
 * {@code certificate create}, {@code tls-config list}, {@code activation enable}, {@code domain list},
 * {@code activation list}, {@code activation update} to a renewed certificate, {@code activation disable},
 * and {@code private-key delete} refused while a certificate uses the key. Keys and self-signed
 * certificates are made by {@code openssl} in the test, as a user makes them.
 */
class CliTlsCustomCommandsTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @TempDir
    Path dir;

    @Test
    void theCliUploadsActivatesRenewsAndDisablesACertificate() throws Exception {
        String domain = unique("tls").replace(' ', '-') + ".example.com";
        Path key = dir.resolve("key.pem");
        Path first = dir.resolve("first.pem");
        Path renewed = dir.resolve("renewed.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", first.toString(), "-days", "30",
                "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain + ",DNS:*." + domain);
        openssl("req", "-x509", "-new", "-key", key.toString(), "-out", renewed.toString(), "-days", "90", "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=DNS:" + domain + ",DNS:*." + domain);

        var keyCreated = backline.cli().run("tls-custom", "private-key", "create", "--key-path", key.toString(), "--name", "compat key");
        assertThat(keyCreated.exitCode()).as(keyCreated.describe()).isZero();
        String keyId = only(backline.api().getOk("/tls/private_keys").path("data"), "compat key");

        var certCreated = backline.cli().run("tls-custom", "certificate", "create", "--cert-path", first.toString(), "--name", "first");
        assertThat(certCreated.exitCode()).as(certCreated.describe()).isZero();
        String firstId = only(backline.api().getOk("/tls/certificates").path("data"), "first");

        var configs = backline.cli().run("tls-config", "list");
        assertThat(configs.exitCode()).as(configs.describe()).isZero();
        String configId = backline.api().getOk("/tls/configurations").path("data").get(0).path("id").asText();
        assertThat(configs.stdout()).as(configs.describe()).contains(configId);

        var enabled = backline.cli().run("tls-custom", "activation", "enable", "--cert-id", firstId, "--tls-config-id", configId,
                "--tls-domain", domain);
        assertThat(enabled.exitCode()).as(enabled.describe()).isZero();
        JsonNode activations = backline.api().getOk("/tls/activations?filter%5Btls_certificate.id%5D=" + firstId).path("data");
        assertThat(activations).hasSize(1);
        String activationId = activations.get(0).path("id").asText();

        var domains = backline.cli().run("tls-custom", "domain", "list");
        assertThat(domains.exitCode()).as(domains.describe()).isZero();
        assertThat(domains.stdout()).as(domains.describe()).contains(domain);

        var listed = backline.cli().run("tls-custom", "activation", "list");
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        assertThat(listed.stdout()).as(listed.describe()).contains(activationId);

        var renewedCreated = backline.cli().run("tls-custom", "certificate", "create", "--cert-path", renewed.toString(), "--name",
                "renewed");
        assertThat(renewedCreated.exitCode()).as(renewedCreated.describe()).isZero();
        String renewedId = only(backline.api().getOk("/tls/certificates").path("data"), "renewed");
        var updated = backline.cli().run("tls-custom", "activation", "update", "--id", activationId, "--cert-id", renewedId);
        assertThat(updated.exitCode()).as(updated.describe()).isZero();
        assertThat(backline.api().getOk("/tls/activations/" + activationId).path("data").path("relationships").path("tls_certificate")
                .path("data").path("id").asText()).isEqualTo(renewedId);

        var refused = backline.cli().run("tls-custom", "private-key", "delete", "--id", keyId);
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.output()).as(refused.describe()).contains("in use by certificate");

        var disabled = backline.cli().run("tls-custom", "activation", "disable", "--id", activationId);
        assertThat(disabled.exitCode()).as(disabled.describe()).isZero();
        assertThat(backline.api().getOk("/tls/activations?filter%5Btls_domain.id%5D=" + domain).path("data")).isEmpty();
    }

    /** The id of the one resource named {@code name} in a list. */
    private static String only(JsonNode data, String name) {
        List<String> ids = new ArrayList<>();
        data.forEach(item -> {
            if (item.path("attributes").path("name").asText().equals(name)) {
                ids.add(item.path("id").asText());
            }
        });
        assertThat(ids).as("resources named %s in %s", name, data).hasSize(1);
        return ids.getFirst();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
    }
}
