package io.backline.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories on {@code /dev/shm} where the machine has it, so that the suite's
 * thousands of {@code synchronous=FULL} commits cost memory writes instead of disk flushes and the
 * suite stays fast on a busy disk. The store behaves the same; durability across a crash is what
 * the application's crash tests check, on a real disk.
 */
final class MemoryBackedTempDirFactory implements TempDirFactory {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return Files.createTempDirectory(SHARED_MEMORY, "backline-store-");
        }
        return Files.createTempDirectory("backline-store-");
    }
}
