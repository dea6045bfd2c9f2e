package io.backline.edge.logging;

import io.backline.condition.ConditionSyntaxException;
import io.backline.condition.ConditionType;
import io.backline.condition.Conditions;
import io.backline.condition.LoggingRules;
import io.backline.condition.logformat.LogFormat;
import io.backline.condition.logformat.LogFormatException;
import io.backline.edge.EdgeException;
import io.backline.edge.tls.EndpointTls;
import io.backline.model.Values;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a version's {@code logging/syslog} and {@code logging/https} objects into endpoint
 * settings. The fields are read by Fastly's names from whatever schema stored them, so the edge
 * does not depend on how the control plane declares the kinds; values are taken in the shapes the
 * wire gives them ({@code use_tls} as a boolean, a number or {@code "0"}/{@code "1"}).
 *
 * <p>Refusals are {@link EdgeException}s naming the endpoint and the field, so that a version the
 * edge cannot serve is refused whole and the previous one keeps serving.
 */
public final class LoggingEndpoints {
    /** The kinds this package applies; the other logging kinds are stored and never sent. */
    public static final List<String> KINDS = List.of(SyslogEndpoint.KIND, HttpsEndpoint.KIND);
    /** Fastly's default format: Apache's common log format. */
    public static final String DEFAULT_FORMAT = LogFormat.DEFAULT;

    private LoggingEndpoints() {}

    /**
     * The endpoints among {@code objects} (values of any kind; only the two above are read), in order.
     *
     * @param conditions the statement of each condition of the version by name, or null when it has none by that name
     */
    public static List<LoggingEndpoint> read(String serviceId, int version, List<Values> objects,
            Function<String, @Nullable String> conditions) {
        var endpoints = new ArrayList<LoggingEndpoint>();
        for (var values : objects) {
            var kind = values.schema().kind();
            if (!KINDS.contains(kind)) {
                continue;
            }
            var fields = new Fields(values);
            var name = fields.text("name");
            if (name == null || name.isBlank()) {
                throw new EdgeException("service " + serviceId + " version " + version + ": a " + kind + " endpoint has no name");
            }
            try {
                var endpoint = SyslogEndpoint.KIND.equals(kind) ? syslog(serviceId, name, fields, conditions)
                        : https(serviceId, name, fields, conditions);
                check(endpoint);
                endpoints.add(endpoint);
            } catch (IllegalArgumentException | EdgeException e) {
                throw new EdgeException("service " + serviceId + " version " + version + ": " + kind + " '" + name + "': "
                        + e.getMessage(), e);
            }
        }
        return List.copyOf(endpoints);
    }

