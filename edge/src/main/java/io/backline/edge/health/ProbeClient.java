package io.backline.edge.health;

import io.backline.edge.BackendSettings;
import io.backline.edge.HealthcheckSettings;
import io.backline.edge.tls.OriginTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Sends one health-check request over a blocking socket and reads the status line (semantics
 * §3.2). A probe passes only if the connection (and, for {@code use_ssl}, the handshake) succeeds,
 * the request is sent, a status line arrives before {@code timeout} ms from the start, and its
 * code equals {@code expected_response}. The body is never read; {@code Connection: close} tells
 * the origin not to keep the connection, and the probe closes it anyway.
 *
 * <p>Blocking by design: run it on a virtual thread, never on an event loop. Immutable; one
 * probe at a time per instance is the caller's choice, not a requirement.
 */
final class ProbeClient {
    private static final int MAX_STATUS_LINE = 8_192;

    private final String address;
    private final String verifyName;
    private final int port;
    private final boolean preferIpv6;
    private final int timeoutMs;
    private final int expected;
    private final byte[] request;
    private final @Nullable OriginTls tls;
    private final @Nullable String tlsError;

    private ProbeClient(BackendSettings backend, HealthcheckSettings check, @Nullable OriginTls tls, @Nullable String tlsError) {
        this.address = backend.address();
        this.verifyName = backend.verificationHostname();
        this.port = backend.port();
        this.preferIpv6 = backend.preferIpv6();
        this.timeoutMs = Math.max(1, check.timeoutMs());
        this.expected = check.expectedResponse();
        this.request = request(backend, check).getBytes(StandardCharsets.ISO_8859_1);
        this.tls = tls;
        this.tlsError = tlsError;
    }

    /** A client for the backend's address; TLS settings that cannot be built make every probe fail. */
    static ProbeClient of(BackendSettings backend, HealthcheckSettings check) {
        if (!backend.useSsl()) {
            return new ProbeClient(backend, check, null, null);
        }
        try {
            return new ProbeClient(backend, check, OriginTls.forBackend(backend), null);
        } catch (RuntimeException e) {
            // EdgeException by contract; anything else must not fail the whole update either
            return new ProbeClient(backend, check, null, "TLS settings: " + e.getMessage());
        }
    }

    /**
     * The request line and headers: {@code method path HTTP/1.x}, {@code Host}, the configured
     * lines as written, {@code Connection: close} and {@code User-Agent: backline-healthcheck}.
     * A configured {@code Host} or {@code User-Agent} line replaces the default one; a configured
     * {@code Connection} line is dropped, because the probe always closes. {@code http_version}
     * {@code 2} is probed over HTTP/1.1 (there is no HTTP/2 prober).
     */
    static String request(BackendSettings backend, HealthcheckSettings check) {
        var version = "1.0".equals(check.httpVersion()) ? "HTTP/1.0" : "HTTP/1.1";
        var text = new StringBuilder().append(check.method()).append(' ').append(check.path()).append(' ').append(version)
                .append("\r\n");
        boolean ownHost = false;
        boolean ownAgent = false;
        var lines = new StringBuilder();
        for (var line : check.headers()) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                continue; // the schema refuses these; never let one split the request
            }
            var name = headerName(line);
            switch (name) {
                case "host" -> ownHost = true;
                case "user-agent" -> ownAgent = true;
                case "connection" -> {
                    continue;
                }
                default -> {}
            }
            lines.append(line.strip()).append("\r\n");
        }
        if (!ownHost) {
            text.append("Host: ").append(host(backend, check)).append("\r\n");
        }
        text.append(lines).append("Connection: close\r\n");
        if (!ownAgent) {
            text.append("User-Agent: backline-healthcheck\r\n");
        }
        return text.append("\r\n").toString();
    }

    /** The Host header: the health check's {@code host}, else the backend's {@code override_host}, else its address. */
    static String host(BackendSettings backend, HealthcheckSettings check) {
        if (check.host() != null && !check.host().isEmpty()) {
            return check.host();
        }
        if (backend.overrideHost() != null && !backend.overrideHost().isEmpty()) {
            return backend.overrideHost();
        }
        var address = backend.address();
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /** Runs one probe; never throws for anything the network does. */
    ProbeResult probe() {
        long start = System.nanoTime();
        long deadline = start + timeoutMs * 1_000_000L;
        if (tlsError != null) {
            return failed(tlsError, start);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(resolve(), port), timeoutMs);
            } catch (SocketTimeoutException e) {
                return failed("connect timeout after " + timeoutMs + " ms", start);
            }
            if (tls != null) {
                var secure = (SSLSocket) tls.context().getSocketFactory().createSocket(socket, verifyName, port, true);
                socket = secure;
                var parameters = secure.getSSLParameters();
                tls.configure(parameters);
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(remaining(deadline));
                secure.startHandshake();
            }
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            var line = statusLine(socket, deadline);
            long latency = elapsedMs(start);
            if (line == null) {
                return new ProbeResult(false, "connection closed before a status line", latency);
            }
            int status = statusCode(line);
            if (status < 0) {
                return new ProbeResult(false, "malformed status line", latency);
            }
            return status == expected
                    ? new ProbeResult(true, "status " + status, latency)
                    : new ProbeResult(false, "status " + status + ", expected " + expected, latency);
        } catch (SocketTimeoutException e) {
            return failed("timeout after " + timeoutMs + " ms", start);
        } catch (ConnectException e) {
            return failed("connection refused", start);
        } catch (NoRouteToHostException e) {
            return failed("no route to host", start);
        } catch (UnknownHostException e) {
            return failed("unknown host " + address, start);
        } catch (SSLException e) {
            return failed("TLS handshake failed: " + e.getMessage(), start);
        } catch (IOException e) {
            return failed("i/o error: " + e.getMessage(), start);
        } catch (RuntimeException e) {
            // e.g. TLS parameters the JDK refuses: one backend's probe fails, the prober goes on
            return failed("probe error: " + e, start);
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a probe connection that already failed tells nothing more
            }
        }
    }

    private InetAddress resolve() throws UnknownHostException {
        var candidates = InetAddress.getAllByName(address);
        for (var candidate : candidates) {
            if (preferIpv6 ? candidate instanceof Inet6Address : candidate instanceof Inet4Address) {
                return candidate;
            }
        }
        return candidates[0];
    }

    /** Reads up to the first line feed, each read bounded by what is left of the probe's time. */
    private static @Nullable String statusLine(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        var line = new StringBuilder();
        var buffer = new byte[512];
        while (line.length() < MAX_STATUS_LINE) {
            socket.setSoTimeout(remaining(deadline));
            int n = in.read(buffer);
            if (n < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    return line.toString().strip();
                }
                line.append((char) (buffer[i] & 0xff));
            }
        }
        return line.toString();
    }

    /** The code of {@code HTTP/1.x NNN reason}, or -1. */
    static int statusCode(String line) {
        if (!line.toUpperCase(Locale.ROOT).startsWith("HTTP/")) {
            return -1;
        }
        int space = line.indexOf(' ');
        if (space < 0 || line.length() < space + 4) {
            return -1;
        }
        var code = line.substring(space + 1, space + 4);
        if (line.length() > space + 4 && line.charAt(space + 4) != ' ') {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(code);
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left < 1) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private ProbeResult failed(String outcome, long start) {
        return new ProbeResult(false, outcome, elapsedMs(start));
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    private static String headerName(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }
}
