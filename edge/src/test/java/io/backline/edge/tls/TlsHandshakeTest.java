package io.backline.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.backline.edge.BackendKey;
import io.backline.edge.BackendSettings;
import io.backline.edge.TestPki;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link OriginTls} against real TLS origins on 127.0.0.1, through both entry points: an
 * {@link SSLEngine} from {@code newEngine} (as the Netty proxy uses it) and a socket from
 * {@code context().getSocketFactory()} with {@code configure} (as health probes use it).
 */
@Timeout(60)
class TlsHandshakeTest {
    private static TestPki pki;
    private static TestPki.Identity origin;

    private Origin server;

    @BeforeAll
    static void pki() {
        pki = TestPki.newCa();
        origin = pki.server("origin.test");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- verification ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Entry.class)
    void verifiesTheOriginAgainstSslCaCert(Entry entry) throws Exception {
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().failure()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void refusesACertificateForAnotherNameWithHostnameMismatch(Entry entry) {
        server = Origin.start(pki.server("other.test").serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(entry, tls)).isEqualTo("Hostname mismatch");
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void refusesACertificateFromAnotherCaWithUnableToGetLocalIssuer(Entry entry) {
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(TestPki.newCa("Other CA").caPem()).settings());

        assertThat(reasonOfFailure(entry, tls)).isEqualTo("unable to get local issuer certificate");
    }

    @Test
    void usesTheJdkTrustRootsWhenSslCaCertIsUnset() {
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("unable to get local issuer certificate");
    }

    @Test
    void refusesASelfSignedCertificate() {
        server = Origin.start(TestPki.selfSigned("origin.test").serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("self signed certificate");
    }

    @Test
    void refusesAnExpiredCertificate() {
        var now = Instant.now();
        server = Origin.start(pki.leaf("origin.test").validity(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30)))
                .issue().serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(Entry.SOCKET, tls)).isEqualTo("certificate has expired");
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void acceptsAnyCertificateWhenSslCheckCertIsFalse(Entry entry) throws Exception {
        var unchecked = backend("127.0.0.1").certHostname("origin.test").checkCert(false).settings();
        for (var identity : List.of(pki.server("other.test"), TestPki.newCa("Other CA").server("origin.test"),
                TestPki.selfSigned("whatever.test"))) {
            try (var any = Origin.start(identity.serverContext())) {
                assertThat(entry.exchange(OriginTls.forBackend(unchecked), any.port())).isEqualTo("ok");
            }
        }
    }

    // --- names: SNI versus verification -------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Entry.class)
    void sendsTheSniHostnameButVerifiesTheCertHostname(Entry entry) throws Exception {
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(
                backend("127.0.0.1").certHostname("origin.test").sniHostname("sni.test").ca(pki.caPem()).settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().sni()).containsExactly("sni.test");
    }

    @Test
    void refusesACertificateThatOnlyMatchesTheSniName() {
        // JSSE's own "HTTPS" identification would accept this one: it tries the SNI name first.
        server = Origin.start(pki.server("sni.test").serverContext());
        var tls = OriginTls.forBackend(
                backend("127.0.0.1").certHostname("origin.test").sniHostname("sni.test").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("Hostname mismatch");
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void verifiesAnIpAddressAgainstTheSanIpAndSendsNoSni(Entry entry) throws Exception {
        server = Origin.start(pki.server("127.0.0.1").serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").ca(pki.caPem()).settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().sni()).isEmpty();
    }

    @Test
    void refusesAnIpAddressThatIsOnlyADnsEntryOfTheCertificate() {
        server = Origin.start(pki.leaf().dns("127.0.0.1").issue().serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("Hostname mismatch");
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void sendsNoSniForAnIpAddressEvenWithACertHostname(Entry entry) throws Exception {
        // The engine's peer host is origin.test; JSSE would derive SNI from it if configure did not clear it.
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().sni()).isEmpty();
    }

    @Test
    void sendsAndVerifiesAHostNameAddress() throws Exception {
        server = Origin.start(origin.serverContext());
        var tls = OriginTls.forBackend(backend("origin.test").ca(pki.caPem()).settings());

        assertThat(Entry.SOCKET.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().sni()).containsExactly("origin.test");
    }

    // --- mTLS ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Entry.class)
    void presentsTheClientCertificateToAnOriginRequiringOne(Entry entry) throws Exception {
        server = Origin.start(origin.serverContext(pki.caCertificate()), socket -> socket.setNeedClientAuth(true));
        var client = pki.client("edge.test");
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .clientCert(client.certificatePem()).clientKey(client.privateKeyPem()).settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().clientCertificate()).isEqualTo(client.certificate());
    }

    @Test
    void presentsClientCertificatesWithTraditionalRsaAndEcKeys() throws Exception {
        server = Origin.start(origin.serverContext(pki.caCertificate()), socket -> socket.setNeedClientAuth(true));
        for (var client : List.of(pki.client("rsa.edge.test"), pki.leaf().commonName("ec.edge.test").clientAuth().ec().issue())) {
            var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                    .clientCert(client.certificatePem()).clientKey(client.traditionalKeyPem()).settings());

            assertThat(Entry.ENGINE.exchange(tls, server.port())).isEqualTo("ok");
            assertThat(server.next().clientCertificate()).isEqualTo(client.certificate());
        }
    }

    @Test
    void presentsTheClientCertificateEvenIfTheOriginListsOtherAuthorities() throws Exception {
        // The origin's CertificateRequest names only pki's CA; the JDK's key managers would then send nothing.
        var context = SSLContext.getInstance("TLS");
        context.init(origin.keyManagers().getKeyManagers(), new TrustManager[] {new UncheckedTrustManager(pki.caCertificate())}, null);
        server = Origin.start(context, socket -> {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setNeedClientAuth(true);
        });
        var client = TestPki.newCa("Client CA the origin does not list").client("edge.test");
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .clientCert(client.certificatePem()).clientKey(client.privateKeyPem()).settings());

        assertThat(Entry.ENGINE.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().clientCertificate()).isEqualTo(client.certificate());
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void isRefusedByAnOriginRequiringAClientCertificateWhenItHasNone(Entry entry) {
        server = Origin.start(origin.serverContext(pki.caCertificate()), socket -> socket.setNeedClientAuth(true));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(reasonOfFailure(entry, tls)).isIn("TLS handshake failed (certificate_required)", "TLS handshake failed (bad_certificate)");
        assertThat(server.next().failure()).isNotNull();
    }

    // --- versions and ciphers ---------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Entry.class)
    void refusesATls12OnlyOriginWhenTheMinimumIs13(Entry entry) {
        server = Origin.start(origin.serverContext(), socket -> socket.setEnabledProtocols(new String[] {"TLSv1.2"}));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).minTls("1.3").settings());

        assertThat(reasonOfFailure(entry, tls)).isEqualTo("protocol version");
    }

    @Test
    void refusesATls13OnlyOriginWhenTheMaximumIs12() {
        server = Origin.start(origin.serverContext(), socket -> socket.setEnabledProtocols(new String[] {"TLSv1.3"}));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).maxTls("1.2").settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("protocol version");
    }

