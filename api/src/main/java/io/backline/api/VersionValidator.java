package io.backline.api;

import static io.backline.model.BackendSchema.ADDRESS;
import static io.backline.model.BackendSchema.HEALTHCHECK;
import static io.backline.model.BackendSchema.PORT;
import static io.backline.model.BackendSchema.REQUEST_CONDITION;
import static io.backline.model.BackendSchema.SSL_CERT_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_CHECK_CERT;
import static io.backline.model.BackendSchema.USE_SSL;

import io.backline.model.Address;
import io.backline.model.BackendSchema;
import io.backline.model.ConfigObject;
import io.backline.model.Version;
import io.backline.store.StoreTx;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a whole version before it may serve: every reference resolves and every backend can be
 * reached as configured. Errors block activation; warnings are reported and let it through.
 */
final class VersionValidator {

    /** The outcome: problems that block activation, and ones that only deserve a look. */
    record Report(List<String> errors, List<String> warnings) {
        Report {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    Report validate(StoreTx tx, Version version) {
        var errors = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        var backends = tx.objects(version.serviceId(), version.number(), BackendSchema.SCHEMA);
        if (backends.isEmpty()) {
            warnings.add("Version " + version.number() + " has no backend: every request would get a 503");
        }
        for (var backend : backends) {
            checkBackend(backend, errors, warnings);
        }
        return new Report(errors, warnings);
    }

    private static void checkBackend(ConfigObject backend, List<String> errors, List<String> warnings) {
        var values = backend.values();
        var label = "Backend '" + backend.name() + "'";
        var condition = values.require(REQUEST_CONDITION);
        if (!condition.isEmpty()) {
            // Conditions arrive with their own API; until a version can hold one, any name dangles.
            errors.add(label + ": request_condition '" + condition + "' names no condition in this version");
        }
        var healthcheck = values.get(HEALTHCHECK);
        if (healthcheck != null) {
            errors.add(label + ": healthcheck '" + healthcheck + "' names no health check in this version");
        }
        boolean tls = values.require(USE_SSL);
        int port = values.require(PORT);
        if (tls && values.require(SSL_CHECK_CERT) && values.get(SSL_CERT_HOSTNAME) == null
                && Address.parse(ADDRESS.name(), values.require(ADDRESS)).family() != Address.Family.HOSTNAME) {
            errors.add(label + ": Mandatory SSL cert checks require specifying cert hostname"
                    + " (expected: ssl_cert_hostname, a host-name address, or ssl_check_cert=false)");
        }
        if (tls && port == 80) {
            warnings.add(label + ": use_ssl is on but port is 80; TLS to port 80 rarely works (expected: port 443)");
        }
        if (!tls && port == 443) {
            warnings.add(label + ": port is 443 but use_ssl is off; the origin will see plain HTTP");
        }
    }
}
