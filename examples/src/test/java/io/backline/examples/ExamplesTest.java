package io.backline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.app.BacklineServer;
import io.backline.app.ServeConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example programs as a user would, in a child JVM (the token comes from the
 * environment, as the programs read it), against the real server.
 */
class ExamplesTest {
    @TempDir
    Path dir;

    private BacklineServer server;

    @BeforeEach
    void start() {
        server = BacklineServer.start(ServeConfig.ephemeral(dir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tourCreatesClonesActivatesAndPrintsEachStep() throws Exception {
        var output = run("io.backline.examples.Tour", server.apiUri().toString(), "tour.test");
        assertThat(output).containsPattern("service \\w+ tour-tour.test, version 1")
                .contains("backend origin -> blue.example.com:80 in version 1")
                .contains("activated version 1 (locked true)")
                .contains("cloned into version 2")
                .contains("active version 2: origin -> green.example.com")
                .contains("backends of the active version: 1");
    }

    @Test
    void createBackendExampleCreatesTestBackend() throws Exception {
        var sid = createService("example");
        var output = run("io.backline.examples.CreateBackendExample", server.apiUri().toString(), sid, "1");
        assertThat(output).contains("200 test-backend -> example.com:443 (use_ssl=true, version 1)");
    }

    private String createService(String name) throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(HttpRequest.newBuilder(URI.create(server.apiUri() + "/service"))
                .header("Fastly-Key", server.adminToken()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return io.backline.wire.Json.mapper().readTree(response.body()).get("id").asText();
    }

    private String run(String mainClass, String... args) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FASTLY_API_TOKEN", server.adminToken());
        var process = builder.start();
        var out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        int code = process.waitFor();
        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }

}
