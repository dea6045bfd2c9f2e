package io.backline.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A raw-socket HTTP/1.1 client for edge tests: one connection, any bytes on the wire (so framing
 * attacks can be sent as written), responses read with Content-Length, chunked or close framing.
 */
final class ProxyClient implements AutoCloseable {
    /** A response; header names are lower case; {@code complete} is false when the connection ended mid-body. */
    record Response(int status, String reason, Map<String, List<String>> headers, byte[] body, boolean complete) {
        String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ProxyClient(int port) {
        this(port, null);
    }

    /** A client whose connection comes from {@code localAddress} (127.0.0.2, …: another client address on loopback). */
    ProxyClient(int port, @org.jspecify.annotations.Nullable String localAddress) {
        this(port, localAddress, 0);
    }

    /**
     * A client with a fixed receive buffer of {@code receiveBuffer} bytes (0: the kernel's autotuned
     * default). Set before connecting, it fixes the window the client advertises, so a test of
     * backpressure does not depend on how far the kernel grows an idle reader's buffer.
     */
    ProxyClient(int port, @org.jspecify.annotations.Nullable String localAddress, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One GET on a new connection. */
    static Response get(int port, String host, String path, String... headerLines) {
        try (var client = new ProxyClient(port)) {
            return client.request("GET", host, path, headerLines);
        }
    }

    Response request(String method, String host, String path, String... headerLines) {
        var text = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (var line : headerLines) {
            text.append(line).append("\r\n");
        }
        send(text.append("\r\n").toString());
        return read(method.equals("HEAD"));
    }

    void send(String raw) {
        try {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends unless the edge has closed the connection already; false when the write failed. */
    boolean trySend(String raw) {
        try {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void setTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response read(boolean head) {
        try {
            var status = line();
            if (status == null) {
                throw new IOException("connection closed before a response");
            }
            var parts = status.split(" ", 3);
            var headers = new TreeMap<String, List<String>>();
            for (var line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            int code = Integer.parseInt(parts[1]);
            var body = new ByteArrayOutputStream();
            boolean complete = true;
            var length = headers.get("content-length");
            var encoding = headers.get("transfer-encoding");
            if (head || code == 204 || code == 304 || code < 200) {
                // no body
            } else if (encoding != null && String.join(",", encoding).toLowerCase(Locale.ROOT).contains("chunked")) {
                complete = chunked(body);
            } else if (length != null) {
                complete = fixed(body, Long.parseLong(length.get(0)));
            } else {
                in.transferTo(body);
            }
            if (code == 100) {
                return read(head);
            }
            return new Response(code, parts.length > 2 ? parts[2] : "", headers, body.toByteArray(), complete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the edge closed the connection (reads end of stream) within the socket timeout. */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private boolean chunked(ByteArrayOutputStream body) throws IOException {
        while (true) {
            var size = line();
            if (size == null) {
                return false;
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                for (var trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
                return true;
            }
            if (!fixed(body, n)) {
                return false;
            }
            line();
        }
    }

    private boolean fixed(ByteArrayOutputStream body, long length) throws IOException {
        var buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            body.write(buffer, 0, n);
            left -= n;
        }
        return true;
    }

    /** The next line as sent (without CRLF), or null at the end of the stream. */
    String readLine() {
        try {
            return line();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until {@code marker} has been seen; the bytes read are discarded. */
    void readUntil(String marker) {
        try {
            int matched = 0;
            while (matched < marker.length()) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before '" + marker + "'");
                }
                matched = c == marker.charAt(matched) ? matched + 1 : (c == marker.charAt(0) ? 1 : 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() throws IOException {
        var text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = text.length();
                return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
            }
            text.append((char) c);
        }
        return text.isEmpty() ? null : text.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
