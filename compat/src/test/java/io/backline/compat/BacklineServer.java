package io.backline.compat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Backline server, started from the built jar as a child process on free loopback ports.
 *
 * <pre>{@code
 * try (BacklineServer server = BacklineServer.start(jar, workDir)) {
 *     String reader = server.createToken("global:read");
 *     ... server.baseUri() ...
 * }
 * }</pre>
 */
final class BacklineServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final Process process;
    private final URI baseUri;
    private final URI edgeUri;
    private final String adminToken;
    /** Ends the server if the test JVM exits without {@link #close()} (a crash or an interrupted run). */
    private final Thread reaper;

    private BacklineServer(Path jar, Path dataDir, Path log, Process process, URI baseUri, URI edgeUri, String adminToken) {
        this.reaper = new Thread(process::destroyForcibly, "backline-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        this.jar = jar;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
        this.baseUri = baseUri;
        this.edgeUri = edgeUri;
        this.adminToken = adminToken;
    }

    /** Starts a server with a fresh data directory under {@code workDir} and waits until it answers. */
    static BacklineServer start(Path jar, Path workDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("backline.jar: " + jar + " (expected: the jar built by module app;"
                    + " run the reactor, e.g. mvn -pl compat -am verify)");
        }
        try {
            Path dataDir = Files.createDirectories(workDir.resolve("data"));
            Path log = workDir.resolve("server.log");
            // Port 0, and the ports read back from the log: a port chosen here can be taken before the
            // server binds it (by any connection's ephemeral port), which failed a CI run.
            List<String> command = new ArrayList<>(javaCommand(jar));
            command.addAll(List.of("serve", "--data-dir", dataDir.toString(),
                    "--api-listen", "127.0.0.1:0", "--edge-listen", "127.0.0.1:0",
                    "--staging-listen", "127.0.0.1:0", "--edge-tls-listen", "127.0.0.1:0", "--rate-limit", "0"));
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                int apiPort = announcedPort(process, log, "Backline API listening on http://127.0.0.1:");
                int edgePort = announcedPort(process, log, "Backline edge listening on http://127.0.0.1:");
                URI baseUri = URI.create("http://127.0.0.1:" + apiPort);
                awaitPing(process, baseUri, log);
                String token = Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new IllegalStateException("admin-token: empty (expected: the admin token's secret)");
                }
                return new BacklineServer(jar, dataDir, log, process, baseUri, URI.create("http://127.0.0.1:" + edgePort), token);
            } catch (RuntimeException | IOException e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /** The edge listener of the same process, where configured domains are served. */
    URI edgeUri() {
        return edgeUri;
    }

    /** The base URL without a trailing slash, e.g. {@code http://127.0.0.1:40123}. */
    String baseUrl() {
        return baseUri.toString();
    }

    String adminToken() {
        return adminToken;
    }

    Path log() {
        return log;
    }

    /** Creates a token with {@code backline token create} and returns its secret. */
    String createToken(String scope, String... serviceIds) {
        List<String> command = new ArrayList<>(javaCommand(jar));
        command.addAll(List.of("token", "create", "--data-dir", dataDir.toString(), "--scope", scope));
        for (String serviceId : serviceIds) {
            command.add("--service");
            command.add(serviceId);
        }
        ProcessResult result = ProcessRunner.run(command, dataDir.getParent(), env -> { }, null, TOOL_TIMEOUT);
        String secret = result.stdout().strip();
        if (!result.succeeded() || secret.isEmpty() || secret.contains("\n")) {
            throw new IllegalStateException("token create: unexpected result (expected: exit 0 and one line)\n"
                    + result.describe());
        }
        return secret;
    }

    /** The last lines the server printed, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static List<String> javaCommand(Path jar) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "-jar", jar.toString());
    }

    /** The port at the end of the log line {@code announcement} + PORT, once the server has printed it (it does when bound). */
    private static int announcedPort(Process process, Path log, String announcement) throws IOException {
        var pattern = Pattern.compile("^" + Pattern.quote(announcement) + "(\\d+)", Pattern.MULTILINE);
        try {
            return await("backline serve prints '" + announcement + "PORT'")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("backline serve exited", () -> !process.isAlive())
                    .until(() -> {
                        var matcher = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
                        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
                    }, port -> port > 0);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException(e.getMessage() + "; its output:\n" + Files.readString(log), e);
        }
    }

    /** A port nothing listens on now (for a proxy setting that must fail fast, not for a server to bind). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPing(Process process, URI baseUri, Path log) throws IOException {
        HttpRequest ping = HttpRequest.newBuilder(baseUri.resolve("/_backline/ping"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            await("backline serve answers " + ping.uri())
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("backline serve exited", () -> !process.isAlive())
                    .until(() -> answers(http, ping));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException(e.getMessage() + "; its output:\n" + Files.readString(log), e);
        }
    }

    private static boolean answers(HttpClient http, HttpRequest ping) throws InterruptedException {
        try {
            return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }
}
