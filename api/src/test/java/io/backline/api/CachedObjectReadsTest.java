package io.backline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.condition.StandardKinds;
import io.backline.model.ConfigException;
import io.backline.model.ObjectRules;
import io.backline.model.ServiceId;
import io.backline.model.ServiceSchema;
import io.backline.store.ConfigStore;
import io.backline.store.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read cache around {@link ObjectService} on a real SQLite store: what each of its two layers
 * may keep, and when an answer must be read again. The API tests cover it through HTTP with
 * several writers (the harness's default); these add the sole-writer layer and a second node.
 */
class CachedObjectReadsTest {
    private static final ObjectRules BACKENDS = StandardKinds.KINDS.find("backend").orElseThrow().rules();
    private static final VersionNumber V1 = VersionNumber.of(1);

    @TempDir
    Path directory;

    private SqliteStore store;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open(directory.resolve("db"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** One API node's services on {@code store}: writes through {@code objects}, reads through {@code reads}. */
    private record Node(ConfigService config, ObjectService objects, CachedObjectReads reads) {
        static Node on(ConfigStore store, @Nullable WriteCountingStore soleWriter) {
            var config = new ConfigService(soleWriter == null ? store : soleWriter, Clock.systemUTC());
            var objects = new ObjectService(config);
            return new Node(config, objects, new CachedObjectReads(objects, soleWriter));
        }

        ServiceId createService() {
            return config.createService(ServiceSchema.SCHEMA.parse(Map.of("name", List.of("cached")))).service().id();
        }

        void createBackend(ServiceId id, String name, String address) {
            objects.create(BACKENDS, id, V1, BACKENDS.schema().parse(Map.of("name", List.of(name), "address", List.of(address))));
        }

        String list(ServiceId id) {
            return text(reads.render(ObjectRead.list(BACKENDS, id, V1)));
        }

        String one(ServiceId id, String name) {
            return text(reads.render(ObjectRead.one(BACKENDS, id, V1, name)));
        }
    }

    private static String text(ObjectReads.Rendered rendered) {
        return new String(rendered.json(), StandardCharsets.UTF_8);
    }

    @Test
    void answersAnotherNodesWriteOnTheNextRead() {
        var mine = Node.on(store, null);
        var other = Node.on(store, null);
        var id = mine.createService();
        mine.createBackend(id, "first", "first.example");
        assertThat(mine.list(id)).contains("first.example").doesNotContain("second.example");

        other.createBackend(id, "second", "second.example");

        assertThat(mine.list(id)).contains("first.example", "second.example");
    }

    @Test
    void keepsListsAndSingleObjectsApart() {
        var node = Node.on(store, new WriteCountingStore(store));
        var id = node.createService();
        node.createBackend(id, "only", "only.example");

        var list = node.list(id);
        var one = node.one(id, "only");

        assertThat(list).startsWith("[").contains("only.example");
        assertThat(one).startsWith("{").contains("only.example");
        assertThat(node.list(id)).isEqualTo(list);
        assertThat(node.one(id, "only")).isEqualTo(one);
    }

    @Test
    void aSoleWriterReadsAgainOnlyAfterItsOwnWrite() {
        var node = Node.on(store, new WriteCountingStore(store));
        var id = node.createService();
        node.createBackend(id, "first", "first.example");
        assertThat(node.list(id)).doesNotContain("behind.example");

        // A write that bypasses this process breaks the sole-writer promise on purpose: the hot
        // answer still stands, which shows the database was not asked.
        Node.on(store, null).createBackend(id, "behind", "behind.example");
        assertThat(node.list(id)).doesNotContain("behind.example");

        node.createBackend(id, "mine", "mine.example");
        assertThat(node.list(id)).contains("first.example", "behind.example", "mine.example");
    }

    @Test
    void namesWhatIsMissingWhenNothingIsCached() {
        var node = Node.on(store, new WriteCountingStore(store));
        var id = node.createService();

        assertThatThrownBy(() -> node.one(id, "absent"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("name => absent");
        assertThatThrownBy(() -> node.reads().render(ObjectRead.list(BACKENDS, id, VersionNumber.of(9))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("number => 9");
    }
}
