package io.backline.edge;

import io.backline.condition.ConditionSyntaxException;
import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import io.backline.edge.logging.LoggingEndpoints;
import io.backline.model.ConditionSchema;
import io.backline.model.DirectorSchema;
import io.backline.model.DirectorType;
import io.backline.model.DomainSchema;
import io.backline.model.SettingsSchema;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link EdgeSnapshot} from the active versions. Runs off the request path; a version
 * that does not compile fails the whole build, so the previous snapshot keeps serving.
 *
 * <p>Route order (documented in docs/edge.md): ascending condition priority, then condition name,
 * then the backend's creation order. Every match overrides the previous one, so the last matching
 * route wins, as in the VCL Fastly generates.
 */
public final class SnapshotCompiler {
    private static final System.Logger LOG = System.getLogger(SnapshotCompiler.class.getName());

    private SnapshotCompiler() {}

    public static EdgeSnapshot compile(long revision, List<ActiveVersion> versions) {
        return compile(revision, versions, List.of(), EdgeSnapshot.EMPTY);
    }

    /**
     * The active versions and the staged ones. An active version that does not compile fails the
     * build, as above; a staged one that does not compile (staging does not lock, so a half-made
     * edit can reach it) keeps what {@code previous} staged for that service, or leaves it out, and
     * says so in the log: a broken staged draft must not stop production from moving on.
     */
    public static EdgeSnapshot compile(long revision, List<ActiveVersion> versions, List<ActiveVersion> staged,
            EdgeSnapshot previous) {
        return compile(revision, versions, staged, List.of(), previous);
    }

