package io.backline.app;

import io.backline.condition.StandardKinds;
import io.backline.wire.EdgeFeed;
import io.backline.wire.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The last configuration an edge node served, kept in {@code STATE_DIR/snapshot.json} in the feed's
 * own format, so that the node starts and serves while no API node answers. Written to a temporary
 * file and moved into place, so a crash leaves the previous file whole.
 */
final class KeptSnapshot {
    private static final System.Logger LOG = System.getLogger(KeptSnapshot.class.getName());

    private final Path file;
    private final String edgeId;

    KeptSnapshot(Path stateDir, String edgeId) {
        this.file = stateDir.resolve("snapshot.json");
        this.edgeId = edgeId;
    }

    /** The kept configuration; null when there is none or it is unreadable (the node then starts empty). */
    @Nullable Served load() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            var node = Json.mapper().readTree(Files.readAllBytes(file));
            var kinds = StandardKinds.KINDS.fedToEdges();
            var services = new ArrayList<EdgeFeed.Service>();
            node.path("services").forEach(item -> services.add(EdgeFeed.decodeService(item, kinds)));
            var staged = new ArrayList<EdgeFeed.Staged>();
            node.path("staged").forEach(item -> staged.add(EdgeFeed.decodeStaged(item, kinds)));
            return Served.of(node.path("revision").asLong(), services, staged);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "edge: the kept configuration " + file + " is unreadable (" + e.getMessage()
                    + "); starting empty until an API node answers");
            return null;
        }
    }

    /** Keeps {@code state}; a failure is logged and the node serves on (it only loses the copy on disk). */
    void save(Served state) {
        var node = Json.object();
        node.put("revision", state.revision());
        var array = node.putArray("services");
        state.services().values().forEach(service -> array.add(EdgeFeed.encode(service)));
        var staged = node.putArray("staged");
        state.staged().values().forEach(service -> staged.add(EdgeFeed.encode(service)));
        try {
            var temporary = file.resolveSibling("snapshot.json.tmp");
            Files.write(temporary, Json.bytes(node));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "edge " + edgeId + ": cannot keep the configuration in " + file + ": " + e.getMessage());
        }
    }
}