    private static SyslogEndpoint syslog(String serviceId, String name, Fields fields,
            Function<String, @Nullable String> conditions) {
        var address = fields.text("address");
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address: missing (expected: a host name or IP address)");
        }
        int port = (int) fields.integer("port", 514, 1, 65_535);
        var useTls = fields.bool("use_tls");
        var transportField = fields.text("transport");
        boolean udpAddress = address.regionMatches(true, 0, LoggingRules.UDP_PREFIX, 0, LoggingRules.UDP_PREFIX.length());
        if (udpAddress) {
            address = address.substring(LoggingRules.UDP_PREFIX.length()); // Backline's way to ask for UDP (LoggingRules.UDP_PREFIX)
            transportField = "udp";
        }
        SyslogEndpoint.Transport transport;
        if (useTls) {
            transport = SyslogEndpoint.Transport.TLS;
        } else if (transportField == null || transportField.isBlank() || "tcp".equalsIgnoreCase(transportField.strip())) {
            transport = SyslogEndpoint.Transport.TCP;
        } else if ("udp".equalsIgnoreCase(transportField.strip())) {
            transport = SyslogEndpoint.Transport.UDP;
        } else {
            throw new IllegalArgumentException("transport: '" + transportField + "' (expected: tcp or udp)");
        }
        return new SyslogEndpoint(serviceId, name, format(fields), formatVersion(fields), condition(fields, conditions),
                fields.text("placement"), address.strip(), port, transport, fields.text("tls_hostname"), fields.text("tls_ca_cert"),
                fields.text("tls_client_cert"), fields.text("tls_client_key"), fields.text("token"),
                MessageType.parse(fields.text("message_type"), MessageType.CLASSIC));
    }

    private static HttpsEndpoint https(String serviceId, String name, Fields fields,
            Function<String, @Nullable String> conditions) {
        var urlText = fields.text("url");
        if (urlText == null || urlText.isBlank()) {
            throw new IllegalArgumentException("url: missing (expected: an https:// URL)");
        }
        URI url;
        try {
            url = URI.create(urlText.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: '" + urlText + "' (expected: an https:// URL)", e);
        }
        var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException("url: '" + urlText + "' (expected: an https:// URL)");
        }
        var method = fields.text("method");
        method = method == null || method.isBlank() ? "POST" : method.strip().toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT")) {
            throw new IllegalArgumentException("method: '" + method + "' (expected: POST or PUT)");
        }
        var jsonFormat = fields.text("json_format");
        jsonFormat = jsonFormat == null || jsonFormat.isBlank() ? "0" : jsonFormat.strip();
        if (!List.of("0", "1", "2").contains(jsonFormat)) {
            throw new IllegalArgumentException("json_format: '" + jsonFormat + "' (expected: 0, 1 or 2)");
        }
        long entries = fields.integer("request_max_entries", 0, 0, Integer.MAX_VALUE);
        long bytes = fields.integer("request_max_bytes", 0, 0, Long.MAX_VALUE);
        long period = fields.integer("period", 0, 0, 86_400);
        return new HttpsEndpoint(serviceId, name, format(fields), formatVersion(fields), condition(fields, conditions),
                fields.text("placement"), url, method, fields.text("content_type"), fields.text("header_name"),
                fields.text("header_value"), jsonFormat, entries == 0 ? HttpsEndpoint.DEFAULT_MAX_ENTRIES : (int) entries,
                bytes == 0 ? HttpsEndpoint.DEFAULT_MAX_BYTES : bytes, period == 0 ? HttpsEndpoint.DEFAULT_PERIOD : Duration.ofSeconds(period),
                fields.text("tls_hostname"), fields.text("tls_ca_cert"), fields.text("tls_client_cert"), fields.text("tls_client_key"),
                MessageType.parse(fields.text("message_type"), MessageType.BLANK), gzipLevel(fields));
    }

    /**
     * gzip as {@code compression_codec} (at level 6, zlib's default) or as a {@code gzip_level}; zstd and
     * snappy have no codec in the JDK and are sent uncompressed (docs/logging-delivery.md).
     */
    private static int gzipLevel(Fields fields) {
        var codec = fields.text("compression_codec");
        if (codec != null && codec.strip().equalsIgnoreCase("gzip")) {
            return 6;
        }
        return (int) fields.integer("gzip_level", 0, 0, 9);
    }

    /**
     * What would otherwise fail only once traffic flows: the format must compile (the API refuses a
     * bad one at write time; a version stored before that check is refused here), the response condition must compile as a
     * RESPONSE condition, and the TLS fields must make a context (PEM that parses, a key that fits
     * its certificate). Building the context here costs nothing on the request path.
     */
    private static void check(LoggingEndpoint endpoint) {
        try {
            LogFormat.compile(endpoint.format(), endpoint.formatVersion());
        } catch (LogFormatException e) {
            throw new IllegalArgumentException("format: " + e.getMessage(), e);
        }
        var statement = endpoint.responseCondition();
        if (statement != null) {
            try {
                Conditions.compile(statement, ConditionType.RESPONSE);
            } catch (ConditionSyntaxException e) {
                throw new IllegalArgumentException("response_condition: " + e.getMessage(), e);
            }
        }
        switch (endpoint) {
            case SyslogEndpoint syslog when syslog.transport() == SyslogEndpoint.Transport.TLS ->
                    EndpointTls.context(syslog.tlsCaCert(), syslog.tlsClientCert(), syslog.tlsClientKey(), syslog.verificationName());
            case HttpsEndpoint https when "https".equalsIgnoreCase(https.url().getScheme()) ->
                    EndpointTls.context(https.tlsCaCert(), https.tlsClientCert(), https.tlsClientKey(), https.verificationName());
            default -> { }
        }
    }

    private static String format(Fields fields) {
        var format = fields.text("format");
        return format == null ? DEFAULT_FORMAT : format;
    }

    private static int formatVersion(Fields fields) {
        return (int) fields.integer("format_version", 2, 1, 2);
    }

    private static @Nullable String condition(Fields fields, Function<String, @Nullable String> conditions) {
        var name = fields.text("response_condition");
        if (name == null || name.isBlank()) {
            return null;
        }
        var statement = conditions.apply(name);
        if (statement == null) {
            throw new IllegalArgumentException("response_condition: '" + name + "' (expected: the name of a condition of the version)");
        }
        return statement;
    }

    /** Fields by name, whatever their stored type. */
    private record Fields(Values values) {
        @Nullable Object raw(String name) {
            var field = values.schema().field(name);
            return field == null ? null : values.raw(field);
        }

        @Nullable String text(String name) {
            var value = raw(name);
            return value == null ? null : value.toString();
        }

        long integer(String name, long fallback, long min, long max) {
            var value = raw(name);
            long number;
            if (value == null || value.toString().isBlank()) {
                return fallback;
            } else if (value instanceof Number n) {
                number = n.longValue();
            } else {
                try {
                    number = Long.parseLong(value.toString().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": '" + value + "' (expected: a whole number)", e);
                }
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException(name + ": " + number + " (expected: " + min + " to " + max + ")");
            }
            return number;
        }

        boolean bool(String name) {
            var value = raw(name);
            return switch (value) {
                case null -> false;
                case Boolean b -> b;
                case Number n -> n.longValue() != 0;
                default -> {
                    var text = value.toString().strip().toLowerCase(Locale.ROOT);
                    yield text.equals("1") || text.equals("true");
                }
            };
        }
    }
}
