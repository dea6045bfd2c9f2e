package io.backline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one server process's footprint from {@code /proc} and {@code jcmd}: resident memory,
 * heap in use right after a full collection, open file descriptors, threads, and the established
 * TCP connections to the origin's port (the edge's pool to it).
 */
final class SoakSampler {
    /** One reading. */
    record Sample(double minute, long rssKb, long heapAfterGcKb, int fds, int threads, int originConnections) {
        static String csvHeader() {
            return "minute,rss_kb,heap_after_gc_kb,fds,threads,origin_connections";
        }

        String csv() {
            return "%.2f,%d,%d,%d,%d,%d".formatted(minute, rssKb, heapAfterGcKb, fds, threads, originConnections);
        }
    }

    /** G1 prints "garbage-first heap   total reserved 393216K, committed 53248K, used 20480K [...]". */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");

    private final long pid;
    private final int originPort;
    private final Path jcmd;

    SoakSampler(long pid, int originPort) {
        this.pid = pid;
        this.originPort = originPort;
        this.jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
    }

    Sample sample(double minute) throws IOException, InterruptedException {
        jcmd("GC.run");
        long heap = heapUsedKb(jcmd("GC.heap_info"));
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
        int fds;
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) entries.count();
        }
        return new Sample(minute, statusField(status, "VmRSS"), heap, fds, (int) statusField(status, "Threads"),
                establishedTo(originPort));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static long heapUsedKb(String heapInfo) throws IOException {
        Matcher matcher = HEAP_USED.matcher(heapInfo);
        if (!matcher.find()) {
            throw new IOException("no heap usage in GC.heap_info: " + heapInfo);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static long statusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc status");
    }

    /** Established connections whose remote end is the origin's port, from the kernel's tables (what ss reads). */
    private static int establishedTo(int port) throws IOException {
        String hexPort = ":%04X".formatted(port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                String[] columns = line.strip().split("\\s+");
                // sl local_address rem_address st ...; state 01 is ESTABLISHED
                if (columns.length > 3 && columns[2].endsWith(hexPort) && columns[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }
}
