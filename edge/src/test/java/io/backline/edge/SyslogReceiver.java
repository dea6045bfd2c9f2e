package io.backline.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A syslog server on 127.0.0.1 for tests: UDP (one message per datagram), TCP or TCP with TLS
 * (newline-framed messages), or a TCP server that accepts and never reads ({@link #deaf()}).
 */
final class SyslogReceiver implements AutoCloseable {
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final int port;

    private SyslogReceiver(int port) {
        this.port = port;
    }

    static SyslogReceiver udp() throws IOException {
        var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var receiver = new SyslogReceiver(socket.getLocalPort());
        receiver.resources.add(socket);
        Thread.ofVirtual().start(() -> {
            var buffer = new byte[65_536];
            while (!socket.isClosed()) {
                var packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                receiver.messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        });
        return receiver;
    }

    static SyslogReceiver tcp() throws IOException {
        return stream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), true);
    }

    static SyslogReceiver tls(SSLContext context) throws IOException {
        return stream(context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()), true);
    }

    /** Accepts connections and never reads from them: the sender's writes fill the socket buffers, then block. */
    static SyslogReceiver deaf() throws IOException {
        return stream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
    }

    private static SyslogReceiver stream(ServerSocket server, boolean reads) {
        var receiver = new SyslogReceiver(server.getLocalPort());
        receiver.resources.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;
                }
                receiver.resources.add(socket);
                if (reads) {
                    Thread.ofVirtual().start(() -> receiver.readLines(socket));
                }
            }
        });
        return receiver;
    }

    private void readLines(Socket socket) {
        try (var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            for (var line = in.readLine(); line != null; line = in.readLine()) {
                messages.add(line);
            }
        } catch (IOException e) {
            // closed (a refused handshake ends here too)
        }
    }

    int port() {
        return port;
    }

    /** The next {@code count} messages, in arrival order; fails when they do not all come within a few seconds. */
    List<String> take(int count) throws InterruptedException {
        var taken = new ArrayList<String>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (taken.size() < count) {
            var message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("received " + taken.size() + " of " + count + " messages: " + taken);
            }
            taken.add(message);
        }
        return taken;
    }

    /** Messages that arrived and were not taken yet. */
    List<String> rest() {
        var rest = new ArrayList<String>();
        messages.drainTo(rest);
        return rest;
    }

    @Override
    public void close() throws Exception {
        for (var resource : resources) {
            resource.close();
        }
    }
}
