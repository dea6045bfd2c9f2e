package io.backline.api;

import static io.backline.model.BackendSchema.ADDRESS;
import static io.backline.model.BackendSchema.AUTO_LOADBALANCE;
import static io.backline.model.BackendSchema.HEALTHCHECK;
import static io.backline.model.BackendSchema.PORT;
import static io.backline.model.BackendSchema.REQUEST_CONDITION;
import static io.backline.model.BackendSchema.SSL_CERT_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_CHECK_CERT;
import static io.backline.model.BackendSchema.USE_SSL;

import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import io.backline.condition.Node;
import io.backline.model.Address;
import io.backline.model.BackendSchema;
import io.backline.model.ConditionSchema;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.DomainSchema;
import io.backline.model.HealthcheckSchema;
import io.backline.model.HttpsLoggingSchema;
import io.backline.model.SyslogSchema;
import io.backline.model.Version;
import io.backline.store.StoreTx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole version before it may serve: every reference resolves, every backend can be
 * reached as configured, and some backend serves every request. Errors block activation;
 * warnings are reported and let it through.
 */
final class VersionValidator {

    /** The outcome: problems that block activation, and ones that only deserve a look. */
    record Report(List<String> errors, List<String> warnings) {
        Report {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    Report validate(StoreTx tx, Version version) {
        var id = version.serviceId();
        var errors = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        var backends = tx.objects(id, version.number(), BackendSchema.SCHEMA);
        var conditions = byName(tx.objects(id, version.number(), ConditionSchema.SCHEMA));
        var healthchecks = byName(tx.objects(id, version.number(), HealthcheckSchema.SCHEMA));
        if (backends.isEmpty()) {
            warnings.add("Version " + version.number() + " has no backend: every request would get a 503");
        }
        var used = new ArrayList<ConfigObject>();
        boolean hasDefault = false;
        for (var backend : backends) {
            checkBackend(backend, errors, warnings);
            var conditionName = backend.values().require(REQUEST_CONDITION);
            if (conditionName.isEmpty()) {
                hasDefault = true;
            } else {
                var condition = conditions.get(conditionName);
                if (condition == null) {
                    errors.add(label(backend) + ": request_condition '" + conditionName + "' names no condition in version "
                            + version.number());
                } else if (!condition.values().require(ConditionSchema.TYPE).equals("REQUEST")) {
                    errors.add(label(backend) + ": request_condition '" + conditionName + "' is a "
                            + condition.values().require(ConditionSchema.TYPE) + " condition (expected: a REQUEST condition)");
                } else {
                    used.add(condition);
                }
            }
            var healthcheck = backend.values().get(HEALTHCHECK);
            if (healthcheck != null && !healthchecks.containsKey(healthcheck)) {
                errors.add(label(backend) + ": healthcheck '" + healthcheck + "' names no health check in version " + version.number());
            }
        }
        if (!backends.isEmpty() && !hasDefault) {
            warnings.add("Every backend has a request_condition: a request that matches none of them gets a 503"
                    + " (add a backend without a condition as the default)");
        }
        checkShadowing(used, warnings);
        checkLogging(tx, version, conditions, errors);
        for (var healthcheck : healthchecks.values()) {
            var values = healthcheck.values();
            int initial = values.require(HealthcheckSchema.INITIAL);
            int threshold = values.require(HealthcheckSchema.THRESHOLD);
            int window = values.require(HealthcheckSchema.WINDOW);
            var name = "Healthcheck '" + healthcheck.name() + "'";
            if (threshold > window) {
                errors.add(name + ": threshold " + threshold + " is above window " + window
                        + " (expected: threshold <= window, or the backend can never be healthy)");
            }
            if (initial < threshold) {
                warnings.add(name + ": initial " + initial + " is below threshold " + threshold
                        + ": its backends start sick after every activation (expected: initial >= threshold to start healthy)");
            }
        }
        return new Report(errors, warnings);
    }

    /** Every logging endpoint's response_condition still names a RESPONSE condition (one may have been deleted since). */
    private static void checkLogging(StoreTx tx, Version version, Map<String, ConfigObject> conditions, List<String> errors) {
        for (var schema : List.of(SyslogSchema.SCHEMA, HttpsLoggingSchema.SCHEMA)) {
            for (var endpoint : tx.objects(version.serviceId(), version.number(), schema)) {
                var field = schema.field(ObjectService.RESPONSE_CONDITION);
                if (field != null && endpoint.values().raw(field) instanceof String name && !name.isEmpty()) {
                    var problem = ObjectService.responseConditionProblem(conditions.get(name));
                    if (problem != null) {
                        errors.add(schema.label() + " '" + endpoint.name() + "': response_condition '" + name + "' "
                                + problem.replace("{version}", Integer.toString(version.number())));
                    }
                }
            }
        }
    }

    /** The domains of a version, for the one-service-per-domain rule at activation. */
    static List<String> domains(StoreTx tx, Version version) {
        return tx.objects(version.serviceId(), version.number(), DomainSchema.SCHEMA).stream().map(ConfigObject::name).toList();
    }

    /**
     * Refuses a version that would serve a domain the active version of another service serves: a
     * domain belongs to one service. Activation and staging both ask it.
     */
    static void requireOwnDomains(StoreTx tx, Version version) {
        for (var domain : domains(tx, version)) {
            for (var owner : tx.activeServicesWithDomain(domain)) {
                if (!owner.equals(version.serviceId())) {
                    throw ConfigException.state("Domain '" + domain + "' is served by the active version of service '" + owner
                            + "' (expected: a domain belongs to one service; remove it there, or deactivate that service)");
                }
            }
        }
    }

    /**
     * Conditions run in ascending (priority, name) order and the last match wins, so a later
     * condition that always matches, or one identical to an earlier one, hides the earlier one.
     */
    private static void checkShadowing(List<ConfigObject> conditions, List<String> warnings) {
        var ordered = conditions.stream().distinct()
                .sorted(Comparator.comparingInt((ConfigObject c) -> c.values().require(ConditionSchema.PRIORITY))
                        .thenComparing(ConfigObject::name))
                .toList();
        var trees = new ArrayList<Node>();
        for (var condition : ordered) {
            trees.add(Conditions.parse(condition.values().require(ConditionSchema.STATEMENT), ConditionType.REQUEST));
        }
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = i + 1; j < ordered.size(); j++) {
                var later = trees.get(j);
                if (later.equals(new Node.BoolLiteral(true)) || later.equals(trees.get(i))) {
                    warnings.add("Condition '" + ordered.get(i).name() + "' is shadowed by '" + ordered.get(j).name()
                            + "', which runs later and matches every request it matches (the last match wins)");
                    break;
                }
            }
        }
    }

