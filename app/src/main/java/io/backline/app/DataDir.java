package io.backline.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory's layout: the database file, the admin token file and the TLS key file, private to their owner. */
final class DataDir {
    private final Path root;

    DataDir(Path root) {
        this.root = root;
    }

    Path database() {
        return root.resolve("backline.db");
    }

    /** The key that seals TLS private keys in the store ({@code TlsSealer}); created with mode 0600 on first use. */
    Path tlsKeyFile() {
        return root.resolve("tls-key");
    }

    Path adminTokenFile() {
        return root.resolve("admin-token");
    }

    void create() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + root, e);
        }
    }

    /** Writes the admin token to a new file that only its owner can read. */
    void writeAdminToken(String secret) {
        var file = adminTokenFile();
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("admin token file appeared while writing it: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
