package io.backline.edge;

import io.backline.condition.StandardKinds;
import io.backline.edge.logging.LoggingEndpoints;
import io.backline.model.BackendSchema;
import io.backline.model.ConditionSchema;
import io.backline.model.DirectorSchema;
import io.backline.model.DomainSchema;
import io.backline.model.HealthcheckSchema;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import io.backline.model.SettingsSchema;
import io.backline.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An active version as the control plane hands it to the edge: its objects' values, each list in
 * creation order. The edge knows no store; whoever runs it supplies these, through {@link #of}.
 *
 * <pre>{@code
 * var active = ActiveVersion.of(service.serviceId(), service.version(), service::objects);
 * }</pre>
 */
public record ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions,
        List<Values> healthchecks, List<Values> domains, List<Values> directors, Values settings, List<Values> logging) {

    public ActiveVersion {
        backends = List.copyOf(backends);
        conditions = List.copyOf(conditions);
        healthchecks = List.copyOf(healthchecks);
        domains = List.copyOf(domains);
        directors = List.copyOf(directors);
        logging = List.copyOf(logging);
    }

    /** A version without logging endpoints. */
    public ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions, List<Values> healthchecks,
            List<Values> domains, List<Values> directors, Values settings) {
        this(serviceId, version, backends, conditions, healthchecks, domains, directors, settings, List.of());
    }

    /** A version without directors, with the default settings (tests and benchmarks that build one by hand). */
    public ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions, List<Values> healthchecks,
            List<Values> domains) {
        this(serviceId, version, backends, conditions, healthchecks, domains, List.of());
    }

    /** A version with directors and the default settings (nobody wrote them). */
    public ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions, List<Values> healthchecks,
            List<Values> domains, List<Values> directors) {
        this(serviceId, version, backends, conditions, healthchecks, domains, directors, SettingsSchema.SCHEMA.defaults(ServiceType.VCL));
    }

    /** A version without directors, with the given settings. */
    public ActiveVersion(String serviceId, int version, List<Values> backends, List<Values> conditions, List<Values> healthchecks,
            List<Values> domains, Values settings) {
        this(serviceId, version, backends, conditions, healthchecks, domains, List.of(), settings);
    }

    /**
     * The one way callers build an active version: {@code objects} gives the values of each kind
     * the edge serves, by its schema (a feed entry, a store transaction, an explain request).
     */
    public static ActiveVersion of(String serviceId, int version, Function<Schema, List<Values>> objects) {
        // The settings are one value per version, absent from the store until someone writes them.
        var settings = objects.apply(SettingsSchema.SCHEMA);
        // The logging kinds by name, from the registry the control plane declares them in: the edge reads their fields by name.
        var logging = new ArrayList<Values>();
        for (var kind : LoggingEndpoints.KINDS) {
            StandardKinds.KINDS.find(kind).ifPresent(declared -> logging.addAll(objects.apply(declared.schema())));
        }
        return new ActiveVersion(serviceId, version, objects.apply(BackendSchema.SCHEMA), objects.apply(ConditionSchema.SCHEMA),
                objects.apply(HealthcheckSchema.SCHEMA), objects.apply(DomainSchema.SCHEMA), objects.apply(DirectorSchema.SCHEMA),
                settings.isEmpty() ? SettingsSchema.SCHEMA.defaults(ServiceType.VCL) : settings.getFirst(), logging);
    }
}
