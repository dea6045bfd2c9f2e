package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real server with SIGKILL in the middle of a stream of concurrent writes (creates,
 * updates, deletes, clones, activations, new services), restarts it on the same data, and checks
 * that every acknowledged write survived with its acknowledged values, that every write in flight
 * at the kill is whole or absent, that one version is active, that the admin token is the same and
 * that the database is intact. Repeated over one growing data set: a short version of
 * {@code bench/crash-loop.sh}, which runs {@link CrashLoop} for 100 cycles on the real jar.
 *
 * <p>System properties: {@code backline.crash.cycles} (default 10), {@code backline.crash.budget-seconds}
 * (default 60: no new cycle starts after that, at least 5 always run), {@code backline.crash.seed},
 * {@code backline.crash.postgres-cycles} (default 3).
 */
class CrashRecoveryTest {
    private static final int CYCLES = Integer.getInteger("backline.crash.cycles", 10);
    private static final int POSTGRES_CYCLES = Integer.getInteger("backline.crash.postgres-cycles", 3);
    private static final Duration BUDGET = Duration.ofSeconds(Integer.getInteger("backline.crash.budget-seconds", 60));

    /** Kept when the test fails, so the server logs and the data can be inspected. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndTheDatabaseReopensCleanly() throws Exception {
        CrashLoop.Report report = run(CrashLoop.Store.SQLITE, CYCLES, 0);

        assertThat(report.restarts()).as("restarts").hasSize(report.cycles());
        assertThat(report.acknowledged().creates()).as("backend creates acknowledged").isPositive();
        assertThat(report.acknowledged().clones()).as("clones acknowledged").isPositive();
    }

    @Test
    void anApiNodeOnPostgresKeepsEveryAcknowledgedWriteThroughItsOwnCrashesAndTheDatabases() throws Exception {
        CrashLoop.Report report = run(CrashLoop.Store.POSTGRESQL, POSTGRES_CYCLES, 1);

        assertThat(report.outages()).as("postgres kills under a running node").hasSize(1);
        assertThat(report.outages().getFirst().duringOutage()).as("answers while postgres is down")
                .allSatisfy(status -> assertThat(status).startsWith("5"));
    }

    private CrashLoop.Report run(CrashLoop.Store store, int cycles, int postgresKills) throws Exception {
        long seed = Long.getLong("backline.crash.seed", System.nanoTime());
        System.out.println("[crash-recovery] classpath entries " + CrashServer.testClasspath().split(File.pathSeparator).length);
        CrashLoop.Report report = CrashLoop.run(new CrashLoop.Settings(store, cycles, seed,
                CrashServer.Launcher.testClasspath(), temp, postgresKills, BUDGET, Math.min(5, cycles)));
        System.out.println(report.summary());

        assertThat(report.problems()).as("acknowledged writes lost, half-applied writes, a damaged database or a changed"
                + " admin token (seed %d, logs in %s)", seed, temp.resolve("logs")).isEmpty();
        assertThat(report.anomalies()).as("answers other than 200 from a live server (seed %d)", seed).isEmpty();
        assertThat(report.outages()).as("the node serves again after postgres is back, without a restart")
                .allMatch(CrashLoop.Outage::recovered);
        assertThat(report.acknowledged().total()).as("writes acknowledged across %d cycles", report.cycles())
                .isGreaterThanOrEqualTo(report.cycles());
        return report;
    }
}
