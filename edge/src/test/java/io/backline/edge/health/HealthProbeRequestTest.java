package io.backline.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.BackendSettings;
import io.backline.edge.HealthcheckSettings;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.ServiceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes a probe sends and how it reads a status line. */
class HealthProbeRequestTest {

    private static BackendSettings backend(String... fields) {
        var input = new HashMap<String, List<String>>(Map.of("name", List.of("origin"), "address", List.of("127.0.0.1"),
                "port", List.of("8080"), "healthcheck", List.of("hc")));
        for (int i = 0; i < fields.length; i += 2) {
            input.put(fields[i], List.of(fields[i + 1]));
        }
        var values = BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(input), ServiceType.VCL);
        return BackendSettings.from("svc", values, 0);
    }

    private static HealthcheckSettings check(String host, String method, String version, List<String> headers) {
        return new HealthcheckSettings("hc", host, "/ping?deep=1", method, version, 200, 1_000, 500, 5, 3, 3, headers);
    }

    @Test
    void sendsTheRequestLineHostConfiguredHeadersCloseAndUserAgent() {
        var text = ProbeClient.request(backend(), check("probe.example", "GET", "1.1", List.of("X-Probe: yes", "Accept: */*")));
        assertThat(text).isEqualTo("GET /ping?deep=1 HTTP/1.1\r\nHost: probe.example\r\nX-Probe: yes\r\nAccept: */*\r\n"
                + "Connection: close\r\nUser-Agent: backline-healthcheck\r\n\r\n");
    }

    @Test
    void speaksHttp10WhenAskedAndHttp11ForAnythingElse() {
        assertThat(ProbeClient.request(backend(), check(null, "HEAD", "1.0", List.of()))).startsWith("HEAD /ping?deep=1 HTTP/1.0\r\n");
        assertThat(ProbeClient.request(backend(), check(null, "HEAD", "2", List.of()))).startsWith("HEAD /ping?deep=1 HTTP/1.1\r\n");
    }

    @Test
    void hostFallsBackToOverrideHostThenToTheAddress() {
        var noHost = check(null, "HEAD", "1.1", List.of());
        assertThat(ProbeClient.host(backend("override_host", "www.example.com"), noHost)).isEqualTo("www.example.com");
        assertThat(ProbeClient.host(backend(), noHost)).isEqualTo("127.0.0.1");
        assertThat(ProbeClient.host(backend("address", "::1"), noHost)).isEqualTo("[::1]");
        assertThat(ProbeClient.host(backend("override_host", "www.example.com"), check("probe.example", "HEAD", "1.1", List.of())))
                .isEqualTo("probe.example");
    }

    @Test
    void configuredHostAndUserAgentReplaceTheDefaultsAndConnectionIsAlwaysClose() {
        var text = ProbeClient.request(backend(), check("probe.example", "HEAD", "1.1",
                List.of("host: other.example", "User-Agent: monitor/1", "Connection: keep-alive")));
        assertThat(text).isEqualTo("HEAD /ping?deep=1 HTTP/1.1\r\nhost: other.example\r\nUser-Agent: monitor/1\r\n"
                + "Connection: close\r\n\r\n");
    }

    @Test
    void readsTheStatusCodeOfAStatusLineOnly() {
        assertThat(ProbeClient.statusCode("HTTP/1.1 200 OK")).isEqualTo(200);
        assertThat(ProbeClient.statusCode("HTTP/1.0 503")).isEqualTo(503);
        assertThat(ProbeClient.statusCode("HTTP/1.1 2000 OK")).isEqualTo(-1);
        assertThat(ProbeClient.statusCode("SSH-2.0-OpenSSH_9.6")).isEqualTo(-1);
        assertThat(ProbeClient.statusCode("HTTP/1.1 OK")).isEqualTo(-1);
    }
}
