package io.backline.sdk;

import java.util.Objects;

/**
 * A service version as a request names it: a number, or {@link #LATEST} (the highest number) or
 * {@link #ACTIVE} (the one serving traffic), which the client resolves with one extra read, as the
 * Fastly CLI's {@code --version latest|active} does.
 *
 * <pre>{@code
 * GetBackendRequest.builder().serviceId(id).versionId(VersionRef.ACTIVE).backendName("origin").build();
 * }</pre>
 */
public final class VersionRef {
    public static final VersionRef LATEST = new VersionRef(0, "latest");
    public static final VersionRef ACTIVE = new VersionRef(0, "active");

    private final int number;
    private final String name;

    private VersionRef(int number, String name) {
        this.number = number;
        this.name = name;
    }

    public static VersionRef of(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1: " + number);
        }
        return new VersionRef(number, Integer.toString(number));
    }

    /** A number, {@code latest} or {@code active}. */
    public static VersionRef parse(String text) {
        Objects.requireNonNull(text, "version");
        return switch (text) {
            case "latest" -> LATEST;
            case "active" -> ACTIVE;
            default -> {
                try {
                    yield of(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a version is a number, latest or active: " + text, e);
                }
            }
        };
    }

    /** True for a plain number; false for latest and active. */
    public boolean isNumber() {
        return number > 0;
    }

    /** The number; only for {@link #isNumber()}. */
    public int number() {
        if (number == 0) {
            throw new IllegalStateException(name + " is resolved by the client");
        }
        return number;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionRef ref && ref.number == number && ref.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
