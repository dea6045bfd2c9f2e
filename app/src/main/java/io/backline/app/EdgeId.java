package io.backline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** How the API lists an edge node: the one an operator gives, else one made once and kept in the state directory. */
final class EdgeId {
    private EdgeId() {}

    static String of(@Nullable String configured, Path stateDir) throws IOException {
        if (configured != null) {
            return configured;
        }
        var file = stateDir.resolve("edge-id");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        var bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        var id = "edge-" + HexFormat.of().formatHex(bytes);
        Files.writeString(file, id + "\n");
        return id;
    }
}
