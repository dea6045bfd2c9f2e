package io.backline.sdk.codegen;

import java.util.Map;

/**
 * The SDK's naming and wording choices that are not facts about a field, so they live here and
 * not in {@code model}: the noun a kind takes in prose, and the usage example of each request
 * body. A kind missing from these maps still generates, with its schema name and a plain example.
 * Java names themselves are derived: {@code health_check} gives {@code HealthCheck},
 * {@code HealthChecks}, {@code healthCheck()}.
 */
final class SdkNames {
    private static final Map<String, String> NOUNS = Map.of("healthcheck", "health check", "settings", "settings object",
            "http3", "HTTP/3 flag", "logging/syslog", "syslog endpoint", "logging/https", "HTTPS logging endpoint");

    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("backend", """
                    Backend.builder().name("origin").address("example.com").port(443).useSsl(true)
                            .sslCertHostname("example.com").build();"""),
            Map.entry("condition", "Condition.builder().name(\"is_api\").statement(\"req.url ~ \\\"^/api/\\\"\").type(\"REQUEST\").priority(10).build();"),
            Map.entry("healthcheck", "Healthcheck.builder().name(\"alive\").path(\"/health\").host(\"example.com\").checkInterval(5000).build();"),
            Map.entry("domain", "Domain.builder().name(\"www.example.com\").build();"),
            Map.entry("director", "Director.builder().name(\"pool\").type(3).quorum(50).retries(2).build();"),
            Map.entry("logging/syslog", "LoggingSyslog.builder().name(\"syslog\").address(\"logs.example.com\").port(514).build();"),
            Map.entry("logging/https", "LoggingHttps.builder().name(\"collector\").url(\"https://logs.example.com/in\").build();"),
            Map.entry("service", "Service.builder().name(\"shop\").comment(\"storefront\").build();"),
            Map.entry("version", "Version.builder().comment(\"blue-green switch\").build();"),
            Map.entry("settings", "Settings.builder().generalDefaultTtl(300).generalStaleIfError(true).build();"),
            Map.entry("http3", "Http3.builder().featureRevision(1).build();"));

    /** What a kind's answer says beyond its fields' types, for the kinds whose wire shape has a quirk. */
    private static final Map<String, String> RESPONSE_NOTES = Map.of(
            "condition", " ({@code priority} and {@code version} come as strings on the wire and are read as numbers)",
            "logging/syslog", " ({@code port}, {@code format_version} and {@code version} come as strings on the wire and are read as"
                    + " numbers; {@code use_tls} as {@code \"0\"} or {@code \"1\"})",
            "logging/https", " ({@code format_version} and {@code version} come as strings on the wire and are read as numbers)");

    private SdkNames() {}

    /** The kind as prose names it: {@code health check}. */
    static String noun(String kind) {
        return NOUNS.getOrDefault(kind, kind.replace('_', ' '));
    }

    /** The Java type of the kind's request body: {@code Backend}. */
    static String type(String kind) {
        return JavaSource.camel(kind, true);
    }

    /** The operation group's class: {@code Backends}; its accessor on the client is {@link #accessor}. */
    static String group(String kind) {
        // "LoggingHttpss" would read as a typo.
        return kind.equals("logging/https") ? "LoggingHttpsEndpoints" : type(kind) + "s";
    }

    /** The client's accessor of the kind's operations, and its request's body parameter: {@code backend}. */
    static String accessor(String kind) {
        return JavaSource.camel(kind, false);
    }

    /**
     * The group class of a singleton kind: {@code SettingsOperations}. Not a plural as for named kinds
     * ({@code Backends}) since there is one value, and not the bare type, which is the request body's name.
     */
    static String singletonGroup(String kind) {
        return type(kind) + "Operations";
    }

    static String example(String kind) {
        return EXAMPLES.getOrDefault(kind, type(kind) + ".builder().name(\"example\").build();");
    }

    static String responseNote(String kind) {
        return RESPONSE_NOTES.getOrDefault(kind, "");
    }
}
