package io.backline.model;

/**
 * The backend's fields as Fastly names them, with Fastly's defaults (spec §4). Identity and
 * timestamps ({@code service_id}, {@code version}, {@code created_at}, …) live outside the schema.
 */
public final class BackendSchema {
    private static final long MAX = Integer.MAX_VALUE;
    private static final int TIMEOUT_MAX_MS = 600_000;
    private static final Schema.Builder B = Schema.builder("backend", "Backend");

    public static final Field<String> NAME =
            B.add(Field.text("name").required().maxLength(255).pattern(Names.PATTERN, Names.RULE));
    public static final Field<String> COMMENT = B.add(Field.text("comment"));
    public static final Field<String> ADDRESS = B.add(Field.optionalText("address").maxLength(255));
    public static final Field<String> HOSTNAME = B.add(Field.optionalText("hostname").maxLength(255));
    public static final Field<String> IPV4 = B.add(Field.optionalText("ipv4").maxLength(255));
    public static final Field<String> IPV6 = B.add(Field.optionalText("ipv6").maxLength(255));
    public static final Field<Integer> PORT = B.add(Field.integer("port", 80, 0, 65_535));
    public static final Field<Boolean> USE_SSL = B.add(Field.bool("use_ssl", type -> false));
    public static final Field<String> OVERRIDE_HOST = B.add(Field.optionalText("override_host")
            .maxLength(255)
            .pattern("[A-Za-z0-9._\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?", "a valid Host header: a host name with an optional :port"));
    public static final Field<Integer> CONNECT_TIMEOUT = B.add(Field.integer("connect_timeout", 1_000, 0, TIMEOUT_MAX_MS));
    public static final Field<Integer> FIRST_BYTE_TIMEOUT =
            B.add(Field.integer("first_byte_timeout", 15_000, 0, TIMEOUT_MAX_MS));
    public static final Field<Integer> BETWEEN_BYTES_TIMEOUT =
            B.add(Field.integer("between_bytes_timeout", 10_000, 0, TIMEOUT_MAX_MS));
    public static final Field<Integer> ERROR_THRESHOLD = B.add(Field.integer("error_threshold", 0, 0, MAX));
    public static final Field<Integer> MAX_CONN = B.add(Field.integer("max_conn", 200, 1, MAX));
    public static final Field<Integer> WEIGHT = B.add(Field.integer("weight", 100, 0, MAX));
    public static final Field<Boolean> AUTO_LOADBALANCE = B.add(Field.bool("auto_loadbalance", type -> false));
    public static final Field<String> REQUEST_CONDITION = B.add(Field.text("request_condition").maxLength(255));
    public static final Field<String> HEALTHCHECK = B.add(Field.optionalText("healthcheck").maxLength(255));
    public static final Field<String> SHIELD = B.add(Field.optionalText("shield").maxLength(255));
    public static final Field<Boolean> SSL_CHECK_CERT = B.add(Field.bool("ssl_check_cert", type -> true));
    public static final Field<String> SSL_CA_CERT = B.add(Field.optionalText("ssl_ca_cert"));
    public static final Field<String> SSL_CLIENT_CERT = B.add(Field.optionalText("ssl_client_cert"));
    public static final Field<String> SSL_CLIENT_KEY = B.add(Field.optionalText("ssl_client_key"));
    public static final Field<String> SSL_CERT_HOSTNAME = B.add(Field.optionalText("ssl_cert_hostname").maxLength(255));
    public static final Field<String> SSL_SNI_HOSTNAME = B.add(Field.optionalText("ssl_sni_hostname").maxLength(255));
    public static final Field<String> SSL_HOSTNAME = B.add(Field.optionalText("ssl_hostname").maxLength(255));
    public static final Field<String> SSL_CIPHERS = B.add(Field.optionalText("ssl_ciphers")
            .maxLength(4096)
            .pattern("[A-Za-z0-9:+!@=_.,\\- ]+", "an OpenSSL cipher list such as ECDHE+AESGCM:!aNULL"));
    public static final Field<String> MIN_TLS_VERSION = B.add(Field.optionalText("min_tls_version")
            .pattern("1\\.[0-3]", "1.0, 1.1, 1.2 or 1.3"));
    public static final Field<String> MAX_TLS_VERSION = B.add(Field.optionalText("max_tls_version")
            .pattern("1\\.[0-3]", "1.0, 1.1, 1.2 or 1.3"));
    public static final Field<String> CLIENT_CERT = B.add(Field.optionalText("client_cert"));
    public static final Field<Integer> KEEPALIVE_TIME = B.add(Field.optionalInteger("keepalive_time", 0, MAX));
    public static final Field<Boolean> TCP_KEEPALIVE_ENABLE = B.add(Field.optionalBool("tcp_keepalive_enable"));
    public static final Field<Integer> TCP_KEEPALIVE_INTERVAL =
            B.add(Field.optionalInteger("tcp_keepalive_interval", 0, MAX));
    public static final Field<Integer> TCP_KEEPALIVE_PROBES = B.add(Field.optionalInteger("tcp_keepalive_probes", 0, MAX));
    public static final Field<Integer> TCP_KEEPALIVE_TIME = B.add(Field.optionalInteger("tcp_keepalive_time", 0, MAX));
    public static final Field<Integer> MAX_USE = B.add(Field.optionalInteger("max_use", 0, MAX));
    public static final Field<Integer> MAX_LIFETIME = B.add(Field.optionalInteger("max_lifetime", 0, MAX));
    public static final Field<Boolean> PREFER_IPV6 = B.add(Field.bool("prefer_ipv6", type -> type == ServiceType.WASM));
    public static final Field<String> SHARE_KEY =
            B.add(Field.optionalText("share_key").maxLength(255).pattern("[A-Za-z0-9]+", "letters and digits only"));

    public static final Schema SCHEMA = B.build();

    private BackendSchema() {}
}
