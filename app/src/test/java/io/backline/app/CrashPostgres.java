package io.backline.app;

import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server from the Maven artifacts that can be SIGKILLed and started again on the same
 * data directory and port, as an operator's database host would lose its postmaster.
 *
 * <p>Zonky's {@link EmbeddedPostgres} runs {@code initdb} and unpacks the binaries, then stops;
 * from then on this class runs {@code postgres} itself, because the postmaster must be its own
 * child to be killed by pid and restarted in place (zonky starts it through {@code pg_ctl} and
 * holds a lock on the directory for the life of its object). The settings undo zonky's test
 * shortcuts that would make a crash lose committed transactions ({@code synchronous_commit=off},
 * {@code -F}): here a commit the client saw is on disk, as in production.
 */
final class CrashPostgres implements AutoCloseable {
    private static final String USER = "postgres";
    private static final Duration READY = Duration.ofSeconds(60);

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final Path logDir;
    private Process postmaster;
    private int starts;

    private CrashPostgres(Path binDir, Path dataDir, int port, Path logDir) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.logDir = logDir;
    }

    /** Initialises {@code dataDir}, starts the server on a free loopback port and creates database {@code name}. */
    static CrashPostgres start(Path dataDir, Path logDir, String name) throws IOException, InterruptedException, SQLException {
        int port = CrashServer.freePort();
        Path binDir;
        try (EmbeddedPostgres initial = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logDir.resolve("zonky.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logDir.resolve("zonky.log").toFile()))
                .start()) {
            long pid = postmasterPid(dataDir);
            binDir = Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow()).getParent();
        }
        CrashPostgres postgres = new CrashPostgres(binDir, dataDir, port, logDir);
        postgres.startPostmaster();
        try (Connection connection = postgres.connect("postgres"); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres;
    }

    /** The {@code --database} value of {@code backline api} for database {@code name}. */
    String url(String name) {
        return "postgresql://" + USER + ":" + USER + "@127.0.0.1:" + port + "/" + name;
    }

    long pid() {
        return postmaster.pid();
    }

    /**
     * SIGKILLs the postmaster, then waits for its children to notice and exit (they hold the
     * shared memory a new postmaster refuses to share); one still there after 15 s is killed too.
     *
     * @return the exit status of the postmaster (128 + 9)
     */
    int kill() throws InterruptedException {
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("postmaster pid " + postmaster.pid() + " alive 10 s after SIGKILL");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                // killed below
            }
            child.destroyForcibly();
        }
        return postmaster.exitValue();
    }

    /** Starts the postmaster again on the same directory and port; returns once it accepts a login. */
    Duration restart() throws IOException, InterruptedException {
        long started = System.nanoTime();
        startPostmaster();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void startPostmaster() throws IOException, InterruptedException {
        Path log = logDir.resolve("postgres-" + starts++ + ".log");
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As zonky does: PostgreSQL refuses to run as root, and in a user namespace it is
            // "nobody". unshare execs postgres, so the process started here is the postmaster.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binDir.resolve("postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dataDir,
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "max_connections=100",
                "-c", "timezone=UTC"));
        postmaster = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        var lastRefusal = new AtomicReference<@Nullable SQLException>();
        var accepted = new AtomicBoolean();
        try {
            await().atMost(READY).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (Connection ignored = connect("postgres")) {
                    accepted.set(true);
                } catch (SQLException notYet) {
                    lastRefusal.set(notYet);
                }
                return accepted.get() || !postmaster.isAlive();
            });
        } catch (ConditionTimeoutException e) {
            // reported below with the postmaster's log
        }
        if (!accepted.get()) {
            postmaster.destroyForcibly();
            throw new IOException("postgres did not accept a login within " + READY + ": "
                    + Files.readString(log, StandardCharsets.UTF_8), lastRefusal.get());
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + "?connectTimeout=2&socketTimeout=10", USER, USER);
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).getFirst().strip());
    }

    /** A fast shutdown (SIGINT, what {@code pg_ctl stop -m fast} sends): rolls back sessions, checkpoints, exits. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (postmaster == null || !postmaster.isAlive()) {
            return;
        }
        // SIGINT is a fast shutdown; the JDK sends only TERM and KILL, so kill(1) sends it.
        Process stop = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start();
        if (!stop.waitFor(10, TimeUnit.SECONDS) || !postmaster.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
