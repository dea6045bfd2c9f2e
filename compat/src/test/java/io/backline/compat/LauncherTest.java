package io.backline.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code ./backline} launcher as a user runs it, on the jar module app built:
 * jvm.options' collector by default, and a collector named in {@code BACKLINE_JAVA_OPTS} in its
 * place (the JVM refuses two), with jvm.options' other flags kept.
 */
class LauncherTest {
    private static final Path JAR = Path.of(System.getProperty("backline.jar", "../app/target/backline.jar")).toAbsolutePath().normalize();
    private static final Path ROOT = JAR.getParent().getParent().getParent();

    private static ProcessResult version(String javaOptions) {
        return ProcessRunner.run(List.of(ROOT.resolve("backline").toString(), "--version"), ROOT,
                environment -> environment.put("BACKLINE_JAVA_OPTS", javaOptions), null, Duration.ofMinutes(2));
    }

    @Test
    void runsWithTheCollectorAndHeapBoundOfJvmOptions() {
        var run = version("-Xlog:gc,gc+init");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).contains("Using G1", "Heap Max Capacity: 384M", "backline ");
    }

    @Test
    void aCollectorNamedInBacklineJavaOptsReplacesTheOneOfJvmOptions() {
        var run = version("-Xlog:gc,gc+init -XX:+UseParallelGC");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).contains("Using Parallel", "Heap Max Capacity: 384M", "backline ")
                .doesNotContain("Using G1");
        assertThat(run.stderr()).as(run.describe()).doesNotContain("Multiple garbage collectors");
    }
}
