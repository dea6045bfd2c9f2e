package io.backline.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The structs go-fastly decodes answers into, as a table of field names and JSON types per kind,
 * read from its {@code mapstructure} tags ({@code fastly/backend.go}, {@code domain.go},
 * {@code vcl_condition.go}, {@code health_check.go}, {@code load_balancer_director.go},
 * {@code vcl_settings.go}, {@code service_version.go}, {@code service_details.go}). {@link #decode}
 * reads an answer the way the provider then sees it and fails on what go-fastly could not decode
 * or would read differently; it is stricter than go-fastly's weakly typed decoder on purpose
 * (booleans must be JSON booleans, as the npm client needs), with the one quirk Fastly itself has:
 * a condition's {@code priority} and {@code version} are numeric strings, which go-fastly's weak
 * decoding reads as ints.
 * Every field must be present: Fastly answers the full field set, null when unset.
 */
final class GoFastlyTypes {
    private GoFastlyTypes() {}

    /** A JSON type as go-fastly's field type accepts it. */
    enum Type {
        STRING, INT, INT_OR_NUMERIC_STRING, BOOL, TIME, STRINGS, ENVIRONMENTS, VERSION, VERSIONS
    }

    /** One struct: its fields by JSON name. */
    record Kind(String name, Map<String, Type> fields) {}

    private static Kind kind(String name, Object... fieldsAndTypes) {
        var fields = new LinkedHashMap<String, Type>();
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            fields.put((String) fieldsAndTypes[i], (Type) fieldsAndTypes[i + 1]);
        }
        return new Kind(name, fields);
    }

    static final Kind ENVIRONMENT = kind("Environment", "active_version", Type.INT, "name", Type.STRING, "service_id", Type.STRING);

    static final Kind VERSION = kind("Version", "active", Type.BOOL, "comment", Type.STRING, "created_at", Type.TIME,
            "deleted_at", Type.TIME, "deployed", Type.BOOL, "locked", Type.BOOL, "number", Type.INT, "service_id", Type.STRING,
            "staging", Type.BOOL, "testing", Type.BOOL, "updated_at", Type.TIME, "environments", Type.ENVIRONMENTS);

    static final Kind SERVICE_DETAIL = kind("ServiceDetail", "active_version", Type.VERSION, "comment", Type.STRING,
            "created_at", Type.TIME, "customer_id", Type.STRING, "deleted_at", Type.TIME, "id", Type.STRING, "name", Type.STRING,
            "type", Type.STRING, "updated_at", Type.TIME, "version", Type.VERSION, "versions", Type.VERSIONS,
            "environments", Type.ENVIRONMENTS);

    static final Kind SERVICE = kind("Service", "comment", Type.STRING, "created_at", Type.TIME, "customer_id", Type.STRING,
            "deleted_at", Type.TIME, "id", Type.STRING, "name", Type.STRING, "type", Type.STRING, "updated_at", Type.TIME,
            "versions", Type.VERSIONS, "environments", Type.ENVIRONMENTS);

    static final Kind BACKEND = kind("Backend", "address", Type.STRING, "auto_loadbalance", Type.BOOL,
            "between_bytes_timeout", Type.INT, "comment", Type.STRING, "connect_timeout", Type.INT, "created_at", Type.TIME,
            "deleted_at", Type.TIME, "error_threshold", Type.INT, "first_byte_timeout", Type.INT, "healthcheck", Type.STRING,
            "hostname", Type.STRING, "keepalive_time", Type.INT, "max_conn", Type.INT, "max_use", Type.INT,
            "max_lifetime", Type.INT, "max_tls_version", Type.STRING, "min_tls_version", Type.STRING, "name", Type.STRING,
            "override_host", Type.STRING, "port", Type.INT, "prefer_ipv6", Type.BOOL, "request_condition", Type.STRING,
            "share_key", Type.STRING, "ssl_ca_cert", Type.STRING, "ssl_cert_hostname", Type.STRING, "ssl_check_cert", Type.BOOL,
            "ssl_ciphers", Type.STRING, "ssl_client_cert", Type.STRING, "ssl_client_key", Type.STRING,
            "ssl_sni_hostname", Type.STRING, "service_id", Type.STRING, "version", Type.INT, "shield", Type.STRING,
            "tcp_keepalive_enable", Type.BOOL, "tcp_keepalive_interval", Type.INT, "tcp_keepalive_probes", Type.INT,
            "tcp_keepalive_time", Type.INT, "updated_at", Type.TIME, "use_ssl", Type.BOOL, "weight", Type.INT);

    static final Kind DOMAIN = kind("Domain", "comment", Type.STRING, "created_at", Type.TIME, "deleted_at", Type.TIME,
            "name", Type.STRING, "service_id", Type.STRING, "version", Type.INT, "updated_at", Type.TIME);

    static final Kind CONDITION = kind("Condition", "comment", Type.STRING, "created_at", Type.TIME, "deleted_at", Type.TIME,
            "name", Type.STRING, "priority", Type.INT_OR_NUMERIC_STRING, "service_id", Type.STRING, "version", Type.INT_OR_NUMERIC_STRING,
            "statement", Type.STRING, "type", Type.STRING, "updated_at", Type.TIME);

    static final Kind HEALTH_CHECK = kind("HealthCheck", "check_interval", Type.INT, "comment", Type.STRING,
            "created_at", Type.TIME, "deleted_at", Type.TIME, "expected_response", Type.INT, "http_version", Type.STRING,
            "headers", Type.STRINGS, "host", Type.STRING, "initial", Type.INT, "method", Type.STRING, "name", Type.STRING,
            "path", Type.STRING, "service_id", Type.STRING, "version", Type.INT, "threshold", Type.INT, "timeout", Type.INT,
            "updated_at", Type.TIME, "window", Type.INT);

    static final Kind DIRECTOR = kind("Director", "backends", Type.STRINGS, "capacity", Type.INT, "comment", Type.STRING,
            "created_at", Type.TIME, "deleted_at", Type.TIME, "name", Type.STRING, "quorum", Type.INT, "retries", Type.INT,
            "service_id", Type.STRING, "version", Type.INT, "shield", Type.STRING, "type", Type.INT, "updated_at", Type.TIME);

    static final Kind DIRECTOR_BACKEND = kind("DirectorBackend", "backend_name", Type.STRING, "created_at", Type.TIME,
            "deleted_at", Type.TIME, "director_name", Type.STRING, "service_id", Type.STRING, "version", Type.INT,
            "updated_at", Type.TIME);

    static final Kind SETTINGS = kind("Settings", "general.default_host", Type.STRING, "general.default_ttl", Type.INT,
            "service_id", Type.STRING, "version", Type.INT, "general.stale_if_error", Type.BOOL,
            "general.stale_if_error_ttl", Type.INT);

    /** go-fastly's {@code statusResp}: what {@code ValidateVersion} and the deletes read. */
    static final Kind STATUS = kind("statusResp", "status", Type.STRING);

    /**
     * Decodes one object as go-fastly would: each field of {@code kind} present and of its type, the
     * value as the provider reads it (String, Integer, Boolean, Instant, List of String, a nested
     * Map, or null). Throws {@link AssertionError} naming the field otherwise.
     */
    static Map<String, @Nullable Object> decode(Kind kind, JsonNode node) {
        if (!node.isObject()) {
            throw new AssertionError(kind.name() + ": expected a JSON object, got " + node);
        }
        var decoded = new LinkedHashMap<String, @Nullable Object>();
        kind.fields().forEach((field, type) -> {
            if (!node.has(field)) {
                throw new AssertionError(kind.name() + "." + field + ": missing (Fastly answers every field, null when unset) in " + node);
            }
            decoded.put(field, value(kind.name() + "." + field, type, node.get(field)));
        });
        return decoded;
    }

    /** Decodes every element of an array answer. */
    static List<Map<String, @Nullable Object>> decodeList(Kind kind, JsonNode array) {
        if (!array.isArray()) {
            throw new AssertionError("[]" + kind.name() + ": expected a JSON array, got " + array);
        }
        var list = new ArrayList<Map<String, @Nullable Object>>();
        array.forEach(item -> list.add(decode(kind, item)));
        return list;
    }

    private static @Nullable Object value(String where, Type type, JsonNode value) {
        if (value.isNull()) {
            return type == Type.STRINGS || type == Type.VERSIONS || type == Type.ENVIRONMENTS ? List.of() : null;
        }
        return switch (type) {
            case STRING -> {
                require(where, value.isTextual(), "a string", value);
                yield value.asText();
            }
            case INT -> {
                require(where, value.isIntegralNumber(), "an integer", value);
                yield value.asInt();
            }
            case INT_OR_NUMERIC_STRING -> {
                require(where, value.isIntegralNumber() || value.isTextual() && value.asText().matches("-?\\d+"),
                        "an integer or a numeric string", value);
                yield Integer.parseInt(value.asText());
            }
            case BOOL -> {
                require(where, value.isBoolean(), "a JSON boolean", value);
                yield value.asBoolean();
            }
            case TIME -> {
                require(where, value.isTextual(), "an RFC 3339 time", value);
                try {
                    yield Instant.parse(value.asText());
                } catch (DateTimeParseException e) {
                    throw new AssertionError(where + ": '" + value.asText() + "' (expected: an RFC 3339 time)", e);
                }
            }
            case STRINGS -> {
                require(where, value.isArray(), "an array of strings", value);
                var list = new ArrayList<String>();
                value.forEach(item -> {
                    require(where, item.isTextual(), "an array of strings", value);
                    list.add(item.asText());
                });
                yield List.copyOf(list);
            }
            case ENVIRONMENTS -> decodeList(ENVIRONMENT, value);
            case VERSION -> decode(VERSION, value);
            case VERSIONS -> decodeList(VERSION, value);
        };
    }

    private static void require(String where, boolean ok, String expected, JsonNode value) {
        if (!ok) {
            throw new AssertionError(where + ": " + value + " (expected: " + expected + ", as go-fastly's struct reads it)");
        }
    }
}
