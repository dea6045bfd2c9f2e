package io.backline.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code backline serve} process started from the test classpath, on fresh loopback ports,
 * over a data directory that outlives it.
 *
 * <p>The server runs as {@code java -cp <test classpath> io.backline.app.Main serve ...} because the
 * app module's tests run before {@code package}, so {@code target/backline.jar} does not exist yet.
 * Its output goes to one log file per start.
 */
final class CrashServer implements AutoCloseable {
    /** Exit status the JDK reports for a process ended by signal 9 (128 + SIGKILL). */
    static final int SIGKILL_EXIT = 128 + 9;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI apiBase;
    private final Path log;
    private final Duration startup;
    private final String token;

    private CrashServer(Process process, URI apiBase, Path log, Duration startup, String token) {
        this.process = process;
        this.apiBase = apiBase;
        this.log = log;
        this.startup = startup;
        this.token = token;
    }

    /** Starts the server on {@code dataDir} and returns once {@code /_backline/ping} answers 200. */
    static CrashServer start(Path dataDir, Path log) throws IOException, InterruptedException {
        int apiPort = freePort();
        int edgePort = freePort();
        while (edgePort == apiPort) {
            edgePort = freePort();
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp", testClasspath(),
                "io.backline.app.Main",
                "serve",
                "--data-dir", dataDir.toString(),
                "--api-listen", "127.0.0.1:" + apiPort,
                "--edge-listen", "127.0.0.1:" + edgePort,
                "--rate-limit", "0"));
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        URI apiBase = URI.create("http://127.0.0.1:" + apiPort + "/");
        try {
            awaitPing(process, apiBase, log);
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            String token = awaitToken(process, dataDir.resolve("admin-token"), log);
            return new CrashServer(process, apiBase, log, startup, token);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    CrashApi api() {
        return new CrashApi(apiBase, token);
    }

    Duration startup() {
        return startup;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and returns the exit status. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("server pid " + process.pid() + " still alive 10 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** The last lines of this start's log, for failure messages. */
    String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitPing(Process process, URI apiBase, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(apiBase.resolve("/_backline/ping"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500))
                .build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("server exited with status " + process.exitValue()
                            + " before answering /_backline/ping; log:\n" + tail(log));
                }
                try {
                    if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // keep polling until the deadline
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("server did not answer /_backline/ping within " + READY_TIMEOUT
                            + "; log:\n" + tail(log));
                }
                Thread.sleep(10);
            }
        }
    }

    private static String awaitToken(Process process, Path tokenFile, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            if (Files.exists(tokenFile)) {
                String token = Files.readString(tokenFile, UTF_8).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no admin token in " + tokenFile + "; log:\n" + tail(log));
            }
            Thread.sleep(10);
        }
    }

    /**
     * The test JVM's real classpath. Surefire may launch tests through a manifest-only jar, in which
     * case {@code java.class.path} names only that jar and {@code surefire.test.class.path} holds the
     * full list; a module path, when used, is appended so the server finds every class.
     */
    static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path");
        if (classpath == null || classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            classpath = classpath + File.pathSeparator + modulePath;
        }
        return classpath;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }
}
