package io.backline.edge.logging;

import io.backline.edge.ExchangeRecord;
import io.backline.edge.tls.EndpointTls;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Sends a syslog endpoint's lines one message each: a datagram over UDP, or newline-framed on one
 * TCP connection (with TLS when {@code use_tls}), Fastly's framing ("non-transparent framing",
 * RFC 6587 §3.4.2; logplex messages carry their own octet count). TCP writes are buffered and
 * flushed whenever the queue is empty. A failed connect or write drops that line (counted as
 * failed), closes the connection and backs off before reconnecting.
 */
final class SyslogSender extends EndpointSender {
    /** The largest UDP payload over IPv4; a longer message is cut there rather than refused by the socket. */
    private static final int MAX_DATAGRAM = 65_507;

    private final SyslogEndpoint syslog;
    private final @Nullable SSLContext tls;
    private volatile @Nullable Closeable connection;
    private @Nullable OutputStream out;
    private @Nullable DatagramSocket udp;

    SyslogSender(SyslogEndpoint syslog, DeliveryConfig config, Function<ExchangeRecord, String> render) {
        super(syslog, config, render);
        this.syslog = syslog;
        this.tls = syslog.transport() == SyslogEndpoint.Transport.TLS
                ? EndpointTls.context(syslog.tlsCaCert(), syslog.tlsClientCert(), syslog.tlsClientKey(), syslog.verificationName())
                : null;
    }

    @Override
    void run() throws InterruptedException {
        while (!stopped()) {
            backOff();
            var line = next(Duration.ofSeconds(1));
            if (line == null) {
                continue;
            }
            var message = SyslogMessage.format(syslog.messageType(), config.hostname(), syslog.name(), syslog.token(), line, Instant.now());
            try {
                send(message.getBytes(StandardCharsets.UTF_8));
                if (!hasQueued() && out != null) {
                    out.flush();
                }
                succeeded(1);
            } catch (IOException | RuntimeException e) {
                failed(1, describe(e));
                disconnect();
            }
        }
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void send(byte[] message) throws IOException {
        if (syslog.transport() == SyslogEndpoint.Transport.UDP) {
            var socket = udp;
            if (socket == null) {
                socket = new DatagramSocket();
                socket.connect(new InetSocketAddress(syslog.address(), syslog.port()));
                udp = socket;
                connection = socket;
            }
            socket.send(new DatagramPacket(message, Math.min(message.length, MAX_DATAGRAM)));
            return;
        }
        var stream = out;
        if (stream == null) {
            stream = connect();
        }
        stream.write(message);
        stream.write('\n');
    }

    private OutputStream connect() throws IOException {
        var target = new InetSocketAddress(syslog.address(), syslog.port());
        if (target.isUnresolved()) {
            throw new IOException("address: " + syslog.address() + " does not resolve");
        }
        var socket = new Socket();
        connection = socket;
        socket.connect(target, (int) config.requestTimeout().toMillis());
        socket.setTcpNoDelay(true);
        Socket stream = socket;
        if (tls != null) {
            var secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, syslog.address(), syslog.port(), true);
            connection = secure;
            secure.setSSLParameters(EndpointTls.parameters(tls, syslog.verificationName()));
            secure.setSoTimeout((int) config.requestTimeout().toMillis());
            secure.startHandshake();
            secure.setSoTimeout(0);
            stream = secure;
        }
        var buffered = new BufferedOutputStream(stream.getOutputStream(), 16 * 1024);
        out = buffered;
        return buffered;
    }

    @Override
    void disconnect() {
        var current = connection;
        connection = null;
        out = null;
        udp = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }

    private static String describe(Exception e) {
        var message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