    private static Map<String, ConfigObject> byName(List<ConfigObject> objects) {
        var map = new HashMap<String, ConfigObject>();
        objects.forEach(o -> map.put(o.name(), o));
        return map;
    }

    private static String label(ConfigObject backend) {
        return "Backend '" + backend.name() + "'";
    }

    private static void checkBackend(ConfigObject backend, List<String> errors, List<String> warnings) {
        var values = backend.values();
        var label = label(backend);
        boolean tls = values.require(USE_SSL);
        int port = values.require(PORT);
        if (tls && values.require(SSL_CHECK_CERT) && values.get(SSL_CERT_HOSTNAME) == null
                && Address.parse(ADDRESS.name(), values.require(ADDRESS)).family() != Address.Family.HOSTNAME) {
            errors.add(label + ": Mandatory SSL cert checks require specifying cert hostname"
                    + " (expected: ssl_cert_hostname, a host-name address, or ssl_check_cert=false)");
        }
        if (tls && port == 80) {
            warnings.add(label + ": use_ssl is on but port is 80; TLS to port 80 rarely works (expected: port 443)");
        }
        if (!tls && port == 443) {
            warnings.add(label + ": port is 443 but use_ssl is off; the origin will see plain HTTP");
        }
        if (values.require(AUTO_LOADBALANCE) && !values.require(REQUEST_CONDITION).isEmpty()) {
            warnings.add(label + ": auto_loadbalance has no effect on a backend with a request_condition");
        }
    }
}
