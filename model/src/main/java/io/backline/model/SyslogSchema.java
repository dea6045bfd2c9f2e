package io.backline.model;

/**
 * A syslog logging endpoint ({@code logging/syslog}) with Fastly's fields and defaults, as go-fastly's
 * recorded {@code syslogs/*} show them: {@code port}, {@code use_tls} and {@code format_version}
 * are answered as strings ({@code "514"}, {@code "0"}, {@code "2"}); {@code address} fills
 * {@code hostname} or {@code ipv4}. The TLS key is stored and answered as sent, as Fastly does.
 */
public final class SyslogSchema {
    private static final Schema.Builder B = Schema.builder("logging/syslog", "Syslog").versionWireAsString();

    public static final Field<String> NAME = B.add(LoggingFields.name());
    public static final Field<String> ADDRESS = B.add(Field.optionalText("address").required().maxLength(255));
    public static final Field<String> HOSTNAME = B.add(Field.optionalText("hostname").maxLength(255));
    public static final Field<String> IPV4 = B.add(Field.optionalText("ipv4").maxLength(255));
    public static final Field<Integer> PORT = B.add(Field.integer("port", 514, 1, 65_535).wireAsString());
    public static final Field<Boolean> USE_TLS = B.add(Field.bool("use_tls", type -> false).wireAsString());
    public static final Field<String> TLS_HOSTNAME = B.add(LoggingFields.tlsHostname());
    public static final Field<String> TLS_CA_CERT = B.add(LoggingFields.pem("tls_ca_cert"));
    public static final Field<String> TLS_CLIENT_CERT = B.add(LoggingFields.pem("tls_client_cert"));
    public static final Field<String> TLS_CLIENT_KEY = B.add(LoggingFields.pem("tls_client_key"));
    /** Prepended to every line (Fastly's syslog token, e.g. a Loggly or Papertrail key). */
    public static final Field<String> TOKEN = B.add(Field.optionalText("token").maxLength(4_096));
    public static final Field<String> MESSAGE_TYPE = B.add(LoggingFields.messageType("classic"));
    public static final Field<String> FORMAT = B.add(LoggingFields.format());
    public static final Field<Integer> FORMAT_VERSION = B.add(LoggingFields.formatVersion());
    public static final Field<String> PLACEMENT = B.add(LoggingFields.placement());
    public static final Field<String> RESPONSE_CONDITION = B.add(LoggingFields.responseCondition());
    public static final Field<String> PUBLIC_KEY = B.add(LoggingFields.pem("public_key"));
    public static final Field<String> LOG_PROCESSING_REGION = B.add(LoggingFields.logProcessingRegion());

    public static final Schema SCHEMA = B.build();

    private SyslogSchema() {}
}
