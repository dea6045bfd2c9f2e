package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGHUP} reopens the access log of a real {@code backline serve} process, as logrotate's
 * postrotate sends it, and no longer stops the process (the JVM's default for HUP). A child
 * process, so that the signal never reaches the JVM running the tests.
 */
class AccessLogHangupTest {
    @TempDir
    Path dir;

    @Test
    void hangupReopensTheAccessLogAndTheServerKeepsRunning() throws Exception {
        var accessLog = dir.resolve("access.log");
        var output = dir.resolve("serve.log");
        var process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", CrashServer.testClasspath(), "io.backline.app.Main", "serve", "--data-dir", dir.resolve("data").toString(),
                "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0", "--staging-listen", "127.0.0.1:0",
                "--edge-tls-listen", "127.0.0.1:0",
                "--warmup-requests", "0", "--access-log", accessLog.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try (var http = HttpClient.newHttpClient()) {
            int edgePort = CrashServer.announcedPort(process, output, "Backline edge listening on");
            assertThat(get(http, edgePort, "/before")).isEqualTo(404); // no service: the edge's own answer, logged all the same
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(accessLog) && lines(accessLog).size() == 1);

            var rotated = dir.resolve("access.log.1");
            Files.move(accessLog, rotated);
            var hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS) && hup.exitValue() == 0).as("kill -HUP").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(accessLog));

            assertThat(get(http, edgePort, "/after")).isEqualTo(404);
            await().atMost(Duration.ofSeconds(5)).until(() -> lines(accessLog).size() == 1);
            assertThat(lines(accessLog).getFirst()).contains("\"path\":\"/after\"");
            assertThat(lines(rotated)).singleElement().asString().contains("\"path\":\"/before\"");
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Host", "unknown.example").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }
}
