package io.backline.edge.tls;

import io.backline.edge.EdgeException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code min_tls_version}/{@code max_tls_version} ("1.0" … "1.3") as JSSE protocol names.
 *
 * <p>An unset minimum is 1.2. TLS 1.0 and 1.1 are deprecated (RFC 8996) and the JDK disables them
 * in {@code jdk.tls.disabledAlgorithms}, so on a stock JDK "1.2" is what an unset floor means
 * anyway; saying so explicitly keeps it true for every other backend when an operator re-enables
 * TLS 1.0 in {@code java.security} for one legacy origin, which must then ask for it with
 * {@code min_tls_version=1.0}. An unset maximum is 1.3. Versions the JDK does not permit are
 * dropped from the range; an empty result is an {@link EdgeException}.
 */
final class TlsVersions {
    private static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3");
    private static final List<String> JSSE = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final String DEFAULT_MIN = "1.2";

    private TlsVersions() {}

    /** JSSE names from {@code min} to {@code max} that {@code permitted} (the JDK's enabled protocols) allows. */
    static List<String> range(@Nullable String min, @Nullable String max, List<String> permitted) {
        int to = max == null ? VERSIONS.size() - 1 : index("max_tls_version", max);
        int from = min == null ? Math.min(VERSIONS.indexOf(DEFAULT_MIN), to) : index("min_tls_version", min);
        if (from > to) {
            throw new EdgeException("max_tls_version: " + max + " is below min_tls_version " + min
                    + " (expected: max_tls_version >= min_tls_version)");
        }
        var result = new ArrayList<String>();
        for (int i = to; i >= from; i--) {
            if (permitted.contains(JSSE.get(i))) {
                result.add(JSSE.get(i));
            }
        }
        if (result.isEmpty()) {
            throw new EdgeException((max != null ? "max_tls_version: " + max : "min_tls_version: " + min)
                    + " leaves no TLS version this edge permits (expected: a range including one of "
                    + permitted.stream().filter(JSSE::contains).map(p -> VERSIONS.get(JSSE.indexOf(p))).toList()
                    + "; the JDK's jdk.tls.disabledAlgorithms disables the others)");
        }
        return List.copyOf(result);
    }

    private static int index(String field, String version) {
        int index = VERSIONS.indexOf(version.strip());
        if (index < 0) {
            throw new EdgeException(field + ": " + version + " (expected: 1.0, 1.1, 1.2 or 1.3)");
        }
        return index;
    }
}
