package io.backline.app;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One {@code backline api} or {@code backline edge} process, started from the test classpath on a
 * free loopback port, so a test can SIGKILL it as an operator's machine would lose it.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code backline api --database DATABASE} on a free port; returns once it answers its ping. */
    static NodeProcess api(String database, Path log) throws IOException, InterruptedException {
        return api(database, log, 0);
    }

    /**
     * {@code backline api} on {@code port}: a node restarted where its edges look for it; 0 for the
     * port the node binds, read from its log (a port chosen here could be taken before the node binds it).
     */
    static NodeProcess api(String database, Path log, int port) throws IOException, InterruptedException {
        var process = start(List.of("api", "--database", database, "--api-listen", "127.0.0.1:" + port, "--rate-limit", "0"), log);
        var node = new NodeProcess(process, port != 0 ? port : CrashServer.announcedPort(process, log, "Backline API listening on"), log);
        node.awaitPort();
        return node;
    }

    /** {@code backline edge} following these API nodes; returns once its port is open. */
    static NodeProcess edge(List<URI> planes, String token, Path stateDir, String edgeId, Path log)
            throws IOException, InterruptedException {
        return edge(planes, token, stateDir, edgeId, log, List.of());
    }

    /** {@code backline edge} with more options ({@code --pop s}, {@code --server-name …}); returns once its port is open. */
    static NodeProcess edge(List<URI> planes, String token, Path stateDir, String edgeId, Path log, List<String> options)
            throws IOException, InterruptedException {
        var urls = String.join(",", planes.stream().map(URI::toString).toList());
        var arguments = new ArrayList<>(List.of("edge", "--control-plane", urls, "--token", token, "--edge-listen", "127.0.0.1:0",
                "--staging-listen", "127.0.0.1:0", "--edge-tls-listen", "127.0.0.1:0", "--state-dir", stateDir.toString(), "--edge-id", edgeId));
        arguments.addAll(options);
        var process = start(arguments, log);
        var node = new NodeProcess(process, CrashServer.announcedPort(process, log, "Backline edge"), log);
        node.awaitPort();
        return node;
    }

    private static Process start(List<String> arguments, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                "-cp", CrashServer.testClasspath(), "io.backline.app.Main"));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook runs, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitPort() throws InterruptedException {
        try {
            await().atMost(READY).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + log());
                }
                return accepts();
            });
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException("node did not open port " + port + " within " + READY + ":\n" + log(), e);
        }
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }


    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
