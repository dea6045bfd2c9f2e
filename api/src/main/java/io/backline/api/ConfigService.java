package io.backline.api;

import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.ObjectRules;
import io.backline.model.Patch;
import io.backline.model.Service;
import io.backline.model.ServiceId;
import io.backline.model.ServiceSchema;
import io.backline.model.ServiceType;
import io.backline.model.Version;
import io.backline.model.VersionSchema;
import io.backline.store.ConfigStore;
import io.backline.store.ServicePage;
import io.backline.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules of services and versions (spec §3.1, §3.2, §5). Each public method is one store
 * transaction, so clone and activate are atomic and a crash never leaves half of one.
 */
public final class ConfigService {
    /** Fastly accounts own services; a Backline installation is one account. */
    static final String CUSTOMER_ID = "backline00000000000000";

    private final ConfigStore store;
    private final Clock clock;
    private final VersionValidator validator;
    private final Runnable onActivation;

    public ConfigService(ConfigStore store, Clock clock) {
        this(store, clock, () -> {});
    }

    /**
     * @param onActivation runs after every committed activation or deactivation (the edge in the
     *     same process reloads its snapshot from it); it must not block for long
     */
    public ConfigService(ConfigStore store, Clock clock, Runnable onActivation) {
        this.store = store;
        this.clock = clock;
        this.validator = new VersionValidator();
        this.onActivation = onActivation;
    }

    Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }

    ConfigStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** Runs the activation hook (a rollout's transition committed outside {@link #activate}). */
    void activated() {
        onActivation.run();
    }

    /** A service with everything its answer needs. */
    record ServiceView(Service service, List<Version> versions) {}

    /** Creates a service from {@link ServiceSchema} changes: no name means "Unnamed Service N", no type VCL. */
    ServiceView createService(Changes changes) {
        var sent = ServiceSchema.SCHEMA.apply(ServiceSchema.SCHEMA.defaults(ServiceType.VCL), changes, ServiceType.VCL);
        var typeName = sent.get(ServiceSchema.TYPE);
        var type = typeName == null ? ServiceType.VCL : ServiceType.parse(typeName);
        var comment = sent.require(ServiceSchema.COMMENT);
        var requested = sent.get(ServiceSchema.NAME);
        return store.write(tx -> {
            var name = requested == null ? "Unnamed Service " + tx.nextCounter("unnamed_service") : requested;
            var now = now();
            var service = new Service(ServiceId.random(), name, comment, type, CUSTOMER_ID, now, now, null);
            tx.insertService(service);
            var first = Version.draft(service.id(), 1, "", now);
            tx.insertVersion(first);
            return new ServiceView(service, List.of(first));
        });
    }

    record ServiceList(List<ServiceView> services, int total) {}

    ServiceList listServices(ServicePage page, Visibility visibility) {
        return store.read(tx -> {
            if (visibility instanceof Visibility.All) {
                var services = tx.services(page).stream().map(s -> new ServiceView(s, tx.versions(s.id()))).toList();
                return new ServiceList(services, tx.countServices());
            }
            // A restricted token sees only its services; paging happens after the filter.
            var all = tx.services(new ServicePage(1, Integer.MAX_VALUE, page.sort(), page.descending())).stream()
                    .filter(s -> visibility.canSee(s.id()))
                    .toList();
            var slice = all.stream().skip(page.offset()).limit(page.perPage())
                    .map(s -> new ServiceView(s, tx.versions(s.id()))).toList();
            return new ServiceList(slice, all.size());
        });
    }

    ServiceView service(ServiceId id) {
        return store.read(tx -> new ServiceView(live(tx, id), tx.versions(id)));
    }

    ServiceView searchService(String name, Visibility visibility) {
        return store.read(tx -> tx.serviceByName(name)
                .filter(s -> visibility.canSee(s.id()))
                .map(s -> new ServiceView(s, tx.versions(s.id())))
                .orElseThrow(() -> ConfigException.notFound("Cannot find service named '" + name + "'")));
    }

    /** Renames a service or changes its comment; its type is fixed at creation, so {@code type} is ignored. */
    ServiceView updateService(ServiceId id, Changes changes) {
        return store.write(tx -> {
            var current = live(tx, id);
            if (changes.get(ServiceSchema.NAME) instanceof Patch.Clear) {
                throw ConfigException.invalid("name: '' (expected: a non-empty service name)");
            }
            var name = changes.get(ServiceSchema.NAME) instanceof Patch.Set<String> set ? set.value() : current.name();
            var comment = changes.get(ServiceSchema.COMMENT) instanceof Patch.Set<String> set ? set.value() : current.comment();
            var updated = current.withNameAndComment(name, comment, now());
            tx.updateService(updated);
            return new ServiceView(updated, tx.versions(id));
        });
    }

    void deleteService(ServiceId id) {
        store.write(tx -> {
            var service = tx.service(id).orElseThrow(() -> notFound(id));
            if (service.deleted()) {
                throw ConfigException.state("Service '" + id + "' is deleted");
            }
            tx.activeVersion(id).ifPresent(active -> {
                throw ConfigException.state("Service '" + id + "' has active version " + active.number()
                        + " (expected: deactivate it first, e.g. fastly service delete --force)");
            });
            tx.updateService(service.deletedAt(now()));
            return null;
        });
    }

    List<Version> versions(ServiceId id) {
        return store.read(tx -> {
            live(tx, id);
            return tx.versions(id);
        });
    }

    Version version(ServiceId id, VersionNumber number) {
        return store.read(tx -> version(tx, id, number));
    }

    Version createVersion(ServiceId id, Changes changes) {
        var comment = changes.get(VersionSchema.COMMENT) instanceof Patch.Set<String> set ? set.value() : "";
        return store.write(tx -> {
            live(tx, id);
            var version = Version.draft(id, tx.maxVersion(id) + 1, comment, now());
            tx.insertVersion(version);
            return version;
        });
    }

    Version updateVersion(ServiceId id, VersionNumber number, Changes changes) {
        return store.write(tx -> {
            var current = version(tx, id, number);
            if (!(changes.get(VersionSchema.COMMENT) instanceof Patch.Set<String>(var comment))) {
                return current;
            }
            // The comment is metadata: Fastly's CLI edits it on locked versions too.
            var updated = current.withComment(comment, now());
            tx.updateVersion(updated);
            return updated;
        });
    }

    Version cloneVersion(ServiceId id, VersionNumber number) {
        return store.write(tx -> {
            version(tx, id, number);
            var clone = Version.draft(id, tx.maxVersion(id) + 1, "", now());
            tx.insertVersion(clone);
            tx.copyObjects(id, number.value(), clone.number());
            return clone;
        });
    }

    /** Activation result: the version, and the validator's warnings for Fastly's {@code msg}. */
    record Activation(Version version, List<String> warnings) {}

    Activation activate(ServiceId id, VersionNumber number) {
        var activation = store.write(tx -> {
            refuseDuringRollout(tx, id, "activate");
            return activate(tx, id, number);
        });
        onActivation.run();
        return activation;
    }

    /**
     * Activates {@code number} in the caller's transaction: validated, locked, active, the previous
     * active version deactivated, the revision bumped. The one activation path: Fastly's activate and
     * a rollout's promotion both take it, so a promoted version is active exactly as an activated one.
     */
    Activation activate(StoreTx tx, ServiceId id, VersionNumber number) {
        var target = version(tx, id, number);
        var report = validator.validate(tx, target);
        if (!report.errors().isEmpty()) {
            throw ConfigException.invalid(report.errors().getFirst());
        }
        VersionValidator.requireOwnDomains(tx, target);
        var now = now();
        var previous = tx.activeVersion(id);
        if (previous.isPresent() && previous.get().number() == number.value()) {
            return new Activation(previous.get(), report.warnings());
        }
        previous.ifPresent(p -> tx.updateVersion(p.deactivated(now)));
        var activated = target.activated(now);
        tx.updateVersion(activated);
        tx.bumpRevision();
        return new Activation(activated, report.warnings());
    }

    /** The validator's report on a version, in the caller's transaction (a rollout's candidate must pass it). */
    VersionValidator.Report validate(StoreTx tx, io.backline.model.Version version) {
        return validator.validate(tx, version);
    }

    /**
     * While a rollout of the service runs, Fastly's activate and deactivate would pull the versions
     * from under it: 409, naming the rollout and the two ways out.
     */
    static void refuseDuringRollout(StoreTx tx, ServiceId id, String action) {
        for (var rollout : tx.runningRollouts()) {
            if (rollout.serviceId().equals(id)) {
                throw new ApiException(ApiException.Kind.CONFLICT, "service '" + id + "': rollout " + rollout.id() + " of version "
                        + rollout.version() + " runs (expected: no " + action + " during a rollout; end it first with POST /service/" + id
                        + "/rollout/promote or POST /service/" + id + "/rollout/abort)");
            }
        }
    }

    Version deactivate(ServiceId id, VersionNumber number) {
        var deactivated = store.write(tx -> {
            var target = version(tx, id, number);
            refuseDuringRollout(tx, id, "deactivate");
            if (!target.active()) {
                throw ConfigException.state("Version " + number + " of service '" + id + "' is not active");
            }
            var result = target.deactivated(now());
            tx.updateVersion(result);
            tx.bumpRevision();
            return result;
        });
        onActivation.run();
        return deactivated;
    }

    Version lock(ServiceId id, VersionNumber number) {
        return store.write(tx -> {
            var target = version(tx, id, number);
            if (target.locked()) {
                return target;
            }
            var locked = target.lockedAt(now());
            tx.updateVersion(locked);
            return locked;
        });
    }

    VersionValidator.Report validate(ServiceId id, VersionNumber number) {
        return store.read(tx -> validator.validate(tx, version(tx, id, number)));
    }

    /** A version with its objects of every kind, keyed by kind. */
    record VersionContents(Version version, Map<String, List<ConfigObject>> objects) {}

    /** What {@code /details} answers: the service, the version shown and the active version. */
    record Details(ServiceView view, @Nullable VersionContents shown, @Nullable VersionContents active) {}

    Details details(ServiceId id, @Nullable VersionNumber requested, Iterable<ObjectRules> kinds) {
        return store.read(tx -> {
            var view = new ServiceView(live(tx, id), tx.versions(id));
            var active = view.versions().stream().filter(Version::active).findFirst().orElse(null);
            Version shown;
            if (requested != null) {
                shown = version(tx, id, requested);
            } else {
                shown = active != null ? active : view.versions().isEmpty() ? null : view.versions().getLast();
            }
            return new Details(view, shown == null ? null : contents(tx, shown, kinds), active == null ? null : contents(tx, active, kinds));
        });
    }

    private static VersionContents contents(StoreTx tx, Version version, Iterable<ObjectRules> kinds) {
        var objects = new LinkedHashMap<String, List<ConfigObject>>();
        for (var rules : kinds) {
            var schema = rules.schema();
            // A singleton reads as what it holds, defaults included, so a diff compares field by field.
            objects.put(schema.kind(), schema.singleton()
                    ? SingletonService.current(tx, schema, version).map(List::of).orElse(List.of())
                    : tx.objects(version.serviceId(), version.number(), schema));
        }
        return new VersionContents(version, objects);
    }

    /** One version with its objects, read in one transaction. */
    VersionContents contents(ServiceId id, VersionNumber number, Iterable<ObjectRules> kinds) {
        return store.read(tx -> contents(tx, version(tx, id, number), kinds));
    }

    /** Two versions of one service with their objects, read in one transaction, for a diff. */
    List<VersionContents> pair(ServiceId id, VersionNumber from, VersionNumber to, Iterable<ObjectRules> kinds) {
        return store.read(tx -> List.of(contents(tx, version(tx, id, from), kinds), contents(tx, version(tx, id, to), kinds)));
    }

    static Service live(StoreTx tx, ServiceId id) {
        return tx.service(id).filter(s -> !s.deleted()).orElseThrow(() -> notFound(id));
    }

    static Version version(StoreTx tx, ServiceId id, VersionNumber number) {
        live(tx, id);
        return tx.version(id, number.value()).orElseThrow(() -> ConfigException.notFound(
                "Couldn't find Version '{ number => " + number + ", service => " + id + " }'"));
    }

    static ConfigException notFound(ServiceId id) {
        return ConfigException.notFound("Cannot find service '" + id + "'");
    }
}
