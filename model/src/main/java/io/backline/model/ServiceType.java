package io.backline.model;

/** The two kinds of Fastly service. The type is fixed at creation. */
public enum ServiceType {
    VCL("vcl"),
    WASM("wasm");

    private final String wireName;

    ServiceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses {@code vcl} or {@code wasm}, case-insensitively. */
    public static ServiceType parse(String text) {
        for (var type : values()) {
            if (type.wireName.equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw ConfigException.invalid("type: '" + text + "' (expected: vcl or wasm)");
    }
}
