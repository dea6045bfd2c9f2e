package io.backline.api;

import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.ObjectRules;
import io.backline.model.Schema;
import io.backline.model.ServiceId;
import io.backline.model.Version;
import io.backline.store.StoreTx;

/**
 * Create, read, update and delete of per-version objects (backends now; conditions, health checks
 * and domains share the same rules): writes only on unlocked versions, names unique per version
 * and kind, partial updates, rename through {@code name}.
 */
final class ObjectService {
    private static final long CACHE_BYTES = 64L << 20;

    private final ConfigService config;
    private final RenderedCache rendered = new RenderedCache(CACHE_BYTES);
    private final java.util.concurrent.ConcurrentHashMap<RenderedCache.Key, Hot> hot = new java.util.concurrent.ConcurrentHashMap<>();
    private final @org.jspecify.annotations.Nullable WriteCountingStore soleWriter;

    /** A rendered answer and the write generation it was read at. */
    private record Hot(long generation, byte[] json) {}

    ObjectService(ConfigService config) {
        this(config, null);
    }

    /**
     * @param soleWriter the store when this process is its only writer: hot reads then skip the
     *     database while no write has happened since (null when several processes write)
     */
    ObjectService(ConfigService config, @org.jspecify.annotations.Nullable WriteCountingStore soleWriter) {
        this.config = config;
        this.soleWriter = soleWriter;
    }

    private byte @org.jspecify.annotations.Nullable [] hot(RenderedCache.Key key) {
        if (soleWriter == null) {
            return null;
        }
        var entry = hot.get(key);
        return entry != null && entry.generation() == soleWriter.generation() ? entry.json() : null;
    }

    private void remember(RenderedCache.Key key, long generation, byte[] json) {
        if (soleWriter != null) {
            if (hot.size() > 10_000) {
                hot.clear();
            }
            hot.put(key, new Hot(generation, json));
        }
    }

    /** The list's JSON, rendered once per objects revision of the version. */
    byte[] listRendered(ObjectRules rules, ServiceId id, int version) {
        var hotKey = new RenderedCache.Key(id.value(), version, rules.schema().kind(), null, -1);
        var fast = hot(hotKey);
        if (fast != null) {
            return fast;
        }
        long generation = soleWriter == null ? 0 : soleWriter.generation();
        var json = config.store().read(tx -> {
            var key = new RenderedCache.Key(id.value(), version, rules.schema().kind(), null, revision(tx, id, version));
            var cached = rendered.get(key);
            if (cached != null) {
                return cached;
            }
            var rendered = io.backline.wire.Json.bytes(io.backline.wire.Shapes.objects(tx.objects(id, version, rules.schema())));
            this.rendered.put(key, rendered);
            return rendered;
        });
        remember(hotKey, generation, json);
        return json;
    }

    /** One object's JSON, rendered once per objects revision of the version. */
    byte[] getRendered(ObjectRules rules, ServiceId id, int version, String name) {
        var hotKey = new RenderedCache.Key(id.value(), version, rules.schema().kind(), name, -1);
        var fast = hot(hotKey);
        if (fast != null) {
            return fast;
        }
        long generation = soleWriter == null ? 0 : soleWriter.generation();
        var json = config.store().read(tx -> {
            var key = new RenderedCache.Key(id.value(), version, rules.schema().kind(), name, revision(tx, id, version));
            var cached = rendered.get(key);
            if (cached != null) {
                return cached;
            }
            var rendered = io.backline.wire.Json.bytes(io.backline.wire.Shapes.object(find(tx, rules.schema(), id, version, name)));
            this.rendered.put(key, rendered);
            return rendered;
        });
        remember(hotKey, generation, json);
        return json;
    }

    private static long revision(StoreTx tx, ServiceId id, int version) {
        var ref = tx.versionRef(id, version);
        if (ref.isEmpty()) {
            // Say which of the two is missing, as the uncached path does.
            ConfigService.version(tx, id, version);
        }
        return ref.orElseThrow().objectsRevision();
    }

    ConfigObject create(ObjectRules rules, ServiceId id, int version, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            requireEditable(ConfigService.version(tx, id, version));
            var values = rules.create(changes, service.type());
            var object = new ConfigObject(id, version, values, config.now(), config.now());
            if (tx.object(id, version, rules.schema(), object.name()).isPresent()) {
                throw duplicate(rules.schema(), object.name());
            }
            tx.insertObject(object);
            return object;
        });
    }

    ConfigObject update(ObjectRules rules, ServiceId id, int version, String name, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            requireEditable(ConfigService.version(tx, id, version));
            var current = find(tx, rules.schema(), id, version, name);
            if (changes.isEmpty()) {
                return current;
            }
            var values = rules.update(current.values(), changes, service.type());
            var updated = current.withValues(values, config.now());
            if (!updated.name().equals(name) && tx.object(id, version, rules.schema(), updated.name()).isPresent()) {
                throw duplicate(rules.schema(), updated.name());
            }
            tx.updateObject(name, updated);
            if (rules.schema() == io.backline.model.BackendSchema.SCHEMA) {
                DirectorMembers.backendChanged(tx, id, version, name, updated.name());
            }
            return updated;
        });
    }

    void delete(ObjectRules rules, ServiceId id, int version, String name) {
        config.store().write(tx -> {
            requireEditable(ConfigService.version(tx, id, version));
            find(tx, rules.schema(), id, version, name);
            tx.deleteObject(id, version, rules.schema(), name);
            if (rules.schema() == io.backline.model.BackendSchema.SCHEMA) {
                DirectorMembers.backendChanged(tx, id, version, name, null);
            }
            return null;
        });
    }

    private static void requireEditable(Version version) {
        if (version.locked()) {
            throw ConfigException.locked(version.serviceId(), version.number());
        }
    }

    private static ConfigObject find(StoreTx tx, Schema schema, ServiceId id, int version, String name) {
        return tx.object(id, version, schema, name).orElseThrow(() -> ConfigException.notFound("Couldn't find "
                + schema.label() + " '{ deleted => 0000-00-00 00:00:00, name => " + name + ", service => " + id
                + ", version => " + version + " }'"));
    }

    private static ConfigException duplicate(Schema schema, String name) {
        return ConfigException.duplicate("Duplicate " + schema.kind() + ": '" + name + "'");
    }
}
