package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.backline.api.EdgeInsight;
import io.backline.edge.ActiveVersion;
import io.backline.edge.EdgeConfig;
import io.backline.edge.EdgeException;
import io.backline.edge.Explainer;
import io.backline.edge.Pops;
import io.backline.edge.health.HealthView;
import io.backline.edge.ServiceSnapshot;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.Values;
import io.backline.store.PurgeRecord;
import io.backline.wire.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link EdgeInsight} over the edge running in this process. */
final class LocalEdgeInsight implements EdgeInsight {
    private final HealthView health;
    private final Function<String, JsonNode> healthReport;
    private final Function<String, JsonNode> loggingReport;
    private final Consumer<PurgeRecord> purges;
    private final String pop;
    private final Supplier<Pops> pops;

    LocalEdgeInsight(HealthView health, Function<String, JsonNode> healthReport) {
        this(health, healthReport, id -> LoggingStatus.report(id, java.util.List.of()));
    }

    LocalEdgeInsight(HealthView health, Function<String, JsonNode> healthReport, Function<String, JsonNode> loggingReport) {
        this(health, healthReport, loggingReport, purge -> { }, EdgeConfig.defaults().pop(), () -> Pops.EMPTY);
    }

    /**
     * @param purges where a purge accepted by the API in this process goes: the edge in this process
     * @param pop the POP of the edge in this process
     * @param pops the POPs it knows now: explain says whether a request goes through a shield edge
     */
    LocalEdgeInsight(HealthView health, Function<String, JsonNode> healthReport, Function<String, JsonNode> loggingReport,
            Consumer<PurgeRecord> purges, String pop, Supplier<Pops> pops) {
        this.purges = purges;
        this.health = health;
        this.healthReport = healthReport;
        this.loggingReport = loggingReport;
        this.pop = pop;
        this.pops = pops;
    }

    @Override
    public void purged(PurgeRecord purge) {
        purges.accept(purge);
    }

    @Override
    public JsonNode loggingStatus(String serviceId) {
        return loggingReport.apply(serviceId);
    }

    @Override
    public JsonNode explain(String serviceId, int version, Map<String, List<ConfigObject>> objects, DescribedRequest request) {
        var active = ActiveVersion.of(serviceId, version, schema -> values(objects, schema.kind()));
        ServiceSnapshot snapshot;
        try {
            snapshot = Explainer.compile(active);
        } catch (EdgeException e) {
            throw ConfigException.invalid("version " + version + " cannot serve: " + e.getMessage());
        }
        var headers = new LinkedHashMap<String, String>();
        for (var line : request.headerLines()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        var described = new io.backline.edge.DescribedRequest(request.method(), request.url(), headers, request.clientIp(), request.isSsl(), "HTTP/1.1");
        var explanation = Explainer.explain(snapshot, described, health, pop, pops.get());
        return Json.mapper().valueToTree(explanation);
    }

    @Override
    public JsonNode backendHealth(String serviceId) {
        return healthReport.apply(serviceId);
    }

    private static List<Values> values(Map<String, List<ConfigObject>> objects, String kind) {
        return objects.getOrDefault(kind, List.of()).stream().map(ConfigObject::values).toList();
    }
}
