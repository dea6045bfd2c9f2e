package io.backline.edge;

import static io.backline.model.BackendSchema.ADDRESS;
import static io.backline.model.BackendSchema.AUTO_LOADBALANCE;
import static io.backline.model.BackendSchema.BETWEEN_BYTES_TIMEOUT;
import static io.backline.model.BackendSchema.CONNECT_TIMEOUT;
import static io.backline.model.BackendSchema.FIRST_BYTE_TIMEOUT;
import static io.backline.model.BackendSchema.HEALTHCHECK;
import static io.backline.model.BackendSchema.KEEPALIVE_TIME;
import static io.backline.model.BackendSchema.MAX_CONN;
import static io.backline.model.BackendSchema.MAX_LIFETIME;
import static io.backline.model.BackendSchema.MAX_TLS_VERSION;
import static io.backline.model.BackendSchema.MAX_USE;
import static io.backline.model.BackendSchema.MIN_TLS_VERSION;
import static io.backline.model.BackendSchema.NAME;
import static io.backline.model.BackendSchema.OVERRIDE_HOST;
import static io.backline.model.BackendSchema.PORT;
import static io.backline.model.BackendSchema.PREFER_IPV6;
import static io.backline.model.BackendSchema.REQUEST_CONDITION;
import static io.backline.model.BackendSchema.SHARE_KEY;
import static io.backline.model.BackendSchema.SHIELD;
import static io.backline.model.BackendSchema.SSL_CA_CERT;
import static io.backline.model.BackendSchema.SSL_CERT_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_CHECK_CERT;
import static io.backline.model.BackendSchema.SSL_CIPHERS;
import static io.backline.model.BackendSchema.SSL_CLIENT_CERT;
import static io.backline.model.BackendSchema.SSL_CLIENT_KEY;
import static io.backline.model.BackendSchema.SSL_HOSTNAME;
import static io.backline.model.BackendSchema.SSL_SNI_HOSTNAME;
import static io.backline.model.BackendSchema.TCP_KEEPALIVE_ENABLE;
import static io.backline.model.BackendSchema.TCP_KEEPALIVE_INTERVAL;
import static io.backline.model.BackendSchema.TCP_KEEPALIVE_PROBES;
import static io.backline.model.BackendSchema.TCP_KEEPALIVE_TIME;
import static io.backline.model.BackendSchema.USE_SSL;
import static io.backline.model.BackendSchema.WEIGHT;

import io.backline.model.Values;
import org.jspecify.annotations.Nullable;

/**
 * One backend as the edge uses it: every field typed, defaults applied, names resolved. Immutable.
 *
 * @param key identity that survives activations while the connection-relevant fields are unchanged
 * @param position creation order within the version (the default backend is the first unconditioned one)
 */
