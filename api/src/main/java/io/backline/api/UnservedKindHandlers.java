package io.backline.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backline.model.ConfigException;
import io.backline.model.Kinds;
import io.backline.model.ObjectKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The per-version lists Fastly's Terraform provider reads on import and refresh for kinds Backline
 * does not serve yet: each answers {@code 200 []} for a version of a known service (a 404 from any
 * of them aborts {@code terraform import}), and a create answers 400 saying so. The kinds are those
 * the provider's {@code block_fastly_service_*.go} list, by go-fastly's paths (docs/compatibility.md).
 */
final class UnservedKindHandlers {
    /** Path segments under {@code /service/{sid}/version/{v}/}. */
    static final List<String> KINDS = List.of("acl", "cache_settings", "dictionary", "snippet", "gzip", "header", "rate-limiters",
            "request_settings", "response_object", "vcl",
            "logging/azureblob", "logging/bigquery", "logging/cloudfiles", "logging/datadog", "logging/digitalocean",
            "logging/elasticsearch", "logging/ftp", "logging/gcs", "logging/grafanacloudlogs", "logging/heroku", "logging/honeycomb",
            "logging/kafka", "logging/kinesis", "logging/logentries", "logging/loggly", "logging/logshuttle",
            "logging/newrelic", "logging/newrelicotlp", "logging/openstack", "logging/papertrail", "logging/pubsub", "logging/s3",
            "logging/scalyr", "logging/sftp", "logging/splunk", "logging/sumologic");

    private final ConfigService config;
    /** The kinds the server does serve, named in the refusal: read from its registry, never listed here. */
    private final String served;

    UnservedKindHandlers(ConfigService config, Kinds kinds) {
        this.config = config;
        this.served = kinds.all().stream().map(ObjectKind::name).collect(Collectors.joining(", "));
    }

    void register(Router router) {
        for (var kind : KINDS) {
            var base = "service/{sid}/version/{v}/" + kind;
            router.add("GET", base, call -> {
                        config.version(call.serviceId(), call.version());
                        return ApiResponse.ok(JsonNodeFactory.instance.arrayNode());
                    })
                    .add("POST", base, call -> {
                        config.version(call.serviceId(), call.version());
                        throw unserved(kind, served);
                    })
                    .add("GET", base + "/{name}", call -> {
                        config.version(call.serviceId(), call.version());
                        throw ConfigException.notFound("Couldn't find " + kind + " '" + call.param("name") + "': Backline stores no "
                                + kind + " objects (expected: a kind Backline serves; docs/compatibility.md lists them)");
                    });
        }
    }

    private static ConfigException unserved(String kind, String served) {
        return ConfigException.invalid(kind + ": Backline does not serve this kind of object yet (expected: one of " + served
                + "; docs/compatibility.md lists what is served)");
    }
}
