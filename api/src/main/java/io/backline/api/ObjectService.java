package io.backline.api;

import io.backline.model.BackendSchema;
import io.backline.model.Changes;
import io.backline.model.ConditionSchema;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.ObjectRules;
import io.backline.model.Schema;
import io.backline.model.ServiceId;
import io.backline.model.Values;
import io.backline.model.Version;
import io.backline.store.StoreTx;
import io.backline.wire.Json;
import io.backline.wire.Shapes;
import org.jspecify.annotations.Nullable;

/**
 * Create, read, update and delete of per-version objects (backends now; conditions, health checks
 * and domains share the same rules): writes only on unlocked versions, names unique per version
 * and kind, partial updates, rename through {@code name}. Its reads are uncached; the API serves
 * them through {@link CachedObjectReads}.
 */
final class ObjectService implements ObjectReads {
    static final String RESPONSE_CONDITION = "response_condition";
    private final ConfigService config;

    ObjectService(ConfigService config) {
        this.config = config;
    }

    @Override
    public long revision(ObjectRead read) {
        return config.store().read(tx -> revision(tx, read.service(), read.version()));
    }

    @Override
    public Rendered render(ObjectRead read) {
        return config.store().read(tx -> {
            long revision = revision(tx, read.service(), read.version());
            var schema = read.rules().schema();
            var name = read.name();
            var node = name == null
                    ? Shapes.objects(tx.objects(read.service(), read.version().value(), schema))
                    : Shapes.object(find(tx, schema, read.service(), read.version(), name));
            return new Rendered(revision, Json.bytes(node));
        });
    }

    private static long revision(StoreTx tx, ServiceId id, VersionNumber version) {
        var ref = tx.versionRef(id, version.value());
        if (ref.isEmpty()) {
            // Say which of the two is missing.
            ConfigService.version(tx, id, version);
        }
        return ref.orElseThrow().objectsRevision();
    }

    ConfigObject create(ObjectRules rules, ServiceId id, VersionNumber version, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            requireEditable(ConfigService.version(tx, id, version));
            var values = rules.create(changes, service.type());
            requireResponseCondition(tx, id, version, values);
            var object = new ConfigObject(id, version.value(), values, config.now(), config.now());
            if (tx.object(id, version.value(), rules.schema(), object.name()).isPresent()) {
                throw duplicate(rules.schema(), object.name());
            }
            tx.insertObject(object);
            return object;
        });
    }

    ConfigObject update(ObjectRules rules, ServiceId id, VersionNumber version, String name, Changes changes) {
        return config.store().write(tx -> {
            var service = ConfigService.live(tx, id);
            requireEditable(ConfigService.version(tx, id, version));
            var current = find(tx, rules.schema(), id, version, name);
            if (changes.isEmpty()) {
                return current;
            }
            var values = rules.update(current.values(), changes, service.type());
            requireResponseCondition(tx, id, version, values);
            var updated = current.withValues(values, config.now());
            if (!updated.name().equals(name) && tx.object(id, version.value(), rules.schema(), updated.name()).isPresent()) {
                throw duplicate(rules.schema(), updated.name());
            }
            tx.updateObject(name, updated);
            if (rules.schema() == BackendSchema.SCHEMA) {
                DirectorMembers.backendChanged(tx, id, version.value(), name, updated.name());
            }
            return updated;
        });
    }

    void delete(ObjectRules rules, ServiceId id, VersionNumber version, String name) {
        config.store().write(tx -> {
            requireEditable(ConfigService.version(tx, id, version));
            find(tx, rules.schema(), id, version, name);
            tx.deleteObject(id, version.value(), rules.schema(), name);
            if (rules.schema() == BackendSchema.SCHEMA) {
                DirectorMembers.backendChanged(tx, id, version.value(), name, null);
            }
            return null;
        });
    }

    /**
     * A {@code response_condition} (a logging endpoint's) names a RESPONSE condition of the same
     * version, checked when it is written so that a typo is a 400 at once; a condition deleted
     * afterwards is caught by the version's validation.
     */
    private static void requireResponseCondition(StoreTx tx, ServiceId id, VersionNumber version, Values values) {
        var field = values.schema().field(RESPONSE_CONDITION);
        if (field == null || !(values.raw(field) instanceof String name) || name.isEmpty()) {
            return;
        }
        var problem = responseConditionProblem(tx.object(id, version.value(), ConditionSchema.SCHEMA, name).orElse(null));
        if (problem != null) {
            throw ConfigException.invalid(RESPONSE_CONDITION + ": '" + name + "' " + problem.replace("{version}", version.toString()));
        }
    }

    /** What is wrong with the condition a response_condition names, or null when it is a RESPONSE condition. */
    static @Nullable String responseConditionProblem(@Nullable ConfigObject condition) {
        if (condition == null) {
            return "names no condition in version {version} (expected: the name of a RESPONSE condition of the version)";
        }
        var type = condition.values().require(ConditionSchema.TYPE);
        return type.equals("RESPONSE") ? null : "is a " + type + " condition (expected: a RESPONSE condition)";
    }

    private static void requireEditable(Version version) {
        if (version.locked()) {
            throw ConfigException.locked(version.serviceId(), version.number());
        }
    }

    private static ConfigObject find(StoreTx tx, Schema schema, ServiceId id, VersionNumber version, String name) {
        return tx.object(id, version.value(), schema, name).orElseThrow(() -> ConfigException.notFound("Couldn't find "
                + schema.label() + " '{ deleted => 0000-00-00 00:00:00, name => " + name + ", service => " + id
                + ", version => " + version + " }'"));
    }

    private static ConfigException duplicate(Schema schema, String name) {
        // Fastly names a logging kind with an underscore here: "Duplicate logging_syslog: 'x'" (spec §1.3).
        return ConfigException.duplicate("Duplicate " + schema.kind().replace('/', '_') + ": '" + name + "'");
    }
}