    @Test
    void negotiatesTls12WithATls12OnlyOriginByDefault() throws Exception {
        server = Origin.start(origin.serverContext(), socket -> socket.setEnabledProtocols(new String[] {"TLSv1.2"}));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());

        assertThat(Entry.ENGINE.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().protocol()).isEqualTo("TLSv1.2");
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void negotiatesTheSuiteAnOpenSslCipherStringNames(Entry entry) throws Exception {
        server = Origin.start(origin.serverContext(), tls12Only("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .ciphers("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384").settings());

        assertThat(entry.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void negotiatesDheFromALegacyCipherString() throws Exception {
        server = Origin.start(origin.serverContext(), tls12Only("TLS_DHE_RSA_WITH_AES_256_CBC_SHA"));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .ciphers("DHE-RSA-AES256-SHA:AES256-GCM-SHA384").settings());

        assertThat(Entry.ENGINE.exchange(tls, server.port())).isEqualTo("ok");
        assertThat(server.next().cipherSuite()).isEqualTo("TLS_DHE_RSA_WITH_AES_256_CBC_SHA");
    }

    @Test
    void refusesAnOriginWithNoSharedCipher() {
        server = Origin.start(origin.serverContext(), tls12Only("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .ciphers("HIGH:!aNULL:!MD5:!AES128").settings());

        assertThat(reasonOfFailure(Entry.ENGINE, tls)).isEqualTo("no shared cipher");
    }

    @Test
    void keepsTls13SuitesWhateverSslCiphersSays() throws Exception {
        server = Origin.start(origin.serverContext(), socket -> socket.setEnabledProtocols(new String[] {"TLSv1.3"}));
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem())
                .ciphers("ECDHE-RSA-AES128-GCM-SHA256").settings());

        assertThat(Entry.ENGINE.exchange(tls, server.port())).isEqualTo("ok");
        var seen = server.next();
        assertThat(seen.protocol()).isEqualTo("TLSv1.3");
        assertThat(seen.cipherSuite()).startsWith("TLS_AES_");
    }

    @Test
    void failureReasonLooksThroughWrappers() {
        server = Origin.start(pki.server("other.test").serverContext());
        var tls = OriginTls.forBackend(backend("127.0.0.1").certHostname("origin.test").ca(pki.caPem()).settings());
        var failure = catchThrowable(() -> Entry.ENGINE.exchange(tls, server.port()));

        assertThat(OriginTls.failureReason(new RuntimeException("netty", new IllegalStateException(failure))))
                .isEqualTo("Hostname mismatch");
    }

    // --- helpers --------------------------------------------------------------------------

    private String reasonOfFailure(Entry entry, OriginTls tls) {
        var failure = catchThrowable(() -> entry.exchange(tls, server.port()));
        assertThat(failure).as("the handshake should fail").isNotNull();
        return OriginTls.failureReason(failure);
    }

    private static Consumer<SSLServerSocket> tls12Only(String suite) {
        return socket -> {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {suite});
        };
    }

    /** A backend with use_ssl on port 443 and the TLS fields a test sets; everything else at its default. */
    static Backend backend(String address) {
        return new Backend(address);
    }

    /** The TLS fields of a test backend. */
    static final class Backend {
        private final String address;
        private boolean checkCert = true;
        private @Nullable String ca;
        private @Nullable String certHostname;
        private @Nullable String sniHostname;
        private @Nullable String clientCert;
        private @Nullable String clientKey;
        private @Nullable String minTls;
        private @Nullable String maxTls;
        private @Nullable String ciphers;

        private Backend(String address) {
            this.address = address;
        }

        Backend checkCert(boolean value) {
            checkCert = value;
            return this;
        }

        Backend ca(String pem) {
            ca = pem;
            return this;
        }

        Backend certHostname(String name) {
            certHostname = name;
            return this;
        }

        Backend sniHostname(String name) {
            sniHostname = name;
            return this;
        }

        Backend clientCert(String pem) {
            clientCert = pem;
            return this;
        }

        Backend clientKey(String pem) {
            clientKey = pem;
            return this;
        }

        Backend minTls(String version) {
            minTls = version;
            return this;
        }

        Backend maxTls(String version) {
            maxTls = version;
            return this;
        }

        Backend ciphers(String openSsl) {
            ciphers = openSsl;
            return this;
        }

        BackendSettings settings() {
            return new BackendSettings(BackendKey.PLACEHOLDER, "origin", 0, address, 443, false, true, checkCert, ca, certHostname,
                    sniHostname, clientCert, clientKey, minTls, maxTls, ciphers, 1_000, 15_000, 10_000, 200, null, null, null, null,
                    null, null, null, null, 100, false, "", null, null, null);
        }
    }

    /** The two ways into {@link OriginTls}; each connects, handshakes and returns the origin's first line. */
    enum Entry {
        ENGINE {
            @Override
            String exchange(OriginTls tls, int port) throws IOException {
                try (var socket = connect(port)) {
                    var pump = new EnginePump(tls.newEngine(port), socket);
                    pump.handshake();
                    return pump.readLine();
                }
            }
        },
        SOCKET {
            @Override
            String exchange(OriginTls tls, int port) throws IOException {
                try (var plain = connect(port);
                        var socket = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                    var parameters = socket.getSSLParameters();
                    tls.configure(parameters);
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    return readLine(socket.getInputStream());
                }
            }
        };

        abstract String exchange(OriginTls tls, int port) throws IOException;

        private static Socket connect(int port) throws IOException {
            var socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            return socket;
        }

        private static String readLine(InputStream in) throws IOException {
            var line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("origin closed before a line: " + line);
                }
                line.append((char) c);
            }
            return line.toString();
        }
    }