    /**
     * The active versions, the staged ones and the candidates of running rollouts. A rollout whose
     * service has no active version here, or whose candidate does not compile, is left out (its
     * service is served by the active version alone) and the log says so: the control plane
     * validated the candidate, so this means a broken store rather than a bad rollout.
     */
    public static EdgeSnapshot compile(long revision, List<ActiveVersion> versions, List<ActiveVersion> staged,
            List<RolloutCandidate> rollouts, EdgeSnapshot previous) {
        var services = new ArrayList<ServiceSnapshot>();
        for (var version : versions) {
            services.add(compile(version));
        }
        var stagedServices = new ArrayList<ServiceSnapshot>();
        for (var version : staged) {
            try {
                stagedServices.add(compile(version));
            } catch (EdgeException e) {
                var kept = previous.stagedService(version.serviceId());
                LOG.log(System.Logger.Level.WARNING, "staged version " + version.version() + " of service " + version.serviceId()
                        + " does not compile (" + e.getMessage() + "); the staging listener "
                        + (kept == null ? "serves its active version" : "keeps serving staged version " + kept.version()));
                if (kept != null) {
                    stagedServices.add(kept);
                }
            }
        }
        var splits = new ArrayList<RolloutSplit>();
        for (var rollout : rollouts) {
            var baseline = services.stream().filter(s -> s.serviceId().equals(rollout.serviceId())).findFirst();
            if (baseline.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "rollout " + rollout.rolloutId() + " of service " + rollout.serviceId()
                        + ": the service has no active version; its candidate is not served");
                continue;
            }
            try {
                splits.add(new RolloutSplit(rollout.rolloutId(), rollout.stepIndex(), rollout.percent(), compile(rollout.candidate()),
                        baseline.get().version()));
            } catch (EdgeException e) {
                LOG.log(System.Logger.Level.WARNING, "rollout " + rollout.rolloutId() + ": candidate version "
                        + rollout.candidate().version() + " does not compile (" + e.getMessage() + "); it is not served");
            }
        }
        return new EdgeSnapshot(revision, services, stagedServices, splits);
    }

    static ServiceSnapshot compile(ActiveVersion version) {
        var backends = new ArrayList<BackendSettings>();
        for (int i = 0; i < version.backends().size(); i++) {
            backends.add(BackendSettings.from(version.serviceId(), version.backends().get(i), i));
        }
        var conditions = new HashMap<String, Values>();
        version.conditions().forEach(c -> conditions.put(c.require(ConditionSchema.NAME), c));
        var healthchecks = new HashMap<String, HealthcheckSettings>();
        version.healthchecks().forEach(h -> {
            var settings = HealthcheckSettings.from(h);
            healthchecks.put(settings.name(), settings);
        });
        var directors = directors(version, backends);
        var directorOfMember = new HashMap<String, DirectorSettings>();
        for (var director : directors) {
            director.members().forEach(member -> directorOfMember.putIfAbsent(member.name(), director));
        }
        BackendSettings first = null;
        var pool = new ArrayList<BackendSettings>();
        var routes = new ArrayList<Route>();
        for (var backend : backends) {
            if (backend.requestCondition().isEmpty()) {
                if (first == null) {
                    first = backend;
                }
                // A director's member is balanced by its director, never by the autodirector too.
                if (backend.autoLoadbalance() && backend.weight() > 0 && !directorOfMember.containsKey(backend.name())) {
                    pool.add(backend);
                }
                continue;
            }
            var condition = conditions.get(backend.requestCondition());
            if (condition == null) {
                throw new EdgeException("service " + version.serviceId() + " version " + version.version() + ": backend '"
                        + backend.name() + "' names no condition '" + backend.requestCondition() + "'");
            }
            try {
                var compiled = Conditions.compile(condition.require(ConditionSchema.STATEMENT), ConditionType.REQUEST);
                routes.add(new Route(condition.require(ConditionSchema.NAME), condition.require(ConditionSchema.PRIORITY), compiled,
                        backend));
            } catch (ConditionSyntaxException e) {
                throw new EdgeException("service " + version.serviceId() + " condition '" + backend.requestCondition() + "': "
                        + e.getMessage(), e);
            }
        }
        routes.sort(Comparator.comparingInt(Route::priority).thenComparing(Route::conditionName)
                .thenComparingInt(r -> r.backend().position()));
        var domains = version.domains().stream().map(d -> d.require(DomainSchema.NAME)).toList();
        var logging = LoggingEndpoints.read(version.serviceId(), version.version(), version.logging(), name -> {
            var condition = conditions.get(name);
            return condition == null ? null : condition.require(ConditionSchema.STATEMENT);
        });
        return new ServiceSnapshot(version.serviceId(), version.version(), backends, first, pool, routes,
                Map.copyOf(healthchecks), domains, directors, directorOfMember,
                version.settings().require(SettingsSchema.DEFAULT_HOST), logging, cacheSettings(version));
    }

    private static CacheSettings cacheSettings(ActiveVersion version) {
        var settings = version.settings();
        return new CacheSettings(settings.require(SettingsSchema.DEFAULT_TTL), settings.require(SettingsSchema.STALE_IF_ERROR),
                settings.require(SettingsSchema.STALE_IF_ERROR_TTL));
    }

    private static List<DirectorSettings> directors(ActiveVersion version, List<BackendSettings> backends) {
        var byName = new HashMap<String, BackendSettings>();
        backends.forEach(b -> byName.put(b.name(), b));
        var directors = new ArrayList<DirectorSettings>();
        for (var values : version.directors()) {
            var name = values.require(DirectorSchema.NAME);
            var members = new ArrayList<BackendSettings>();
            for (var member : values.require(DirectorSchema.BACKENDS)) {
                var backend = byName.get(member);
                if (backend == null) {
                    throw new EdgeException("service " + version.serviceId() + " version " + version.version() + ": director '" + name
                            + "' names no backend '" + member + "'");
                }
                members.add(backend);
            }
            int code = values.require(DirectorSchema.TYPE);
            var type = DirectorType.of(code).orElseThrow(() -> new EdgeException("service " + version.serviceId() + " director '"
                    + name + "': type " + code + " (expected: " + DirectorType.RULE + ")"));
            directors.add(new DirectorSettings(name, type, values.require(DirectorSchema.QUORUM), values.require(DirectorSchema.RETRIES),
                    members, values.get(DirectorSchema.SHIELD)));
        }
        return directors;
    }
}
