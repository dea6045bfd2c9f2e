package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.model.Field;
import io.backline.model.Kinds;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Backline's additions beyond Fastly: {@code POST …/version/{v}/explain},
 * {@code GET /service/{sid}/backend-health} and {@code GET /service/{sid}/logging-status}, answered
 * by the edge through {@link EdgeInsight}.
 */
final class InsightHandlers {
    private static final Schema.Builder B = Schema.builder("explain", "Explain");
    private static final Field<String> METHOD = B.add(Field.text("method").defaultValue("GET").maxLength(32)
            .pattern("[A-Z]+", "an upper-case HTTP method such as GET"));
    private static final Field<String> URL = B.add(Field.text("url").defaultValue("/").maxLength(8_192)
            .pattern("/[^\\s\\p{Cc}]*", "a request target starting with / and without spaces or control characters"));
    private static final Field<String> CLIENT_IP = B.add(Field.text("client_ip").defaultValue("127.0.0.1").maxLength(64)
            .pattern("[0-9A-Fa-f:.]+", "an IPv4 or IPv6 address"));
    private static final Field<Boolean> IS_SSL = B.add(Field.bool("is_ssl", type -> false));
    private static final Field<List<String>> HEADERS = B.add(Field.textList("headers"));
    private static final Schema SCHEMA = B.build();

    private final ConfigService config;
    private final Kinds kinds;
    private final @Nullable EdgeInsight insight;

    InsightHandlers(ConfigService config, Kinds kinds, @Nullable EdgeInsight insight) {
        this.config = config;
        this.kinds = kinds;
        this.insight = insight;
    }

    void register(Router router) {
        router.add("POST", "service/{sid}/version/{v}/explain", SCHEMA, this::explain)
                .add("GET", "service/{sid}/backend-health", this::health)
                .add("GET", "service/{sid}/logging-status", this::logging);
    }

    private EdgeInsight insight() {
        if (insight == null) {
            throw ConfigException.notFound("No edge runs in this process (explain, backend-health and logging-status need backline serve)");
        }
        return insight;
    }

    private ApiResponse explain(Call call) {
        var id = call.serviceId();
        var version = call.version();
        var values = SCHEMA.apply(SCHEMA.defaults(ServiceType.VCL), call.changes(), ServiceType.VCL);
        var edge = insight();
        var request = new EdgeInsight.DescribedRequest(values.require(METHOD), values.require(URL), values.require(HEADERS),
                values.require(CLIENT_IP), values.require(IS_SSL));
        var contents = config.contents(id, version, kinds.rules());
        return ApiResponse.ok(edge.explain(contents.version().serviceId().value(), contents.version().number(), contents.objects(), request));
    }

    private ApiResponse health(Call call) {
        var edge = insight();
        var id = call.serviceId();
        config.service(id);
        return ApiResponse.ok(edge.backendHealth(id.value()));
    }

    private ApiResponse logging(Call call) {
        var edge = insight();
        var id = call.serviceId();
        config.service(id);
        return ApiResponse.ok(edge.loggingStatus(id.value()));
    }
}
