package io.backline.edge.log;

import io.backline.edge.EdgeException;
import io.backline.edge.ExchangeObserver;
import io.backline.edge.ExchangeRecord;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The access log: one JSON line per finished request, to stdout or a file (docs/access-log.md).
 *
 * <p>Concurrency: {@link #exchangeEnded} runs on the event loops and only offers a small entry to
 * a bounded lock-free queue (Netty's multi-producer single-consumer queue, so that event loops
 * never contend on a lock); when the queue is full the line is dropped and counted,
 * never waited for, so a slow disk or a blocked stdout costs lines, not latency. One platform
 * thread (file I/O pins a virtual thread anyway) drains the queue, writes, and flushes whenever it
 * finds the queue empty: under load lines go out in large writes, at rest each line within a few
 * milliseconds. The writer polls rather than blocks on the queue, so an offer never wakes a
 * thread. {@link #reopen()} only raises a flag; the writer reopens the file between lines.
 *
 * <pre>{@code
 * try (var log = AccessLog.open("/var/log/backline/access.log", AccessLog.DEFAULT_CAPACITY)) {
 *     EdgeServer.start(config, snapshots, health, log);   // the edge's own option does this for you
 * }
 * }</pre>
 */
public final class AccessLog implements ExchangeObserver, AutoCloseable {
    /** Lines that may wait for the writer: about 10 MiB of entries at most. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /** The target that writes to the process's standard output. */
    public static final String STDOUT = "-";

    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Queue<AccessLogEntry> queue;
    private final @Nullable Path file;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean reopen;
    private volatile boolean closing;
    private long lastErrorLogged = System.nanoTime() - ERROR_LOG_INTERVAL_NANOS;

    // Owned by the writer thread once it runs (made by the constructor before it starts).
    private OutputStream out;
    private AccessLogLine line;

    private AccessLog(@Nullable Path file, int capacity) throws IOException {
        this.queue = PlatformDependent.newFixedMpscQueue(capacity); // capacity rounded up to a power of two
        this.file = file;
        this.out = openTarget();
        this.line = new AccessLogLine(out);
        this.writer = Thread.ofPlatform().daemon().name("backline-access-log").unstarted(this::drain);
    }

    /**
     * Opens the access log and starts its writer.
     *
     * @param target {@value #STDOUT} for standard output, or a file path (appended to; created with mode 0640)
     * @param capacity how many lines may wait for the writer before new ones are dropped
     * @throws EdgeException when the file cannot be opened (a start-up error, not a dropped line)
     */
    public static AccessLog open(String target, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("access log capacity: " + capacity + " (expected: at least 1)");
        }
        var file = STDOUT.equals(target) ? null : Path.of(target);
        try {
            var log = new AccessLog(file, capacity);
            log.writer.start();
            return log;
        } catch (IOException | RuntimeException e) {
            throw new EdgeException("access log: " + target + ": cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** On the event loop: a line offered to the writer, or counted as dropped when the queue is full. */
    @Override
    public void exchangeEnded(ExchangeRecord record) {
        if (closing || !queue.offer(AccessLogEntry.of(record))) {
            dropped.increment();
        }
    }

    /** Lines written to the target so far. */
    public long written() {
        return written.get();
    }

    /** Lines dropped so far: the queue was full, or the target refused the write (see {@link #failed()}). */
    public long dropped() {
        return dropped.sum() + failed.get();
    }

    /** Of {@link #dropped()}, the lines lost to a failed write (a full disk, a closed stdout). */
    public long failed() {
        return failed.get();
    }

    /** Lines waiting for the writer now. */
    public int queued() {
        return queue.size();
    }

    /** Where lines go: the file, or null for standard output. */
    public @Nullable Path file() {
        return file;
    }

    /**
     * Closes and reopens the file before the next line (after logrotate moved it away); nothing
     * for standard output. Returns at once: safe to call from a signal handler.
     */
    public void reopen() {
        reopen = true;
        writer.interrupt(); // wakes an idle writer; a writer in the middle of a write finishes it first
    }

    /** Writes what is queued (for at most a few seconds), then closes the file. */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        var batch = new ArrayList<AccessLogEntry>(1024);
        while (!closing || !queue.isEmpty()) {
            if (reopen) {
                reopenNow();
            }
            var first = queue.poll();
            if (first == null) {
                // Polling, not a blocking take: a writer waiting on the queue would be woken (a futex call and a
                // context switch) by every offer at rest and at low rates; measured with wrk at 1 KiB on two cores,
                // that cost a third of the edge's throughput. Idle, the writer looks every 10 ms (a wake-up costs
                // more than the lines it finds at 2 ms); a reopen or close
                // interrupts the park.
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            batch.add(first);
            AccessLogEntry next;
            while (batch.size() < 4096 && (next = queue.poll()) != null) {
                batch.add(next);
            }
            for (var entry : batch) {
                write(entry);
            }
            batch.clear();
            if (queue.isEmpty()) {
                flush();
            }
        }
        flush();
        closeTarget();
    }

    private void write(AccessLogEntry entry) {
        try {
            line.write(entry);
            written.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            failure("write", e);
        }
    }

    private void flush() {
        try {
            line.flush();
        } catch (IOException e) {
            failure("flush", e);
        }
    }

    private void reopenNow() {
        reopen = false;
        Thread.interrupted(); // the wake-up is consumed here, not by the next file operation
        if (file == null) {
            return;
        }
        flush();
        closeTarget();
        try {
            out = openTarget();
            line = new AccessLogLine(out);
            LOG.log(System.Logger.Level.INFO, () -> "access log reopened: " + file);
        } catch (IOException e) {
            failure("reopen", e); // the writes fail (and count) until the next reopen succeeds
        }
    }

    /**
     * A {@link FileOutputStream} rather than a {@link java.nio.channels.FileChannel}: a channel is
     * closed by an interrupt, and {@link #reopen()} and {@link #close()} interrupt the writer.
     */
    private OutputStream openTarget() throws IOException {
        if (file == null) {
            return System.out;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            } catch (FileAlreadyExistsException e) {
                // appended to as it is, with the mode the operator gave it
            }
        }
        return new BufferedOutputStream(new FileOutputStream(file.toFile(), true), BUFFER_BYTES);
    }

    private void closeTarget() {
        try {
            line.close();
            if (file != null) {
                out.close();
            }
        } catch (IOException e) {
            failure("close", e);
        }
    }

    /** At most one warning a minute: a full disk must not flood the process log as well. */
    private void failure(String action, IOException e) {
        long now = System.nanoTime();
        if (now - lastErrorLogged >= ERROR_LOG_INTERVAL_NANOS) {
            lastErrorLogged = now;
            LOG.log(System.Logger.Level.WARNING, "access log " + (file == null ? "stdout" : file.toString()) + ": " + action
                    + " failed, lines are dropped: " + e);
        }
    }
}
