package io.backline.edge;

import java.util.Arrays;
import java.util.List;

/**
 * A backend's identity for traffic state: the service, the name and every field that shapes its
 * connections, compared by value (a hash alone could collide and send traffic to an old address).
 * Pools are keyed by it, so an activation that leaves a backend's connection settings alone keeps
 * its warm connections; one that changes them starts a new pool.
 */
public record BackendKey(String serviceId, String name, List<Object> connectionFields) {
    static final BackendKey PLACEHOLDER = new BackendKey("", "", List.of());

    public BackendKey {
        // List.copyOf refuses nulls, and unset fields are null: keep them through Arrays.asList.
        connectionFields = List.copyOf(connectionFields);
    }

    static BackendKey of(String serviceId, BackendSettings b) {
        var fields = Arrays.asList(b.address(), b.port(), b.preferIpv6(), b.useSsl(), b.sslCheckCert(), b.sslCaCert(),
                b.sslCertHostname(), b.sslSniHostname(), b.sslClientCert(), b.sslClientKey(), b.minTlsVersion(), b.maxTlsVersion(),
                b.sslCiphers(), b.connectTimeoutMs(), b.maxConn(), b.keepaliveTimeSeconds(), b.maxUse(), b.maxLifetimeMs(),
                b.tcpKeepaliveEnable(), b.tcpKeepaliveTimeSeconds(), b.tcpKeepaliveIntervalSeconds(), b.tcpKeepaliveProbes());
        return new BackendKey(serviceId, b.name(), List.<Object>copyOf(fields.stream().map(f -> f == null ? Unset.UNSET : f).toList()));
    }

    /** Stands for an unset field inside the key. */
    private enum Unset {
        UNSET
    }

    /** A short, stable digest of the connection fields, for logs and health identities. */
    public int connectionFingerprint() {
        return connectionFields.hashCode();
    }

    @Override
    public String toString() {
        return serviceId + "/" + name + "#" + Integer.toHexString(connectionFingerprint());
    }
}
