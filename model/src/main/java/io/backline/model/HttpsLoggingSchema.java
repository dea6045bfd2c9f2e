package io.backline.model;

/**
 * An HTTPS logging endpoint ({@code logging/https}) with Fastly's fields and defaults, as go-fastly's
 * recorded {@code https/*} show them: the batch limits, {@code period} and {@code gzip_level} are
 * numbers, {@code format_version} and {@code json_format} strings. A limit of 0 means Fastly's
 * default (10,000 entries, 100 MB); {@code period} is how often a batch is sent, 5 s by default.
 */
public final class HttpsLoggingSchema {
    private static final Schema.Builder B = Schema.builder("logging/https", "Https").versionWireAsString();

    public static final Field<String> NAME = B.add(LoggingFields.name());
    public static final Field<String> URL = B.add(Field.optionalText("url").required().maxLength(4_096));
    public static final Field<Integer> REQUEST_MAX_ENTRIES = B.add(Field.integer("request_max_entries", 0, 0, Integer.MAX_VALUE));
    public static final Field<Integer> REQUEST_MAX_BYTES = B.add(Field.integer("request_max_bytes", 0, 0, Integer.MAX_VALUE));
    public static final Field<String> CONTENT_TYPE = B.add(Field.optionalText("content_type").maxLength(255)
            .pattern("[A-Za-z0-9!#$&^_.+\\-]+/[A-Za-z0-9!#$&^_.+\\-]+(\\s*;[^\\p{Cc}]*)?", "a media type such as application/json"));
    public static final Field<String> HEADER_NAME = B.add(Field.optionalText("header_name").maxLength(255)
            .pattern("[A-Za-z0-9!#$%&'*+.^_`|~\\-]+", "an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)"));
    public static final Field<String> HEADER_VALUE = B.add(Field.optionalText("header_value").maxLength(8_192)
            .pattern("[^\\p{Cc}]*", "a header value without control characters"));
    public static final Field<String> METHOD = B.add(Field.text("method").defaultValue("POST").pattern("POST|PUT", "POST or PUT"));
    /** 0: one line per entry as the format renders it; 1: a JSON array; 2: newline-delimited JSON. */
    public static final Field<String> JSON_FORMAT = B.add(Field.text("json_format").defaultValue("0").pattern("[012]", "0, 1 or 2"));
    public static final Field<String> FORMAT = B.add(LoggingFields.format());
    public static final Field<Integer> FORMAT_VERSION = B.add(LoggingFields.formatVersion());
    public static final Field<String> PLACEMENT = B.add(LoggingFields.placement());
    public static final Field<String> RESPONSE_CONDITION = B.add(LoggingFields.responseCondition());
    public static final Field<String> TLS_CA_CERT = B.add(LoggingFields.pem("tls_ca_cert"));
    public static final Field<String> TLS_CLIENT_CERT = B.add(LoggingFields.pem("tls_client_cert"));
    public static final Field<String> TLS_CLIENT_KEY = B.add(LoggingFields.pem("tls_client_key"));
    public static final Field<String> TLS_HOSTNAME = B.add(LoggingFields.tlsHostname());
    public static final Field<String> MESSAGE_TYPE = B.add(LoggingFields.messageType("blank"));
    public static final Field<Integer> PERIOD = B.add(Field.integer("period", 5, 0, 86_400));
    public static final Field<String> COMPRESSION_CODEC = B.add(Field.optionalText("compression_codec")
            .pattern("zstd|snappy|gzip", "zstd, snappy or gzip"));
    /** Null while a {@code compression_codec} is set: the codec brings its own level (go-fastly's recorded {@code https/update}). */
    public static final Field<Integer> GZIP_LEVEL = B.add(Field.optionalInteger("gzip_level", 0, 9).defaultValue(0));
    public static final Field<Boolean> ADD_BATCH_SIZE_HEADER = B.add(Field.bool("add_batch_size_header", type -> false));
    public static final Field<String> LOG_PROCESSING_REGION = B.add(LoggingFields.logProcessingRegion());

    public static final Schema SCHEMA = B.build();

    private HttpsLoggingSchema() {}
}