    /** Drives a client {@link SSLEngine} over a blocking socket: handshake, then read one line. */
    static final class EnginePump {
        private final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        private ByteBuffer netIn; // write mode: bytes read from the socket, not yet unwrapped
        private ByteBuffer appIn; // write mode: plaintext unwrapped, not yet consumed
        private final ByteBuffer netOut;

        EnginePump(SSLEngine engine, Socket socket) throws IOException {
            this.engine = engine;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            var session = engine.getSession();
            this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
            this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
            this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        }

        void handshake() throws IOException {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> wrap();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap();
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        return;
                    }
                }
            }
        }

        String readLine() throws IOException {
            while (true) {
                var text = new String(appIn.array(), 0, appIn.position(), StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                if (end >= 0) {
                    return text.substring(0, end);
                }
                if (engine.isInboundDone()) {
                    throw new EOFException("origin closed before a line: " + text);
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> wrap();
                    case NEED_TASK -> runTasks();
                    default -> unwrap();
                }
            }
        }

        private void wrap() throws IOException {
            netOut.clear();
            var result = engine.wrap(ByteBuffer.allocate(0), netOut);
            netOut.flip();
            out.write(netOut.array(), 0, netOut.limit());
            out.flush();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && !engine.isOutboundDone()) {
                throw new EOFException("engine closed while wrapping");
            }
        }

        private void unwrap() throws IOException {
            while (true) {
                netIn.flip();
                var result = engine.unwrap(netIn, appIn);
                netIn.compact();
                switch (result.getStatus()) {
                    case OK, CLOSED -> {
                        return;
                    }
                    case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    case BUFFER_UNDERFLOW -> {
                        if (!netIn.hasRemaining()) {
                            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                        }
                        int read = in.read(netIn.array(), netIn.position(), netIn.remaining());
                        if (read < 0) {
                            engine.closeInbound(); // throws: the origin closed without close_notify
                            throw new EOFException("origin closed the connection");
                        }
                        netIn.position(netIn.position() + read);
                    }
                }
            }
        }

        private void runTasks() {
            for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                task.run();
            }
        }

        private static ByteBuffer grow(ByteBuffer buffer, int size) {
            var bigger = ByteBuffer.allocate(buffer.capacity() + size);
            buffer.flip();
            bigger.put(buffer);
            return bigger;
        }
    }

    /**
     * A TLS origin on 127.0.0.1: per connection it completes the handshake, records what it saw,
     * writes {@code ok\n} and closes. Handshake failures are recorded too.
     */
    static final class Origin implements AutoCloseable {
        /** What one connection showed the origin; {@code failure} is set when its handshake failed. */
        record Seen(List<String> sni, @Nullable X509Certificate clientCertificate, @Nullable String protocol,
                @Nullable String cipherSuite, @Nullable Exception failure) {}

        private final SSLServerSocket socket;
        private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        private Origin(SSLServerSocket socket) {
            this.socket = socket;
            Thread.ofVirtual().name("tls-origin-" + socket.getLocalPort()).start(this::serve);
        }

        static Origin start(SSLContext context) {
            return start(context, socket -> {});
        }

        /** Starts an origin after {@code tune} restricted its server socket (protocols, suites, client auth). */
        static Origin start(SSLContext context, Consumer<SSLServerSocket> tune) {
            try {
                var socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
                tune.accept(socket);
                return new Origin(socket);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        /** What the next connection showed, waiting up to 10 s for it. */
        Seen next() {
            try {
                var next = seen.poll(10, TimeUnit.SECONDS);
                assertThat(next).as("a connection to the origin").isNotNull();
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    var connection = (SSLSocket) socket.accept();
                    Thread.ofVirtual().start(() -> handle(connection));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void handle(SSLSocket connection) {
            try (connection) {
                connection.setSoTimeout(10_000);
                connection.startHandshake();
                var session = (ExtendedSSLSession) connection.getSession();
                var names = session.getRequestedServerNames().stream()
                        .map(name -> name instanceof SNIHostName host ? host.getAsciiName() : name.toString()).toList();
                X509Certificate client = null;
                try {
                    client = (X509Certificate) session.getPeerCertificates()[0];
                } catch (SSLPeerUnverifiedException e) {
                    // no client certificate
                }
                seen.add(new Seen(names, client, session.getProtocol(), session.getCipherSuite(), null));
                connection.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().flush();
            } catch (IOException e) {
                seen.add(new Seen(List.of(), null, null, null, e));
            }
        }
    }
}
