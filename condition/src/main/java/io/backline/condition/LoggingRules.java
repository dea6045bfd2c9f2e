package io.backline.condition;

import io.backline.condition.logformat.LogFormat;
import io.backline.condition.logformat.LogFormatException;
import io.backline.model.Address;
import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.Field;
import io.backline.model.HttpsLoggingSchema;
import io.backline.model.Patch;
import io.backline.model.Schema;
import io.backline.model.SchemaRules;
import io.backline.model.ServiceType;
import io.backline.model.SyslogSchema;
import io.backline.model.Values;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules of Fastly's syslog and HTTPS logging endpoints at write time: the {@code format}
 * compiles for its {@code format_version} (an unknown directive or variable is refused with its
 * position), {@code placement} {@code null} is stored as no placement, a syslog {@code address}
 * fills {@code hostname} or {@code ipv4} as a backend's does, an HTTPS {@code url} is an https://
 * URL with a host, and a TLS client certificate comes with its key. That
 * {@code response_condition} names a RESPONSE condition of the version is checked by the API,
 * which sees the version's other objects.
 */
public final class LoggingRules extends SchemaRules {
    public static final LoggingRules SYSLOG = new LoggingRules(SyslogSchema.SCHEMA);
    public static final LoggingRules HTTPS = new LoggingRules(HttpsLoggingSchema.SCHEMA);

    private final Field<String> format;
    private final Field<Integer> formatVersion;
    private final Field<String> placement;
    private final Field<String> clientCert;
    private final Field<String> clientKey;
    private final Field<String> caCert;

    private LoggingRules(Schema schema) {
        super(schema);
        boolean syslog = schema == SyslogSchema.SCHEMA;
        this.format = syslog ? SyslogSchema.FORMAT : HttpsLoggingSchema.FORMAT;
        this.formatVersion = syslog ? SyslogSchema.FORMAT_VERSION : HttpsLoggingSchema.FORMAT_VERSION;
        this.placement = syslog ? SyslogSchema.PLACEMENT : HttpsLoggingSchema.PLACEMENT;
        this.clientCert = syslog ? SyslogSchema.TLS_CLIENT_CERT : HttpsLoggingSchema.TLS_CLIENT_CERT;
        this.clientKey = syslog ? SyslogSchema.TLS_CLIENT_KEY : HttpsLoggingSchema.TLS_CLIENT_KEY;
        this.caCert = syslog ? SyslogSchema.TLS_CA_CERT : HttpsLoggingSchema.TLS_CA_CERT;
    }

    /** The compiled format of a stored endpoint: what an edge renders its lines with. */
    public static LogFormat format(Values values) {
        var rules = values.schema() == SyslogSchema.SCHEMA ? SYSLOG : HTTPS;
        return LogFormat.compile(values.require(rules.format), values.require(rules.formatVersion));
    }

    @Override
    public Values create(Changes changes, ServiceType type) {
        refuseCodecAndLevel(changes);
        return compression(super.create(changes, type), changes);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        refuseCodecAndLevel(changes);
        return compression(super.update(current, changes, type), changes);
    }

    /** The later of codec and level wins: a codec leaves no gzip_level (null, as Fastly answers), a level no codec. */
    private Values compression(Values values, Changes changes) {
        if (schema() != HttpsLoggingSchema.SCHEMA) {
            return values;
        }
        if (values.get(HttpsLoggingSchema.COMPRESSION_CODEC) != null && changes.has(HttpsLoggingSchema.COMPRESSION_CODEC)) {
            return values.with(HttpsLoggingSchema.GZIP_LEVEL, null);
        }
        if (changes.has(HttpsLoggingSchema.GZIP_LEVEL)) {
            return values.with(HttpsLoggingSchema.COMPRESSION_CODEC, null);
        }
        return values;
    }

    /**
     * Fastly refuses both set in one request: a codec of gzip brings its own level. A cleared one
     * (empty, or JSON null as a GET answers it) may come with the other, so a GET body sent back
     * by PUT is taken.
     */
    private void refuseCodecAndLevel(Changes changes) {
        if (schema() == HttpsLoggingSchema.SCHEMA && changes.get(HttpsLoggingSchema.COMPRESSION_CODEC) instanceof Patch.Set<String>
                && changes.get(HttpsLoggingSchema.GZIP_LEVEL) instanceof Patch.Set<Integer>) {
            throw ConfigException.invalid("compression_codec: sent with gzip_level (expected: one of compression_codec and gzip_level"
                    + " per request)");
        }
    }

    @Override
    protected Values check(Values values) {
        var text = values.require(format);
        try {
            LogFormat.compile(text, values.require(formatVersion));
        } catch (LogFormatException e) {
            throw ConfigException.invalid("format: " + e.getMessage());
        }
        var result = values;
        if ("null".equals(values.get(placement))) {
            result = result.with(placement, null);
        }
        requirePem(values, caCert, "CERTIFICATE");
        requirePem(values, clientCert, "CERTIFICATE");
        requirePem(values, clientKey, "PRIVATE KEY");
        if ((values.get(clientCert) == null) != (values.get(clientKey) == null)) {
            var missing = values.get(clientCert) == null ? clientCert : clientKey;
            throw ConfigException.invalid(missing.name() + ": missing (expected: tls_client_cert and tls_client_key together)");
        }
        return schema() == SyslogSchema.SCHEMA ? syslog(result) : https(result);
    }

    /**
     * Backline's own way to ask for UDP: an address written {@code udp://host}. Fastly's syslog is TCP
     * only and has no field for it, and a field of Backline's own would be an answer Fastly's clients
     * do not expect; the prefix stays inside a value they already carry (docs/logging-delivery.md).
     */
    public static final String UDP_PREFIX = "udp://";

    private static Values syslog(Values values) {
        var written = values.require(SyslogSchema.ADDRESS);
        boolean udp = written.regionMatches(true, 0, UDP_PREFIX, 0, UDP_PREFIX.length());
        var address = Address.parse(SyslogSchema.ADDRESS.name(), udp ? written.substring(UDP_PREFIX.length()) : written);
        return values.with(SyslogSchema.ADDRESS, udp ? UDP_PREFIX + address.text() : address.text())
                .with(SyslogSchema.HOSTNAME, address.family() == Address.Family.HOSTNAME ? address.text() : null)
                .with(SyslogSchema.IPV4, address.family() == Address.Family.IPV4 ? address.text() : null);
    }

    private static Values https(Values values) {
        var url = values.require(HttpsLoggingSchema.URL);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw badUrl(url);
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https") || uri.getHost() == null) {
            throw badUrl(url);
        }
        return values;
    }

    private static ConfigException badUrl(String url) {
        var shown = url.length() > 80 ? url.substring(0, 80) + "…" : url;
        return ConfigException.invalid("url: '" + shown + "' (expected: an https:// URL with a host, such as https://logs.example.com/ingest)");
    }

    private static void requirePem(Values values, Field<String> field, String label) {
        var pem = values.get(field);
        if (pem != null && !pem.strip().startsWith("-----BEGIN ")) {
            throw ConfigException.invalid(field.name() + ": not PEM (expected: a PEM block starting -----BEGIN " + label + "-----)");
        }
    }
}
