package io.backline.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** Runs a child process to completion with a timeout, capturing standard output and error separately. */
final class ProcessRunner {

    private ProcessRunner() {
    }

    /**
     * Runs {@code command} in {@code directory}.
     *
     * @param environment changes the inherited environment (for example to remove variables)
     * @param stdin       written to the process and then closed; {@code null} closes standard input at once
     * @throws AssertionError when the process does not end within {@code timeout} (it is then killed)
     */
    static ProcessResult run(List<String> command, Path directory, Consumer<Map<String, String>> environment,
                             @Nullable String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        environment.accept(builder.environment());
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), readers);
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), readers);
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The process may exit without reading its input; what it printed says why.
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            ProcessResult result = new ProcessResult(command, finished ? process.exitValue() : -1,
                    out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS),
                    Duration.ofNanos(System.nanoTime() - start));
            if (!finished) {
                throw new AssertionError("timed out after " + timeout + ":\n" + result.describe());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot read the output of " + command, e);
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
