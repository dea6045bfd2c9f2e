package io.backline.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One {@code backline serve} process on fresh loopback ports over a data directory that outlives
 * it, or one {@code backline api} node on a database that outlives it.
 *
 * <p>In the tests the server runs as {@code java -cp <test classpath> io.backline.app.Main ...}
 * because the app module's tests run before {@code package}, so {@code target/backline.jar} does
 * not exist yet; {@code bench/crash-loop.sh} runs the real jar instead (see {@link Launcher}).
 * Its output goes to one log file per start.
 */
final class CrashServer implements AutoCloseable {
    /** Exit status the JDK reports for a process ended by signal 9 (128 + SIGKILL). */
    static final int SIGKILL_EXIT = 128 + 9;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** What a start prints when it had to make an admin token (an empty database). */
    static final String NEW_ADMIN_TOKEN = "Admin token (shown once";

    /** How to run {@code backline}: the JVM, its options and what to run, before the subcommand. */
    record Launcher(List<String> command) {
        /** {@code java -cp <test classpath> io.backline.app.Main}, small and quick to start, for the tests. */
        static Launcher testClasspath() {
            return new Launcher(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", CrashServer.testClasspath(), "io.backline.app.Main"));
        }

        /** {@code java OPTIONS -jar JAR}, as the {@code backline} launcher runs it. */
        static Launcher jar(Path jar, List<String> jvmOptions) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            return new Launcher(List.copyOf(command));
        }
    }

    private final Process process;
    private final URI apiBase;
    private final Path log;
    private final Duration startup;
    private final String token;

    private final int edgePort;

    private CrashServer(Process process, URI apiBase, int edgePort, Path log, Duration startup, String token) {
        this.edgePort = edgePort;
        this.process = process;
        this.apiBase = apiBase;
        this.log = log;
        this.startup = startup;
        this.token = token;
    }

    /** Starts {@code backline serve} from the test classpath on {@code dataDir}; see {@link #serve}. */
    static CrashServer start(Path dataDir, Path log) throws IOException, InterruptedException {
        return serve(Launcher.testClasspath(), dataDir, log);
    }

    /** Starts {@code backline serve} on {@code dataDir} and returns once {@code /_backline/ping} answers 200. */
    static CrashServer serve(Launcher launcher, Path dataDir, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher.command());
        command.addAll(List.of("serve",
                "--data-dir", dataDir.toString(),
                "--api-listen", "127.0.0.1:0",
                "--edge-listen", "127.0.0.1:0",
                "--staging-listen", "127.0.0.1:0", "--edge-tls-listen", "127.0.0.1:0",
                "--rate-limit", "0"));
        return launch(command, true, log, () -> awaitToken(dataDir.resolve("admin-token")));
    }

    /**
     * Starts {@code backline api --database DATABASE} and returns once its ping answers 200. The
     * token is {@code knownToken}, or, when null, the admin token the node printed because the
     * database had none.
     */
    static CrashServer api(Launcher launcher, String database, @Nullable String knownToken, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher.command());
        command.addAll(List.of("api", "--database", database, "--api-listen", "127.0.0.1:0", "--rate-limit", "0"));
        return launch(command, false, log, () -> knownToken != null ? knownToken : printedToken(log));
    }

    /** Reads the token once the server answers, from the file or the log line holding it. */
    @FunctionalInterface
    private interface TokenSource {
        String read() throws IOException, InterruptedException;
    }

    /**
     * Starts the process with its listeners on port 0 and reads the ports it bound from its log:
     * a port chosen here and bound there can be taken in between (by any connection's ephemeral
     * port), which failed a CI run.
     */
    private static CrashServer launch(List<String> command, boolean withEdge, Path log, TokenSource tokens)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            int apiPort = announcedPort(process, log, "Backline API listening on");
            URI apiBase = URI.create("http://127.0.0.1:" + apiPort + "/");
            awaitPing(process, apiBase, log);
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            int edgePort = withEdge ? announcedPort(process, log, "Backline edge listening on") : 0;
            return new CrashServer(process, apiBase, edgePort, log, startup, tokens.read());
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    CrashApi api() {
        return new CrashApi(apiBase, token);
    }

    String token() {
        return token;
    }

    URI apiBase() {
        return apiBase;
    }

    /** Where {@code backline serve} proxies traffic (an API node has no edge). */
    URI edgeBase() {
        if (edgePort == 0) {
            throw new IllegalStateException("an API node has no edge");
        }
        return URI.create("http://127.0.0.1:" + edgePort + "/");
    }

    /** Whether this start printed a new admin token (it must only on an empty database). */
    boolean printedNewAdminToken() {
        return readLog(log).contains(NEW_ADMIN_TOKEN);
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

    private static void awaitPing(Process process, URI apiBase, Path log) {
        HttpRequest ping = HttpRequest.newBuilder(apiBase.resolve("/_backline/ping"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500))
                .build()) {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("server exited with status " + process.exitValue()
                            + " before answering /_backline/ping; log:\n" + tail(log));
                }
                try {
                    return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("server did not answer /_backline/ping within " + READY_TIMEOUT
                    + "; log:\n" + tail(log), e);
        }
    }

    /** The serve command writes the token file before the API starts: it is there once the ping answers. */
    private static String awaitToken(Path tokenFile) throws IOException {
        String token = Files.exists(tokenFile) ? Files.readString(tokenFile, UTF_8).strip() : "";
        if (token.isEmpty()) {
            throw new AssertionError("no admin token in " + tokenFile);
        }
        return token;
    }

    private static String printedToken(Path log) {
        for (String line : readLog(log).split("\n")) {
            int at = line.indexOf(NEW_ADMIN_TOKEN);
            if (at >= 0) {
                return line.substring(line.lastIndexOf(' ') + 1).strip();
            }
        }
        throw new AssertionError("the node printed no admin token and none was given; log:\n" + tail(log));
    }

    /**
     * The port in the log line that starts with {@code announcement} ("Backline API listening on
     * http://127.0.0.1:PORT", "Backline edge e1 listening on port PORT ..."), once the process has
     * printed it: Main prints it when the listener is bound, so a process started on port 0 says here
     * which port it got.
     */
    static int announcedPort(Process process, Path log, String announcement) {
        var pattern = Pattern.compile("^" + Pattern.quote(announcement) + "(?: [^ ]+ listening on)? (?:port |http://[^ /]+:)(\\d+)",
                Pattern.MULTILINE);
        try {
            return await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
                var matcher = pattern.matcher(readLog(log));
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("exited (" + process.exitValue() + ") before '" + announcement + "'; log:\n" + tail(log));
                }
                return 0;
            }, port -> port > 0);
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("no line '" + announcement + " ... PORT' in the log within " + READY_TIMEOUT + "; log:\n" + tail(log), e);
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            return "";
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

    /** A free loopback port, for a server that cannot be started on port 0 (the embedded PostgreSQL). */
    static int freePort() throws IOException {
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
