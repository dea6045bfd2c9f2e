package io.backline.model;

/**
 * The domain's error family. Each carries a stable {@link ErrorCode} and a {@code detail} written
 * for the person who sent the request: it names the field or object and the rule.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    // Kept beside the message because Throwable.getMessage() may answer null; this never does.
    private final String detail;

    public ConfigException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    public static ConfigException invalid(String detail) {
        return new ConfigException(ErrorCode.INVALID, detail);
    }

    public static ConfigException notFound(String detail) {
        return new ConfigException(ErrorCode.NOT_FOUND, detail);
    }

    public static ConfigException duplicate(String detail) {
        return new ConfigException(ErrorCode.DUPLICATE, detail);
    }

    public static ConfigException locked(ServiceId serviceId, int version) {
        return new ConfigException(
                ErrorCode.VERSION_LOCKED, "Version '" + version + "' for service '" + serviceId + "' is locked");
    }

    public static ConfigException state(String detail) {
        return new ConfigException(ErrorCode.STATE, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
