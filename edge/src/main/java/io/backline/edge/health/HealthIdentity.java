package io.backline.edge.health;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.HealthcheckSettings;
import java.util.List;

/**
 * What makes two backends share one prober, and what makes a prober start fresh when it changes:
 * the service, the {@code share_key} (else the backend's name), where and how the probe connects
 * (address, port and the connection fingerprint of {@link BackendKey}, which covers TLS), the
 * Host header it sends and the health check itself. An activation that leaves all of these alone
 * keeps the prober and its window; changing any of them starts a new one at {@code initial}.
 */
record HealthIdentity(String serviceId, String subject, String address, int port, List<Object> connectionFields, String probeHost,
        HealthcheckSettings check) {

    static HealthIdentity of(String serviceId, BackendSettings backend, HealthcheckSettings check) {
        var shareKey = backend.shareKey();
        var subject = shareKey == null || shareKey.isBlank() ? backend.name() : shareKey;
        return new HealthIdentity(serviceId, subject, backend.address(), backend.port(), backend.key().connectionFields(),
                ProbeClient.host(backend, check), check);
    }

    @Override
    public String toString() {
        return serviceId + "/" + subject + " (" + check.name() + ")";
    }
}
