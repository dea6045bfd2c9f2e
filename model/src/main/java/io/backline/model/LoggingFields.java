package io.backline.model;

/**
 * The fields every Fastly logging endpoint shares, declared once and added to each endpoint's
 * schema in Fastly's order: the line's format and version, where the logging call is placed, the
 * condition that picks the requests it logs, and the processing region.
 */
public final class LoggingFields {
    /** Fastly's default: Apache's common log format. */
    public static final String DEFAULT_FORMAT = "%h %l %u %t \"%r\" %>s %b";
    /** The placements Fastly takes: {@code none}, {@code waf_debug}, or no value ({@code null} or empty). */
    static final String PLACEMENTS = "none|waf_debug|null";

    private LoggingFields() {}

    static Field.Builder name() {
        return Field.text("name").required().maxLength(Names.MAX_LENGTH).pattern(Names.PATTERN, Names.RULE);
    }

    static Field.Builder format() {
        return Field.text("format").defaultValue(DEFAULT_FORMAT).maxLength(16_384);
    }

    /** 1 or 2, answered as a string as Fastly does (go-fastly's recorded {@code syslogs/get}). */
    static Field.Builder formatVersion() {
        return Field.integer("format_version", 2, 1, 2).wireAsString();
    }

    static Field.Builder placement() {
        return Field.optionalText("placement").pattern(PLACEMENTS, "none, waf_debug, null or empty");
    }

    static Field.Builder responseCondition() {
        return Field.text("response_condition").maxLength(Names.MAX_LENGTH);
    }

    static Field.Builder messageType(String defaultValue) {
        return Field.text("message_type").defaultValue(defaultValue)
                .pattern("classic|loggly|logplex|blank", "classic, loggly, logplex or blank");
    }

    static Field.Builder logProcessingRegion() {
        return Field.text("log_processing_region").defaultValue("none").pattern("none|eu|us", "none, eu or us");
    }

    static Field.Builder pem(String name) {
        return Field.optionalText(name).maxLength(65_535);
    }

    static Field.Builder tlsHostname() {
        return Field.optionalText("tls_hostname").maxLength(255)
                .pattern("[A-Za-z0-9._\\-]+", "a host name the endpoint's certificate names");
    }
}
