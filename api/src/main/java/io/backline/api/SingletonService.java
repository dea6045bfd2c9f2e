package io.backline.api;

import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.ObjectRules;
import io.backline.model.Schema;
import io.backline.model.ServiceId;
import io.backline.model.ServiceType;
import io.backline.model.Version;
import io.backline.store.StoreTx;
import java.util.Optional;

/**
 * Reads and writes the one object of a singleton kind ({@link Schema.Cardinality}) in a version:
 * the settings, the HTTP/3 flag. Writes follow the rules of every per-version object: the version
 * must be unlocked, and each call is one transaction.
 */
final class SingletonService {
    private final ConfigService config;

    SingletonService(ConfigService config) {
        this.config = config;
    }

    /** The stored value, or for a kind that always has one, its defaults; empty when an optional one is off. */
    Optional<ConfigObject> read(ObjectRules rules, ServiceId id, VersionNumber version) {
        return config.store().read(tx -> {
            var found = ConfigService.version(tx, id, version);
            return current(tx, rules.schema(), found);
        });
    }

    /**
     * Writes the fields sent over the current value (or the defaults): a partial update, as
     * Fastly's {@code PUT …/settings} is.
     */
    ConfigObject write(ObjectRules rules, ServiceId id, VersionNumber version, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            var target = editable(tx, id, version);
            var stored = tx.object(id, version.value(), rules.schema(), rules.schema().kind());
            var now = config.now();
            if (stored.isPresent()) {
                var updated = stored.get().withValues(rules.update(stored.get().values(), changes, service.type()), now);
                tx.updateObject(rules.schema().kind(), updated);
                return updated;
            }
            var created = new ConfigObject(id, target.number(), rules.create(changes, service.type()), now, now);
            tx.insertObject(created);
            return created;
        });
    }

    /** Turns an optional singleton on; a second enable is refused, as Fastly refuses it (400). */
    ConfigObject enable(ObjectRules rules, ServiceId id, VersionNumber version, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            editable(tx, id, version);
            if (tx.object(id, version.value(), rules.schema(), rules.schema().kind()).isPresent()) {
                throw ConfigException.state(rules.schema().kind() + ": already enabled on version " + version + " of service '" + id
                        + "' (expected: enable it once; GET tells whether it is on)");
            }
            var now = config.now();
            var created = new ConfigObject(id, version.value(), rules.create(changes, service.type()), now, now);
            tx.insertObject(created);
            return created;
        });
    }

    /** Turns an optional singleton off; turning off what is off succeeds, as Fastly's does. */
    void disable(ObjectRules rules, ServiceId id, VersionNumber version) {
        config.store().write(tx -> {
            editable(tx, id, version);
            if (tx.object(id, version.value(), rules.schema(), rules.schema().kind()).isPresent()) {
                tx.deleteObject(id, version.value(), rules.schema(), rules.schema().kind());
            }
            return null;
        });
    }

    /** What a version holds of a singleton kind, defaults included: one place for reads, details and diffs. */
    static Optional<ConfigObject> current(StoreTx tx, Schema schema, Version version) {
        var stored = tx.object(version.serviceId(), version.number(), schema, schema.kind());
        if (stored.isPresent() || schema.cardinality() != Schema.Cardinality.ONE) {
            return stored;
        }
        return Optional.of(new ConfigObject(version.serviceId(), version.number(), schema.defaults(ServiceType.VCL),
                version.createdAt(), version.createdAt()));
    }

    private static Version editable(StoreTx tx, ServiceId id, VersionNumber number) {
        var version = ConfigService.version(tx, id, number);
        if (version.locked()) {
            throw ConfigException.locked(version.serviceId(), version.number());
        }
        return version;
    }
}
