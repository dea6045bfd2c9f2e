package io.backline.edge.logging;

import org.jspecify.annotations.Nullable;

/**
 * A {@code logging/syslog} endpoint: lines to {@code address:port} over TCP as Fastly sends them
 * (with TLS when {@code use_tls}), or over UDP, each prefixed as its {@code message_type} says
 * ({@link SyslogMessage}).
 *
 * @param transport TCP, or TLS when {@code use_tls} is set; UDP only through Backline's own
 *     optional {@code transport} field ({@code udp}), read when the schema has one: Fastly's
 *     syslog object has no way to ask for UDP
 */
public record SyslogEndpoint(String serviceId, String name, String format, int formatVersion,
        @Nullable String responseCondition, @Nullable String placement, String address, int port, Transport transport,
        @Nullable String tlsHostname, @Nullable String tlsCaCert, @Nullable String tlsClientCert, @Nullable String tlsClientKey,
        @Nullable String token, MessageType messageType) implements LoggingEndpoint {

    public static final String KIND = "logging/syslog";

    /** How lines travel. */
    public enum Transport {
        UDP,
        TCP,
        TLS
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The name the server's certificate must carry: {@code tls_hostname}, else the address. */
    public String verificationName() {
        return tlsHostname == null || tlsHostname.isBlank() ? address : tlsHostname;
    }

    @Override
    public String toString() {
        // The client key is a secret: a log line that prints the settings must not carry it.
        return "SyslogEndpoint[" + serviceId + " " + name + " " + transport + " " + address + ":" + port + "]";
    }
}
