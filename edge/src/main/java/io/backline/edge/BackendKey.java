package io.backline.edge;

import java.util.Arrays;
import java.util.List;

/**
 * A backend's identity for traffic state: the service, the name and every field that shapes its
 * connections, compared by value (a hash alone could collide and send traffic to an old address).
 * Pools are keyed by it, so an activation that leaves a backend's connection settings alone keeps
 * its warm connections; one that changes them starts a new pool.
 */
public final class BackendKey {
    public static final BackendKey PLACEHOLDER = new BackendKey("", "", List.of());

    private final String serviceId;
    private final String name;
    private final List<Object> connectionFields;
    /** Every request looks its pool up by this key: hashing 22 fields each time showed in profiles. */
    private final int hash;

    public BackendKey(String serviceId, String name, List<Object> connectionFields) {
        this.serviceId = serviceId;
        this.name = name;
        this.connectionFields = List.copyOf(connectionFields);
        this.hash = (serviceId.hashCode() * 31 + name.hashCode()) * 31 + this.connectionFields.hashCode();
    }

    public String serviceId() {
        return serviceId;
    }

    public String name() {
        return name;
    }

    public List<Object> connectionFields() {
        return connectionFields;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof BackendKey key && key.hash == hash && key.serviceId.equals(serviceId)
                && key.name.equals(name) && key.connectionFields.equals(connectionFields);
    }

    @Override
    public int hashCode() {
        return hash;
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
