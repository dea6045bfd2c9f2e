package io.backline.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP origin on 127.0.0.1 whose answers are scripted byte by byte: it parses each request
 * (Content-Length or chunked body), records it, and hands the socket to a {@link Script} that may
 * write anything, stall, close or reset. Hand-written on blocking sockets rather than Netty
 * because the faults under test (half a status line, a reset mid-body, a header block past any
 * codec's limit, contradictory framing) are exactly what a codec would refuse to produce.
 * One virtual thread per connection; counters are safe to read from the test thread.
 */
final class ScriptedOrigin implements AutoCloseable {
    /** What the origin does with one request. Returning without closing keeps the connection for the next request. */
    @FunctionalInterface
    interface Script {
        void answer(Exchange exchange) throws IOException, InterruptedException;
    }

    /** A request as the origin parsed it; {@code index} counts requests on its connection from 0. */
    record Request(String method, String target, Map<String, String> headers, String body, int connection, int index) {}

    private final ServerSocket server;
    private final Script script;
    private final boolean readsBody;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();

    private ScriptedOrigin(Script script, boolean readsBody) throws IOException {
        this.script = script;
        this.readsBody = readsBody;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    static ScriptedOrigin start(Script script) {
        return start(script, true);
    }

    /** Runs the script as soon as a request's head has arrived, its body (if any) still unread: for answers that do not wait for it. */
    static ScriptedOrigin startAtHead(Script script) {
        return start(script, false);
    }

    private static ScriptedOrigin start(Script script, boolean readsBody) {
        try {
            return new ScriptedOrigin(script, readsBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 200 with the request target as the body, keep-alive. */
    static void echo(Exchange exchange) throws IOException {
        exchange.respond(200, exchange.request().target());
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections open now (closed by either side once the origin has noticed). */
    int open() {
        return open.get();
    }

    /** Bytes the edge sent, over all connections. */
    long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        sockets.forEach(ScriptedOrigin::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                sockets.add(socket);
                threads.execute(() -> serve(socket, connections.incrementAndGet()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int id) {
        open.incrementAndGet();
        try (socket) {
            var in = new BufferedInputStream(new CountingInput(socket.getInputStream()));
            var out = socket.getOutputStream();
            for (int index = 0; !socket.isClosed(); index++) {
                var request = read(in, id, index, readsBody);
                if (request == null) {
                    return;
                }
                requests.add(request);
                script.answer(new Exchange(request, socket, in, out));
            }
        } catch (IOException | InterruptedException e) {
            // the edge went away, or the script reset the connection
        } finally {
            open.decrementAndGet();
            sockets.remove(socket);
        }
    }

    private static Request read(InputStream in, int connection, int index, boolean readsBody) throws IOException {
        var head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((c = in.read()) < 0) {
                return null;
            }
            head.append((char) c);
        }
        var lines = head.toString().split("\r\n");
        var start = lines[0].split(" ");
        var headers = new TreeMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        var body = new ByteArrayOutputStream();
        if (!readsBody) {
            // the script answers first; whatever follows stays unread
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                in.readNBytes(2);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Request(start[0], start[1], headers, body.toString(StandardCharsets.ISO_8859_1), connection, index);
    }

    private static int chunkSize(InputStream in) throws IOException {
        var size = line(in);
        int semicolon = size.indexOf(';');
        return Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
    }

    private static String line(InputStream in) throws IOException {
        var text = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("end of stream in a chunked body");
            }
            text.append((char) c);
        }
        return text.toString().strip();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** One request and the connection it came on, for the script to answer. */
    final class Exchange {
        private final Request request;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Exchange(Request request, Socket socket, InputStream in, OutputStream out) {
            this.request = request;
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        Request request() {
            return request;
        }

        /** Writes these bytes as they are (ISO-8859-1) and flushes. */
        Exchange write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        /** A complete keep-alive response with a Content-Length body. */
        void respond(int status, String body) throws IOException {
            write("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }

        /** Closes with a FIN: the edge reads end of stream. */
        void close() throws IOException {
            socket.close();
        }

        /** Closes with a RST (linger 0): the edge's read fails with a reset. */
        void reset() throws IOException {
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException e) {
                // already closed
            }
            socket.close();
        }

        /** Never answers: waits until the edge closes the connection, then closes too. */
        void hold() throws IOException {
            while (in.read() >= 0) {
                // the edge sent more: keep ignoring it
            }
            socket.close();
        }
    }

    /** Counts what the edge sent before any parsing, so a test can assert that nothing at all arrived. */
    private final class CountingInput extends InputStream {
        private final InputStream in;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                bytesReceived.incrementAndGet();
            }
            return c;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                bytesReceived.addAndGet(n);
            }
            return n;
        }
    }
}