public record BackendSettings(
        BackendKey key,
        String name,
        int position,
        String address,
        int port,
        boolean preferIpv6,
        boolean useSsl,
        boolean sslCheckCert,
        @Nullable String sslCaCert,
        @Nullable String sslCertHostname,
        @Nullable String sslSniHostname,
        @Nullable String sslClientCert,
        @Nullable String sslClientKey,
        @Nullable String minTlsVersion,
        @Nullable String maxTlsVersion,
        @Nullable String sslCiphers,
        int connectTimeoutMs,
        int firstByteTimeoutMs,
        int betweenBytesTimeoutMs,
        int maxConn,
        @Nullable Integer keepaliveTimeSeconds,
        @Nullable Integer maxUse,
        @Nullable Integer maxLifetimeMs,
        @Nullable Boolean tcpKeepaliveEnable,
        @Nullable Integer tcpKeepaliveTimeSeconds,
        @Nullable Integer tcpKeepaliveIntervalSeconds,
        @Nullable Integer tcpKeepaliveProbes,
        @Nullable String overrideHost,
        int weight,
        boolean autoLoadbalance,
        String requestCondition,
        @Nullable String healthcheck,
        @Nullable String shield,
        @Nullable String shareKey) {

    /** Reads a stored backend; {@code position} is its index in creation order. */
    public static BackendSettings from(String serviceId, Values v, int position) {
        var legacy = v.get(SSL_HOSTNAME);
        var certHost = v.get(SSL_CERT_HOSTNAME) != null ? v.get(SSL_CERT_HOSTNAME) : legacy;
        var sniHost = v.get(SSL_SNI_HOSTNAME) != null ? v.get(SSL_SNI_HOSTNAME) : legacy;
        var settings = new BackendSettings(BackendKey.PLACEHOLDER, v.require(NAME), position, v.require(ADDRESS), v.require(PORT),
                v.require(PREFER_IPV6), v.require(USE_SSL), v.require(SSL_CHECK_CERT), v.get(SSL_CA_CERT), certHost, sniHost,
                v.get(SSL_CLIENT_CERT), v.get(SSL_CLIENT_KEY), v.get(MIN_TLS_VERSION), v.get(MAX_TLS_VERSION), v.get(SSL_CIPHERS),
                v.require(CONNECT_TIMEOUT), v.require(FIRST_BYTE_TIMEOUT), v.require(BETWEEN_BYTES_TIMEOUT), v.require(MAX_CONN),
                v.get(KEEPALIVE_TIME), v.get(MAX_USE), v.get(MAX_LIFETIME), v.get(TCP_KEEPALIVE_ENABLE), v.get(TCP_KEEPALIVE_TIME),
                v.get(TCP_KEEPALIVE_INTERVAL), v.get(TCP_KEEPALIVE_PROBES), v.get(OVERRIDE_HOST), v.require(WEIGHT),
                v.require(AUTO_LOADBALANCE), v.require(REQUEST_CONDITION), v.get(HEALTHCHECK), v.get(SHIELD), v.get(SHARE_KEY));
        return settings.withKey(BackendKey.of(serviceId, settings));
    }

    BackendSettings withKey(BackendKey newKey) {
        return new BackendSettings(newKey, name, position, address, port, preferIpv6, useSsl, sslCheckCert, sslCaCert,
                sslCertHostname, sslSniHostname, sslClientCert, sslClientKey, minTlsVersion, maxTlsVersion, sslCiphers,
                connectTimeoutMs, firstByteTimeoutMs, betweenBytesTimeoutMs, maxConn, keepaliveTimeSeconds, maxUse, maxLifetimeMs,
                tcpKeepaliveEnable, tcpKeepaliveTimeSeconds, tcpKeepaliveIntervalSeconds, tcpKeepaliveProbes, overrideHost, weight,
                autoLoadbalance, requestCondition, healthcheck, shield, shareKey);
    }

    /**
     * The hop to an edge of a shield POP at {@code hostPort} ({@code HOST:PORT}, IPv6 in brackets) for
     * requests to {@code origin}: plain HTTP, with the origin's connect timeout and {@code max_conn}
     * (its first-byte and between-bytes timeouts apply as for every request, see
     * {@code OriginConnection.bind}). Its key names the address and those two fields only, not the
     * service: every service shielded by that edge shares the pool (docs/shielding.md).
     */
    public static BackendSettings shieldEdge(String hostPort, BackendSettings origin) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("shield address: '" + hostPort + "' (expected: HOST:PORT)");
        }
        var host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shield address: '" + hostPort + "' (expected: HOST:PORT)", e);
        }
        var name = "shield:" + hostPort;
        var key = new BackendKey("", name, java.util.List.of(host, port, origin.connectTimeoutMs(), origin.maxConn()));
        return new BackendSettings(key, name, origin.position(), host, port, false, false, false, null, null, null, null, null, null,
                null, null, origin.connectTimeoutMs(), origin.firstByteTimeoutMs(), origin.betweenBytesTimeoutMs(), origin.maxConn(),
                null, null, null, null, null, null, null, null, 1, false, "", null, null, null);
    }

    /** The name the origin's certificate is checked against: ssl_cert_hostname, else the address. */
    public String verificationHostname() {
        return sslCertHostname != null ? sslCertHostname : address;
    }

    /** The SNI name sent, if any: ssl_sni_hostname, else a host-name address (never an IP literal). */
    public @Nullable String sniHostname() {
        if (sslSniHostname != null) {
            return sslSniHostname;
        }
        return address.indexOf(':') < 0 && !address.matches("[0-9.]+") ? address : null;
    }
}
