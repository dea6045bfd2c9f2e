package io.backline.edge;

import java.util.Objects;

/**
 * A backend's identity for traffic state: the service, the name and a fingerprint of every field
 * that shapes its connections. Pools are keyed by it, so an activation that leaves a backend's
 * connection settings alone keeps its warm connections; one that changes them starts a new pool.
 */
public record BackendKey(String serviceId, String name, int connectionFingerprint) {
    static final BackendKey PLACEHOLDER = new BackendKey("", "", 0);

    static BackendKey of(String serviceId, BackendSettings b) {
        int fingerprint = Objects.hash(b.address(), b.port(), b.preferIpv6(), b.useSsl(), b.sslCheckCert(), b.sslCaCert(),
                b.sslCertHostname(), b.sslSniHostname(), b.sslClientCert(), b.sslClientKey(), b.minTlsVersion(), b.maxTlsVersion(),
                b.sslCiphers(), b.connectTimeoutMs(), b.maxConn(), b.keepaliveTimeSeconds(), b.maxUse(), b.maxLifetimeMs(),
                b.tcpKeepaliveEnable(), b.tcpKeepaliveTimeSeconds(), b.tcpKeepaliveIntervalSeconds(), b.tcpKeepaliveProbes());
        return new BackendKey(serviceId, b.name(), fingerprint);
    }

    @Override
    public String toString() {
        return serviceId + "/" + name + "#" + Integer.toHexString(connectionFingerprint);
    }
}
