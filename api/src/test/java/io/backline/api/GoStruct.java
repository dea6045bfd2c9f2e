package io.backline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A go-fastly response struct as {@code DecodeBodyMap} fills it (mapstructure, weakly typed input,
 * RFC 3339 times): its {@code mapstructure} field names and Go types, transcribed from go-fastly's
 * source. {@link #problems} says what in an answer would not decode as the field expects or would be
 * left unset.
 */
record GoStruct(String name, Map<String, GoStruct.Type> fields) {

    /** The Go field types go-fastly's structs use, all pointers (so JSON null decodes to nil). */
    enum Type {
        STRING,
        INT,
        /** {@code *uint}: a whole number of at least 0. */
        UINT,
        BOOL,
        /** {@code *time.Time}: RFC 3339 text. */
        TIME,
        /** {@code []string}. */
        STRINGS,
        /** {@code *int} fed a string holding an integer (Fastly's condition priority): weak input decodes it. */
        WEAK_INT
    }

    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

    static GoStruct of(String name, Object... pairs) {
        var fields = new LinkedHashMap<String, Type>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], (Type) pairs[i + 1]);
        }
        return new GoStruct(name, fields);
    }

    /** go-fastly's {@code Backend} ({@code fastly/backend.go}). */
    static final GoStruct BACKEND = of("Backend", "address", Type.STRING, "auto_loadbalance", Type.BOOL, "between_bytes_timeout", Type.INT,
            "comment", Type.STRING, "connect_timeout", Type.INT, "created_at", Type.TIME, "deleted_at", Type.TIME, "error_threshold",
            Type.INT, "first_byte_timeout", Type.INT, "healthcheck", Type.STRING, "hostname", Type.STRING, "keepalive_time", Type.INT,
            "max_conn", Type.INT, "max_use", Type.INT, "max_lifetime", Type.INT, "max_tls_version", Type.STRING, "min_tls_version",
            Type.STRING, "name", Type.STRING, "override_host", Type.STRING, "port", Type.INT, "prefer_ipv6", Type.BOOL,
            "request_condition", Type.STRING, "share_key", Type.STRING, "ssl_ca_cert", Type.STRING, "ssl_cert_hostname", Type.STRING,
            "ssl_check_cert", Type.BOOL, "ssl_ciphers", Type.STRING, "ssl_client_cert", Type.STRING, "ssl_client_key", Type.STRING,
            "ssl_sni_hostname", Type.STRING, "service_id", Type.STRING, "version", Type.INT, "shield", Type.STRING,
            "tcp_keepalive_enable", Type.BOOL, "tcp_keepalive_interval", Type.INT, "tcp_keepalive_probes", Type.INT,
            "tcp_keepalive_time", Type.INT, "updated_at", Type.TIME, "use_ssl", Type.BOOL, "weight", Type.INT);

    /** go-fastly's {@code HealthCheck} ({@code fastly/health_check.go}). */
    static final GoStruct HEALTH_CHECK = of("HealthCheck", "check_interval", Type.INT, "comment", Type.STRING, "created_at", Type.TIME,
            "deleted_at", Type.TIME, "expected_response", Type.INT, "http_version", Type.STRING, "headers", Type.STRINGS, "host",
            Type.STRING, "initial", Type.INT, "method", Type.STRING, "name", Type.STRING, "path", Type.STRING, "service_id", Type.STRING,
            "version", Type.INT, "threshold", Type.INT, "timeout", Type.INT, "updated_at", Type.TIME, "window", Type.INT);

    /** go-fastly's {@code Condition} ({@code fastly/vcl_condition.go}); Fastly answers priority and version as strings. */
    static final GoStruct CONDITION = of("Condition", "comment", Type.STRING, "created_at", Type.TIME, "deleted_at", Type.TIME, "name",
            Type.STRING, "priority", Type.WEAK_INT, "service_id", Type.STRING, "version", Type.WEAK_INT, "statement", Type.STRING,
            "type", Type.STRING, "updated_at", Type.TIME);

    /** go-fastly's {@code Domain} ({@code fastly/domain.go}). */
    static final GoStruct DOMAIN = of("Domain", "comment", Type.STRING, "created_at", Type.TIME, "deleted_at", Type.TIME, "name",
            Type.STRING, "service_id", Type.STRING, "version", Type.INT, "updated_at", Type.TIME);

    /** go-fastly's {@code ServiceDomain} ({@code fastly/service_details.go}), an item of {@code GET /service/{id}/domain}. */
    static final GoStruct SERVICE_DOMAIN = of("ServiceDomain", "comment", Type.STRING, "created_at", Type.TIME, "deleted_at", Type.TIME,
            "locked", Type.BOOL, "name", Type.STRING, "service_id", Type.STRING, "version", Type.INT, "updated_at", Type.TIME);

    /** go-fastly's {@code Settings} ({@code fastly/vcl_settings.go}). */
    static final GoStruct SETTINGS = of("Settings", "general.default_host", Type.STRING, "general.default_ttl", Type.UINT, "service_id",
            Type.STRING, "version", Type.INT, "general.stale_if_error", Type.BOOL, "general.stale_if_error_ttl", Type.UINT);

    /** go-fastly's {@code HTTP3} ({@code fastly/vcl_http3.go}). */
    static final GoStruct HTTP3 = of("HTTP3", "created_at", Type.TIME, "deleted_at", Type.TIME, "feature_revision", Type.INT, "service_id",
            Type.STRING, "version", Type.INT, "updated_at", Type.TIME);

    /** go-fastly's {@code statusResp}: a delete's answer, which must say {@code ok}. */
    static final GoStruct STATUS = of("statusResp", "status", Type.STRING);

    /** What would not decode, or would stay unset because Fastly always answers the key. */
    List<String> problems(JsonNode answer) {
        var problems = new ArrayList<String>();
        if (!answer.isObject()) {
            problems.add(name + ": " + answer.getNodeType() + " (expected: an object)");
            return problems;
        }
        fields.forEach((field, type) -> {
            var value = answer.get(field);
            if (value == null) {
                problems.add(name + "." + field + ": missing");
            } else if (!value.isNull() && !decodes(type, value)) {
                problems.add(name + "." + field + ": " + value + " does not decode as " + type);
            }
        });
        return problems;
    }

    private static boolean decodes(Type type, JsonNode value) {
        return switch (type) {
            case STRING -> value.isTextual();
            case INT -> value.isIntegralNumber() && value.canConvertToInt();
            case UINT -> value.isIntegralNumber() && value.asLong() >= 0;
            case BOOL -> value.isBoolean();
            case TIME -> value.isTextual() && RFC3339.matcher(value.asText()).matches();
            case STRINGS -> value.isArray() && allText(value);
            case WEAK_INT -> (value.isIntegralNumber() && value.canConvertToInt()) || (value.isTextual() && value.asText().matches("-?\\d+"));
        };
    }

    private static boolean allText(JsonNode array) {
        for (var item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
