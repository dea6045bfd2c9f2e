package io.backline.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.app.CrashLedger.Problem;
import io.backline.app.CrashLedger.ProblemKind;
import io.backline.app.CrashLedger.Values;
import io.backline.app.CrashServer.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The crash loop: a stream of concurrent writes, a SIGKILL at a random instant, a restart on the
 * same data, and a check of the restarted server against the {@link CrashLedger}; repeated over
 * one growing data set. On PostgreSQL the loop kills the API node, and on some cycles the
 * postmaster itself while the node keeps running: the node must answer 503 during the outage and
 * serve again once the database is back, without a restart.
 *
 * <p>{@code CrashRecoveryTest} runs a short loop; {@code bench/crash-loop.sh} runs {@link #main}
 * for 100 cycles against the real jar.
 */
final class CrashLoop {
    enum Store { SQLITE, POSTGRESQL }

    /**
     * @param postgresKills cycles (PostgreSQL only) that, after the node's crash and check, also kill
     *     the postmaster under a running node
     * @param budget no new cycle starts after this, once {@code minCycles} have run
     */
    record Settings(Store store, int cycles, long seed, Launcher launcher, Path work, int postgresKills, Duration budget,
            int minCycles) {}

    /** One PostgreSQL kill under a running node, as the clients saw it. */
    record Outage(int cycle, List<String> duringOutage, Duration postgresRestart, @Nullable Duration recovery,
            int failuresAfterBack, boolean nodeAlive) {
        boolean recovered() {
            return recovery != null && nodeAlive;
        }

        /** 503 (retry later) is the honest answer while the database is gone; a 200, a 500 or a hang is not. */
        boolean failedFastDuringOutage() {
            return duringOutage.stream().allMatch(status -> status.equals("503"));
        }

        @Override
        public String toString() {
            return "postgres kill after cycle " + cycle + ": node answered " + duringOutage + " during the outage"
                    + (nodeAlive ? "" : ", the node process died")
                    + "; postgres back in " + postgresRestart.toMillis() + " ms; node "
                    + (recovery == null ? "did NOT serve again within " + RECOVERY_WAIT.toSeconds() + " s"
                            : "served again " + recovery.toMillis() + " ms later, after " + failuresAfterBack + " more failed answers");
        }
    }

    /** What a run found. */
    record Report(int cycles, CrashWorkload.Tally acknowledged, int unknownApplied, int unknownAbsent, List<Problem> problems,
            List<String> anomalies, List<Duration> restarts, List<Outage> outages, int versions, int services) {
        long count(ProblemKind kind) {
            return problems.stream().filter(p -> p.kind() == kind).count();
        }

        boolean clean() {
            return problems.isEmpty() && anomalies.isEmpty()
                    && outages.stream().allMatch(outage -> outage.recovered() && outage.failedFastDuringOutage());
        }

        Duration restartPercentile(double p) {
            if (restarts.isEmpty()) {
                return Duration.ZERO;
            }
            List<Duration> sorted = restarts.stream().sorted().toList();
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
        }

        String summary() {
            return String.join("\n",
                    "cycles: " + cycles,
                    "acknowledged writes: " + acknowledged,
                    "unknown-outcome writes resolved: " + (unknownApplied + unknownAbsent) + " (applied whole " + unknownApplied
                            + ", not applied " + unknownAbsent + ")",
                    "lost: " + count(ProblemKind.LOST),
                    "partial: " + count(ProblemKind.PARTIAL),
                    "other problems: " + count(ProblemKind.OTHER),
                    "anomalies (non-200 from a live server): " + anomalies.size(),
                    "restarts: " + restarts.size() + ", time to API answering p50 " + restartPercentile(50).toMillis()
                            + " ms, p99 " + restartPercentile(99).toMillis() + " ms, max "
                            + restartPercentile(100).toMillis() + " ms",
                    "postgres kills: " + outages.size() + ", node answered 503 during the outage: "
                            + outages.stream().filter(Outage::failedFastDuringOutage).count()
                            + ", node recovered without restart: " + outages.stream().filter(Outage::recovered).count(),
                    "at the end: " + versions + " versions and " + services + " services known");
        }
    }

    private static final int WORKERS = 4;
    private static final int SOURCE_BACKENDS = 200;
    private static final int FULL_CHECK_EVERY = 5;
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(60);
    private static final String DATABASE = "backline";

    private final Settings settings;
    private final Random random;
    private final Path logs;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Duration> restarts = new ArrayList<>();
    private final List<Outage> outages = new ArrayList<>();
    private @Nullable CrashServer server;
    private @Nullable CrashPostgres postgres;
    private String token = "";
    private int starts;

    private CrashLoop(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.logs = settings.work().resolve("logs");
    }

    static Report run(Settings settings) throws Exception {
        CrashLoop loop = new CrashLoop(settings);
        try {
            return loop.loop();
        } finally {
            loop.stopAll();
        }
    }

    private Report loop() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(logs);
        log("store " + settings.store() + ", seed " + settings.seed() + ", work dir " + settings.work());
        Set<Integer> postgresKillCycles = postgresKillCycles();
        server = startNode();
        token = server.token();
        String tokenFileAtStart = tokenFile();
        if (!server.printedNewAdminToken()) {
            problems.add(new Problem(ProblemKind.OTHER, "the first start on an empty store printed no admin token"));
        }
        CrashLedger ledger;
        try (CrashApi api = server.api()) {
            ledger = seedFrozenSource(api);
        }
        CrashWorkload.Tally total = CrashWorkload.Tally.NONE;
        int cycle = 0;
        boolean lastCheckWasFull = false;
        while (cycle < settings.cycles()
                && (cycle < settings.minCycles() || System.nanoTime() - started < settings.budget().toNanos())) {
            cycle++;
            long killAfterMillis = 100 + random.nextInt(800);
            CrashServer running = node();
            CrashWorkload.Tally tally = streamWritesThenKill(ledger, cycle, killAfterMillis, () -> {
                int exit = running.kill();
                if (exit != CrashServer.SIGKILL_EXIT) {
                    throw new AssertionError("exit status of pid " + running.pid() + " after SIGKILL: " + exit);
                }
            });
            total = total.plus(tally);
            server = null;
            if (settings.store() == Store.SQLITE) {
                String integrity = integrityCheckOfCopy(settings.work().resolve("data"), settings.work().resolve("copy"));
                if (!integrity.equals("ok")) {
                    problems.add(new Problem(ProblemKind.OTHER, "cycle " + cycle + ": PRAGMA integrity_check after SIGKILL: " + integrity));
                }
            }
            server = startNode();
            restarts.add(server.startup());
            boolean full = cycle % FULL_CHECK_EVERY == 0 || cycle == settings.cycles();
            List<Problem> found = check(ledger, full, tokenFileAtStart);
            lastCheckWasFull = full;
            log("cycle %d: killed after %d ms, acknowledged %s; restart answered in %d ms; %s check of %d versions: %s"
                    .formatted(cycle, killAfterMillis, tally, server.startup().toMillis(), full ? "full" : "partial",
                            ledger.knownVersions(), found.isEmpty() ? "ok" : found.size() + " problems"));
            record(cycle, found);
            if (found.isEmpty() && postgresKillCycles.contains(cycle)) {
                CrashWorkload.Tally more = killPostgresUnderTheNode(ledger, cycle);
                total = total.plus(more);
                found = check(ledger, true, tokenFileAtStart);
                lastCheckWasFull = true;
                log("cycle %d: %s; acknowledged %s; full check: %s".formatted(cycle, outages.getLast(), more,
                        found.isEmpty() ? "ok" : found.size() + " problems"));
                record(cycle, found);
            }
            if (!problems.isEmpty()) {
                break;
            }
        }
        if (problems.isEmpty() && !lastCheckWasFull) {
            record(cycle, check(ledger, true, tokenFileAtStart));
        }
        log("%d cycles in %d s".formatted(cycle, Duration.ofNanos(System.nanoTime() - started).toSeconds()));
        return new Report(cycle, total, ledger.unknownApplied(), ledger.unknownAbsent(), List.copyOf(problems),
                ledger.anomalies(), List.copyOf(restarts), List.copyOf(outages), ledger.knownVersions(), ledger.knownServices());
    }

    private void record(int cycle, List<Problem> found) {
        for (Problem problem : found) {
            problems.add(new Problem(problem.kind(), "cycle " + cycle + ": " + problem.text()));
            log("cycle " + cycle + ": " + problem);
        }
    }

    /** The ledger's check, then the admin token's: the same secret, still accepted, no new one made. */
    private List<Problem> check(CrashLedger ledger, boolean full, String tokenFileAtStart) throws IOException {
        CrashServer running = node();
        List<Problem> found = new ArrayList<>();
        try (CrashApi api = running.api()) {
            found.addAll(ledger.verify(api, full, random));
        }
        if (running.printedNewAdminToken()) {
            found.add(new Problem(ProblemKind.OTHER, "the restarted node printed a new admin token"));
        }
        if (!tokenFile().equals(tokenFileAtStart)) {
            found.add(new Problem(ProblemKind.OTHER, "the admin-token file changed after restart"));
        }
        return found;
    }

    private String tokenFile() throws IOException {
        Path file = settings.work().resolve("data").resolve("admin-token");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private CrashServer node() {
        CrashServer running = server;
        if (running == null) {
            throw new IllegalStateException("no node running");
        }
        return running;
    }

    private CrashServer startNode() throws Exception {
        Path log = logs.resolve("node-" + starts++ + ".log");
        return switch (settings.store()) {
            case SQLITE -> CrashServer.serve(settings.launcher(), settings.work().resolve("data"), log);
            case POSTGRESQL -> {
                if (postgres == null) {
                    Path pgData = settings.work().resolve("postgres");
                    Files.createDirectories(logs.resolve("postgres"));
                    postgres = CrashPostgres.start(pgData, logs.resolve("postgres"), DATABASE);
                }
                yield CrashServer.api(settings.launcher(), postgres.url(DATABASE), token.isEmpty() ? null : token, log);
            }
        };
    }

    private Set<Integer> postgresKillCycles() {
        Set<Integer> cycles = new TreeSet<>();
        if (settings.store() == Store.POSTGRESQL) {
            int kills = Math.min(settings.postgresKills(), settings.cycles());
            while (cycles.size() < kills) {
                cycles.add(1 + random.nextInt(settings.cycles()));
            }
        }
        return cycles;
    }

    /**
     * Writes, then SIGKILLs the postmaster under the running node; asks the node during the outage
     * (503 is right: the database is gone; a 200 would be a cached lie and a hang a stuck pool),
     * starts PostgreSQL again on the same directory and port, and waits for the node to serve.
     */
    private CrashWorkload.Tally killPostgresUnderTheNode(CrashLedger ledger, int cycle) throws Exception {
        CrashPostgres database = postgres;
        CrashServer running = node();
        if (database == null) {
            throw new IllegalStateException("no postgres running");
        }
        long killAfterMillis = 100 + random.nextInt(800);
        CrashWorkload.Tally tally = streamWritesThenKill(ledger, cycle, killAfterMillis, () -> {
            int exit = database.kill();
            if (exit != CrashServer.SIGKILL_EXIT) {
                throw new AssertionError("exit status of the postmaster after SIGKILL: " + exit);
            }
        });
        String probe = "/service/" + ledger.serviceId() + "/version";
        List<String> duringOutage = new ArrayList<>();
        try (CrashApi api = running.api()) {
            for (int i = 0; i < 3; i++) {
                duringOutage.add(answer(api, probe));
            }
            Duration postgresRestart = database.restart();
            long back = System.nanoTime();
            var recovered = new AtomicReference<@Nullable Duration>();
            var failures = new AtomicInteger();
            try {
                await().atMost(RECOVERY_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!running.isAlive()) {
                        return true;
                    }
                    if (answer(api, probe).equals("200")) {
                        recovered.set(Duration.ofNanos(System.nanoTime() - back));
                        return true;
                    }
                    failures.incrementAndGet();
                    return false;
                });
            } catch (ConditionTimeoutException notWithinTheWait) {
                // recorded as an outage without recovery
            }
            outages.add(new Outage(cycle, duringOutage, postgresRestart, recovered.get(), failures.get(), running.isAlive()));
        }
        if (!outages.getLast().recovered()) {
            // Reported as a failure; a fresh node lets the loop go on and check the data all the same.
            log("cycle " + cycle + ": the node did not recover from the postgres kill; restarting it. Log tail:\n" + running.logTail());
            running.kill();
            server = startNode();
        }
        return tally;
    }

    private static String answer(CrashApi api, String path) {
        try {
            return Integer.toString(api.get(path).status());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** A step that kills something; it throws if the kill did not happen as it should. */
    @FunctionalInterface
    private interface Kill {
        void kill() throws Exception;
    }

    private CrashWorkload.Tally streamWritesThenKill(CrashLedger ledger, int cycle, long killAfterMillis, Kill kill)
            throws Exception {
        CrashServer running = node();
        AtomicBoolean killed = new AtomicBoolean();
        CrashWorkload.Tally tally = CrashWorkload.Tally.NONE;
        long seed = random.nextLong();
        try (CrashApi api = running.api(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CrashWorkload.Tally>> workers = new ArrayList<>();
            for (int worker = 0; worker < WORKERS; worker++) {
                workers.add(pool.submit(new CrashWorkload(api, ledger, killed::get, worker, cycle, seed + worker)));
            }
            // The kill lands at a random moment of the writes: this sleep is the behaviour under test, not a wait.
            Thread.sleep(killAfterMillis);
            killed.set(true);
            kill.kill();
            for (Future<CrashWorkload.Tally> worker : workers) {
                tally = tally.plus(worker.get());
            }
        }
        return tally;
    }

    /** One service whose version 1 holds {@value #SOURCE_BACKENDS} backends and is then activated (locked). */
    private static CrashLedger seedFrozenSource(CrashApi api) throws Exception {
        CrashApi.Reply created = expectOk("POST /service", api.post("/service", Map.of("name", "crash-recovery", "type", "vcl")));
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
                expectOk("seeding POST " + path, reply.get());
            }
        }
        expectOk("activate source version", api.put("/service/" + serviceId + "/version/" + version + "/activate", Map.of()));
        return new CrashLedger(serviceId, version, source);
    }

    private static CrashApi.Reply expectOk(String what, CrashApi.Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException(what + " answered " + reply);
        }
        return reply;
    }

    /**
     * Runs {@code PRAGMA integrity_check} on a copy of the dead server's database and write-ahead
     * log, so that the check itself (which recovers and checkpoints the log) leaves the server's own
     * files exactly as the crash left them.
     */
    private static String integrityCheckOfCopy(Path data, Path scratch) throws IOException, SQLException {
        Path database = data.resolve("backline.db");
        if (!Files.exists(database)) {
            return "no database file in the data dir";
        }
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
        try (var files = Files.list(scratch)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(scratch);
        return String.join("; ", rows);
    }

    private void stopAll() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static void log(String line) {
        System.out.println("[crash-loop] " + line);
        System.out.flush();
    }

    /**
     * {@code CrashLoop --cycles N --store sqlite|postgresql --seed S --jar JAR --work DIR
     * [--postgres-kills K] [--jvm-options "OPTS"]}: prints one line per cycle, then the summary;
     * exits 1 when any promise was broken.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("argument " + args[i] + " (expected: --name value pairs)");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        int cycles = Integer.parseInt(options.getOrDefault("cycles", "100"));
        Store store = Store.valueOf(options.getOrDefault("store", "sqlite").toUpperCase());
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime())));
        String jar = options.get("jar");
        Launcher launcher = jar == null ? Launcher.testClasspath()
                : Launcher.jar(Path.of(jar), Arrays.stream(options.getOrDefault("jvm-options", "").split("\\s+"))
                        .filter(option -> !option.isBlank()).toList());
        Path work = Path.of(options.getOrDefault("work", Files.createTempDirectory("crash-loop").toString()));
        int postgresKills = Integer.parseInt(options.getOrDefault("postgres-kills", "5"));
        Report report = run(new Settings(store, cycles, seed, launcher, work, postgresKills, Duration.ofDays(1), cycles));
        System.out.println();
        System.out.println("== crash loop: " + store.name().toLowerCase() + ", seed " + seed + " ==");
        System.out.println(report.summary());
        report.outages().forEach(outage -> System.out.println("  " + outage));
        report.problems().forEach(problem -> System.out.println("PROBLEM " + problem));
        report.anomalies().forEach(anomaly -> System.out.println("ANOMALY " + anomaly));
        System.out.println(report.clean() ? "verdict: PASS" : "verdict: FAIL");
        System.exit(report.clean() ? 0 : 1);
    }
}
