package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.app.CrashLedger.Values;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real server with SIGKILL in the middle of a stream of concurrent writes, restarts it on
 * the same data directory, and checks that every acknowledged write survived with its acknowledged
 * values, that every clone is whole or absent, and that the database is intact. Repeated for many
 * cycles over one growing data directory.
 *
 * <p>System properties: {@code backline.crash.cycles} (default 20), {@code backline.crash.budget-seconds}
 * (default 60: no new cycle starts after that, at least 5 always run), {@code backline.crash.seed}.
 */
class CrashRecoveryTest {
    private static final int CYCLES = Integer.getInteger("backline.crash.cycles", 20);
    private static final Duration BUDGET = Duration.ofSeconds(Integer.getInteger("backline.crash.budget-seconds", 60));
    private static final int MIN_CYCLES = Math.min(5, CYCLES);
    private static final int WORKERS = 4;
    private static final int SOURCE_BACKENDS = 200;
    private static final int FULL_CHECK_EVERY = 5;

    /** Kept when the test fails, so the server logs and the data dir can be inspected. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private @Nullable CrashServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndTheDatabaseReopensCleanly() throws Exception {
        long seed = Long.getLong("backline.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        Path data = Files.createDirectories(temp.resolve("data"));
        Path logs = temp.resolve("logs");
        log("seed " + seed + ", data dir " + data + ", classpath entries "
                + CrashServer.testClasspath().split(File.pathSeparator).length);

        server = CrashServer.start(data, logs.resolve("start-0.log"));
        CrashLedger ledger;
        try (CrashApi api = server.api()) {
            ledger = seedFrozenSource(api);
        }
        List<String> problems = new ArrayList<>();
        CrashWorkload.Tally total = new CrashWorkload.Tally(0, 0, 0, 0);
        int cycle = 0;
        boolean lastCheckWasFull = false;
        while (cycle < CYCLES && (cycle < MIN_CYCLES || System.nanoTime() - started < BUDGET.toNanos())) {
            cycle++;
            long killAfterMillis = 100 + random.nextInt(800);
            CrashWorkload.Tally tally = streamWritesThenKill(ledger, cycle, killAfterMillis, random.nextLong());
            total = total.plus(tally);

            String integrity = integrityCheckOfCopy(data, temp.resolve("copy-" + cycle));
            if (!integrity.equals("ok")) {
                problems.add("cycle " + cycle + ": PRAGMA integrity_check after SIGKILL: " + integrity);
            }
            server = CrashServer.start(data, logs.resolve("start-" + cycle + ".log"));
            boolean full = cycle % FULL_CHECK_EVERY == 0 || cycle == CYCLES;
            List<String> found;
            try (CrashApi api = server.api()) {
                found = ledger.verify(api, full, random);
            }
            lastCheckWasFull = full;
            log("cycle %d: killed after %d ms, acknowledged %s; restart answered in %d ms; %s check of %d versions: %s"
                    .formatted(cycle, killAfterMillis, tally, server.startup().toMillis(), full ? "full" : "partial",
                            ledger.knownVersions(), found.isEmpty() ? "ok" : found.size() + " problems"));
            String label = "cycle " + cycle + ": ";
            found.forEach(problem -> problems.add(label + problem));
            if (!found.isEmpty()) {
                break;
            }
        }
        if (problems.isEmpty() && !lastCheckWasFull) {
            try (CrashApi api = server.api()) {
                ledger.verify(api, true, random).forEach(problem -> problems.add("final full check: " + problem));
            }
        }
        log("%d cycles in %d s; acknowledged %s; %d versions and %d backends checked at the end"
                .formatted(cycle, Duration.ofNanos(System.nanoTime() - started).toSeconds(), total,
                        ledger.knownVersions(), ledger.knownBackends()));

        assertThat(problems).as("acknowledged writes lost, half clones or a damaged database (seed %d, logs in %s)",
                seed, logs).isEmpty();
        assertThat(ledger.anomalies()).as("answers other than 200 from a live server (seed %d)", seed).isEmpty();
        assertThat(total.total()).as("writes acknowledged across %d cycles", cycle).isGreaterThanOrEqualTo(cycle);
        assertThat(total.clones()).as("clones acknowledged").isPositive();
    }

    /** One service whose version 1 holds {@value #SOURCE_BACKENDS} backends and is then activated (locked). */
    private CrashLedger seedFrozenSource(CrashApi api) throws Exception {
        CrashApi.Reply created = api.post("/service", Map.of("name", "crash-recovery", "type", "vcl"));
        assertThat(created.status()).as("POST /service: %s", created).isEqualTo(200);
        JsonNode service = created.json();
        String serviceId = service.path("id").asText();
        int version = service.path("versions").path(0).path("number").asInt(1);
        Map<String, Values> source = new TreeMap<>();
        for (int i = 0; i < SOURCE_BACKENDS; i++) {
            source.put("source-%03d".formatted(i),
                    new Values("192.0.2." + (i % 250 + 1), 8_000 + i, 1 + i % 100, "source backend " + i));
        }
        String path = "/service/" + serviceId + "/version/" + version + "/backend";
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CrashApi.Reply>> replies = new ArrayList<>();
            source.forEach((name, values) -> replies.add(pool.submit(() -> api.post(path, values.form(name)))));
            for (Future<CrashApi.Reply> reply : replies) {
                assertThat(reply.get().status()).as("seeding POST %s: %s", path, reply.get()).isEqualTo(200);
            }
        }
        CrashApi.Reply activated = api.put("/service/" + serviceId + "/version/" + version + "/activate", Map.of());
        assertThat(activated.status()).as("activate source version: %s", activated).isEqualTo(200);
        return new CrashLedger(serviceId, version, source);
    }

    private CrashWorkload.Tally streamWritesThenKill(CrashLedger ledger, int cycle, long killAfterMillis, long seed)
            throws Exception {
        CrashServer running = server;
        assertThat(running).isNotNull();
        AtomicBoolean killed = new AtomicBoolean();
        CrashWorkload.Tally tally = new CrashWorkload.Tally(0, 0, 0, 0);
        try (CrashApi api = running.api(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CrashWorkload.Tally>> workers = new ArrayList<>();
            for (int worker = 0; worker < WORKERS; worker++) {
                workers.add(pool.submit(new CrashWorkload(api, ledger, killed::get, worker, cycle, seed + worker)));
            }
            Thread.sleep(killAfterMillis);
            killed.set(true);
            int exit = running.kill();
            assertThat(exit).as("exit status of pid %d after destroyForcibly (128 + SIGKILL)", running.pid())
                    .isEqualTo(CrashServer.SIGKILL_EXIT);
            for (Future<CrashWorkload.Tally> worker : workers) {
                tally = tally.plus(worker.get());
            }
        }
        server = null;
        return tally;
    }

    /**
     * Runs {@code PRAGMA integrity_check} on a copy of the dead server's database and write-ahead
     * log, so that the check itself (which recovers and checkpoints the log) leaves the server's own
     * files exactly as the crash left them.
     */
    private static String integrityCheckOfCopy(Path data, Path scratch) throws IOException, SQLException {
        Path database = data.resolve("backline.db");
        assertThat(database).as("database file in the data dir").exists();
        Files.createDirectories(scratch);
        Path copy = scratch.resolve("backline.db");
        Files.copy(database, copy, StandardCopyOption.REPLACE_EXISTING);
        Path wal = data.resolve("backline.db-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, scratch.resolve("backline.db-wal"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        deleteTree(scratch);
        return String.join("; ", rows);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static void log(String line) {
        System.out.println("[crash-recovery] " + line);
    }
}
