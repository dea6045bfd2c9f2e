package io.backline.api;

import io.backline.model.BackendSchema;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.DirectorSchema;
import io.backline.model.ServiceId;
import io.backline.model.Version;
import io.backline.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Membership of backends in directors, kept in the director's {@code backends} (so it is cloned,
 * locked, diffed and fed to edges with the director). A member must exist in the same version.
 * When a backend is deleted its memberships go with it, and when it is renamed they follow the new
 * name: Fastly's answers show the first (docs/compatibility.md gives the sources); the second is
 * Backline's choice, so a rename cannot leave a director naming a backend that is gone.
 *
 * <p>A membership change keeps the director's {@code updated_at}, as Fastly's recorded answers do.
 */
final class DirectorMembers {
    private final ConfigService config;

    DirectorMembers(ConfigService config) {
        this.config = config;
    }

    /** The API's clock, for the time a membership answers. */
    Instant now() {
        return config.now();
    }

    /** Adds {@code backend} to {@code director}; both must exist, and it must not be a member yet. */
    ConfigObject add(ServiceId id, VersionNumber version, String director, String backend) {
        return config.store().write(tx -> {
            ConfigService.live(tx, id);
            requireEditable(ConfigService.version(tx, id, version));
            var current = director(tx, id, version.value(), director);
            if (tx.object(id, version.value(), BackendSchema.SCHEMA, backend).isEmpty()) {
                throw ConfigException.notFound("Couldn't find Backend '{ deleted => 0000-00-00 00:00:00, name => " + backend
                        + ", service => " + id + ", version => " + version + " }'");
            }
            var members = current.values().require(DirectorSchema.BACKENDS);
            if (members.contains(backend)) {
                throw ConfigException.duplicate("Duplicate director_backend: backend '" + backend + "' is already a member of director '"
                        + director + "'");
            }
            var more = new ArrayList<>(members);
            more.add(backend);
            tx.updateObject(director, withMembers(current, more));
            return current;
        });
    }

    /** The director holding {@code backend}, or Fastly's DirectorBackend 404. */
    ConfigObject get(ServiceId id, VersionNumber version, String director, String backend) {
        return config.store().read(tx -> {
            ConfigService.version(tx, id, version);
            var current = tx.object(id, version.value(), DirectorSchema.SCHEMA, director).orElse(null);
            if (current == null || !current.values().require(DirectorSchema.BACKENDS).contains(backend)) {
                throw missingMembership(id, version, director, backend);
            }
            return current;
        });
    }

    void remove(ServiceId id, VersionNumber version, String director, String backend) {
        config.store().write(tx -> {
            requireEditable(ConfigService.version(tx, id, version));
            var current = tx.object(id, version.value(), DirectorSchema.SCHEMA, director).orElse(null);
            var members = current == null ? List.<String>of() : current.values().require(DirectorSchema.BACKENDS);
            if (current == null || !members.contains(backend)) {
                throw missingMembership(id, version, director, backend);
            }
            var fewer = new ArrayList<>(members);
            fewer.remove(backend);
            tx.updateObject(director, withMembers(current, fewer));
            return null;
        });
    }

    /**
     * Carries a backend's rename or delete into every director of the version, inside the caller's
     * transaction. {@code newName} null means the backend was deleted.
     */
    static void backendChanged(StoreTx tx, ServiceId id, int version, String oldName, @Nullable String newName) {
        if (oldName.equals(newName)) {
            return;
        }
        for (var director : tx.objects(id, version, DirectorSchema.SCHEMA)) {
            var members = director.values().require(DirectorSchema.BACKENDS);
            if (!members.contains(oldName)) {
                continue;
            }
            var changed = new ArrayList<String>(members.size());
            for (var member : members) {
                if (!member.equals(oldName)) {
                    changed.add(member);
                } else if (newName != null) {
                    changed.add(newName);
                }
            }
            tx.updateObject(director.name(), withMembers(director, changed));
        }
    }

    private static ConfigObject withMembers(ConfigObject director, List<String> members) {
        return director.withValues(director.values().with(DirectorSchema.BACKENDS, List.copyOf(members)), director.updatedAt());
    }

    private static ConfigObject director(StoreTx tx, ServiceId id, int version, String name) {
        return tx.object(id, version, DirectorSchema.SCHEMA, name).orElseThrow(() -> ConfigException.notFound(
                "Couldn't find Director '{ deleted => 0000-00-00 00:00:00, name => " + name + ", service => " + id + ", version => "
                        + version + " }'"));
    }

    private static ConfigException missingMembership(ServiceId id, VersionNumber version, String director, String backend) {
        // Fastly's words, keys in its alphabetical order (go-fastly fixtures directors/cleanup.yaml).
        return ConfigException.notFound("Couldn't find DirectorBackend '{ backend => " + backend
                + ", deleted => 0000-00-00 00:00:00, director => " + director + ", service => " + id + ", version => " + version
                + " }'");
    }

    private static void requireEditable(Version version) {
        if (version.locked()) {
            throw ConfigException.locked(version.serviceId(), version.number());
        }
    }
}
