package io.backline.model;

import static io.backline.model.BackendSchema.ADDRESS;
import static io.backline.model.BackendSchema.HOSTNAME;
import static io.backline.model.BackendSchema.IPV4;
import static io.backline.model.BackendSchema.IPV6;
import static io.backline.model.BackendSchema.MAX_TLS_VERSION;
import static io.backline.model.BackendSchema.MIN_TLS_VERSION;
import static io.backline.model.BackendSchema.PORT;
import static io.backline.model.BackendSchema.SCHEMA;
import static io.backline.model.BackendSchema.SSL_CERT_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_SNI_HOSTNAME;
import static io.backline.model.BackendSchema.USE_SSL;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The backend rules that span fields (spec §4): {@code address} fills exactly one of
 * {@code hostname}, {@code ipv4} and {@code ipv6}; a port of 443 or 80 sets {@code use_ssl} unless
 * the same request sets it; the deprecated {@code ssl_hostname} stands in for both TLS names.
 */
public final class BackendRules implements ObjectRules {
    public static final BackendRules INSTANCE = new BackendRules();

    private BackendRules() {}

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public Values create(Changes changes, ServiceType type) {
        var values = SCHEMA.apply(SCHEMA.defaults(type), normalise(changes), type);
        if (values.get(ADDRESS) == null) {
            throw ConfigException.invalid("address: missing (expected: a host name or IP address, it is required)");
        }
        SCHEMA.requirePresent(values);
        return check(values);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        if (changes.get(ADDRESS) instanceof Patch.Clear) {
            throw ConfigException.invalid("address: '' (expected: a host name or IP address, it cannot be cleared)");
        }
        var values = SCHEMA.apply(current, normalise(changes), type);
        SCHEMA.requirePresent(values);
        return check(values);
    }

    private static Changes normalise(Changes changes) {
        var result = changes;
        if (!changes.has(ADDRESS)) {
            // Old clients send one of the derived fields instead of the "magic" address field.
            for (var alternative : List.of(HOSTNAME, IPV4, IPV6)) {
                if (changes.get(alternative) instanceof Patch.Set<String> set) {
                    result = result.with(ADDRESS, Patch.set(set.value()));
                    break;
                }
            }
        }
        if (result.get(PORT) instanceof Patch.Set<Integer> port && !changes.has(USE_SSL)) {
            if (port.value() == 443) {
                result = result.with(USE_SSL, Patch.set(true));
            } else if (port.value() == 80) {
                result = result.with(USE_SSL, Patch.set(false));
            }
        }
        if (changes.get(SSL_HOSTNAME) instanceof Patch.Set<String> legacy) {
            for (var field : List.of(SSL_CERT_HOSTNAME, SSL_SNI_HOSTNAME)) {
                if (!changes.has(field)) {
                    result = result.with(field, Patch.set(legacy.value()));
                }
            }
        }
        return result;
    }

    private static Values check(Values values) {
        var address = Address.parse(ADDRESS.name(), values.require(ADDRESS));
        var result = values.with(ADDRESS, address.text())
                .with(HOSTNAME, address.family() == Address.Family.HOSTNAME ? address.text() : null)
                .with(IPV4, address.family() == Address.Family.IPV4 ? address.text() : null)
                .with(IPV6, address.family() == Address.Family.IPV6 ? address.text() : null);
        @Nullable String min = result.get(MIN_TLS_VERSION);
        @Nullable String max = result.get(MAX_TLS_VERSION);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw ConfigException.invalid("min_tls_version: " + min + " is above max_tls_version " + max
                    + " (expected: min_tls_version <= max_tls_version)");
        }
        return result;
    }
}
