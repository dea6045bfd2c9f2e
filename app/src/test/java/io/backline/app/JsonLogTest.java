package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json} (or {@code BACKLINE_LOG_FORMAT=json}): a real {@code backline} process,
 * started with the launcher's JVM options, writes nothing but JSON objects with a timestamp, a level,
 * a logger and a message on stdout and stderr, from its start to its shutdown, and never a token.
 */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("Backline API listening on (http://[^\\s\"]+)");

    @Test
    void serveWritesEveryLogLineAsAJsonObjectAndNeverTheAdminToken(@TempDir Path dir) throws Exception {
        var data = dir.resolve("data");
        var run = run(Map.of(), "serve", "--log-format", "json", "--data-dir", data.toString(),
                "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0", "--staging-listen", "127.0.0.1:0", "--edge-tls-listen", "127.0.0.1:0");

        var records = run.records();
        assertThat(records).extracting(record -> record.get("message").asText())
                .anyMatch(message -> message.startsWith("Admin token created; it is in "))
                .anyMatch(message -> message.startsWith("Backline edge listening on http://127.0.0.1:"));
        var token = Files.readString(data.resolve("admin-token")).strip();
        assertThat(token).isNotBlank();
        assertThat(run.stdout() + run.stderr()).doesNotContain(token);
    }

    @Test
    void apiTakesTheFormatFromTheEnvironment(@TempDir Path dir) throws Exception {
        var run = run(Map.of("BACKLINE_LOG_FORMAT", "json"), "api", "--database", "sqlite:" + dir.resolve("api.db"),
                "--api-listen", "127.0.0.1:0");

        assertThat(run.records()).extracting(record -> record.get("message").asText())
                .anyMatch(message -> message.startsWith("Admin token created (the database had none); it is not logged"));
    }

    record Run(String stdout, String stderr) {
        /** Every line of both streams, each checked to be a log record in JSON. */
        List<JsonNode> records() throws IOException {
            var records = new ArrayList<JsonNode>();
            for (var line : (stdout + stderr).lines().toList()) {
                JsonNode record;
                try {
                    record = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
                assertThat(record.isObject()).as("a JSON object: %s", line).isTrue();
                assertThat(record.fieldNames()).toIterable().as(line).contains("timestamp", "level", "logger", "message");
                assertThat(record.get("level").asText()).as(line).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
                records.add(record);
            }
            assertThat(records).isNotEmpty();
            return records;
        }
    }

    /**
     * Starts {@code backline ARGS}, waits until its API answers, asks it to stop (SIGTERM, so the
     * shutdown path logs too) and returns all it wrote.
     */
    private static Run run(Map<String, String> environment, String... args) throws Exception {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                // What jvm.options and the jar's manifest give the launcher; without them the JVM itself
                // warns on stderr in a format of its own.
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", classpath(), Main.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().remove("BACKLINE_LOG_FORMAT");
        builder.environment().putAll(environment);
        var process = builder.start();
        try {
            var stdout = drain(process.getInputStream(), new StringBuffer());
            var stderrSoFar = new StringBuffer();
            var stderr = drain(process.getErrorStream(), stderrSoFar);
            await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(stderrSoFar).find() || !process.isAlive());
            var listening = LISTENING.matcher(stderrSoFar);
            assertThat(listening.find()).as("the API announced itself; stderr:\n%s", stderrSoFar).isTrue();
            var ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(listening.group(1)).resolve("/service")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(401);
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the streams being read
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            return new Run(stdout.get(20, TimeUnit.SECONDS), stderr.get(20, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Reads a stream to its end on its own thread, line by line into {@code soFar}; answers all of it. */
    private static CompletableFuture<String> drain(InputStream stream, StringBuffer soFar) {
        return CompletableFuture.supplyAsync(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> soFar.append(line).append('\n'));
            } catch (IOException e) {
                soFar.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
            return soFar.toString();
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Surefire may start tests through a manifest-only jar; this property then has the real classpath. */
    private static String classpath() {
        var surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
