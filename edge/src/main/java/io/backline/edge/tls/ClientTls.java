package io.backline.edge.tls;

import io.backline.edge.EdgeException;
import io.backline.edge.ServedCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The client TLS listener's certificates, chosen by SNI (docs/edge-tls.md, "Client TLS"). Each
 * {@link #update} builds one {@link SslContext} per certificate (a certificate unchanged since the
 * last set keeps its context) and publishes a new name index at once; handshakes read the index
 * current when they start, so a renewal reaches new connections while open ones keep theirs.
 *
 * <p>OpenSSL (BoringSSL, from netty-tcnative) when it loads, the JDK's TLS otherwise. Both offer TLS
 * 1.3 and 1.2 only, ECDHE with AEAD ciphers only, and ALPN {@code h2} then {@code http/1.1}.
 * Session tickets: with OpenSSL the keys are this class's, rotated by {@link #rotateTicketKeys()}
 * (the previous key still decrypts, so a ticket lives up to two rotations); the JDK rotates its own.
 *
 * <p>Thread-safe: {@link #update} and {@link #rotateTicketKeys()} from any thread (they are not for an
 * event loop: they parse PEM), {@link #find} from the event loops.
 */
public final class ClientTls {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.tls");

    /** TLS 1.3's suites, then ECDHE with AEAD for TLS 1.2: forward secrecy and no CBC, as Mozilla's "intermediate" profile. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private final SslProvider provider;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<Index> index = new AtomicReference<>(Index.EMPTY);
    /** Guards {@link #ticketKeys} and the contexts' keys: an update and a rotation must not interleave. */
    private final Object keysLock = new Object();
    private OpenSslSessionTicketKey[] ticketKeys;
    /** Contexts the last update dropped, released at the next one ({@link #retire}); guarded by {@link #keysLock}. */
    private List<SslContext> retired = List.of();

    private ClientTls(SslProvider provider) {
        this.provider = provider;
        this.ticketKeys = new OpenSslSessionTicketKey[] {newTicketKey()};
    }

    /** OpenSSL when netty-tcnative loads (with ALPN), the JDK otherwise. */
    public static ClientTls detect() {
        boolean openSsl = OpenSsl.isAvailable() && OpenSsl.isAlpnSupported();
        if (!openSsl) {
            var cause = OpenSsl.unavailabilityCause();
            LOG.log(System.Logger.Level.DEBUG, () -> "client TLS: OpenSSL unavailable, using the JDK's TLS: " + cause);
        }
        // OPENSSL_REFCNT, not OPENSSL: the plain OpenSSL engine frees its native state in a finalizer,
        // so every connection's engine outlived a collection and waited for the finalizer thread (the
        // handshake bench: 745 engines pending after 3,000 handshakes). The reference-counted one is
        // freed by its SslHandler when the connection closes.
        return new ClientTls(openSsl ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK);
    }

    /** With the JDK's TLS whatever is installed: for tests of the fallback. */
    public static ClientTls jdk() {
        return new ClientTls(SslProvider.JDK);
    }

    /** {@code openssl (BoringSSL)} or {@code jdk}: the start-up line's words. */
    public String provider() {
        return provider == SslProvider.JDK ? "jdk" : "openssl (" + OpenSsl.versionString() + ")";
    }

    /**
     * Replaces the certificates presented from the next handshake on. A certificate that cannot be
     * used (unreadable PEM, a key that does not match) is left out and logged; the others serve.
     */
    public void update(List<ServedCertificate> certificates) {
        var previous = index.get();
        var built = new HashMap<Material, SslContext>();
        var exact = new HashMap<String, SslContext>();
        var wildcard = new HashMap<String, SslContext>();
        for (var certificate : certificates) {
            var material = new Material(certificate.certificateChainPem(), certificate.privateKeyPem());
            var context = previous.contexts().get(material);
            if (context == null) {
                try {
                    context = build(certificate);
                } catch (EdgeException | SSLException | IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "client TLS: certificate " + certificate.id() + " left out: " + e.getMessage());
                    continue;
                }
            }
            built.put(material, context);
            for (var domain : certificate.domains()) {
                var name = normalise(domain);
                if (name.startsWith("*.")) {
                    wildcard.putIfAbsent(name.substring(2), context);
                } else {
                    exact.putIfAbsent(name, context);
                }
            }
        }
        index.set(new Index(Map.copyOf(built), Map.copyOf(exact), Map.copyOf(wildcard)));
        var dropped = new ArrayList<SslContext>();
        previous.contexts().forEach((material, context) -> {
            if (!built.containsKey(material)) {
                dropped.add(context);
            }
        });
        retire(dropped);
    }

    /**
     * Contexts no longer in the index are released one update (or one ticket rotation) later, not
     * at once: a handshake that read the previous index a moment ago may still be making its engine
     * from one. Each open connection's engine holds its own reference, so releasing ours never
     * affects a connection.
     */
    private void retire(List<SslContext> dropped) {
        List<SslContext> release;
        synchronized (keysLock) {
            release = retired;
            retired = List.copyOf(dropped);
        }
        release.forEach(ReferenceCountUtil::safeRelease);
    }

    /** Releases every context (the OpenSSL ones hold native memory); the listener must be closed first. */
    public void close() {
        var last = index.getAndSet(Index.EMPTY);
        retire(List.copyOf(last.contexts().values()));
        retire(List.of());
    }

    /**
     * The context for an SNI name: an exact activation first, then a wildcard ({@code *.example.com}
     * matches one label: {@code a.example.com}, not {@code a.b.example.com} nor {@code example.com}).
     * Null when no activation covers the name, or for no name at all.
     */
    public @Nullable SslContext find(@Nullable String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return null;
        }
        var current = index.get();
        var name = normalise(serverName);
        var found = current.exact().get(name);
        if (found != null) {
            return found;
        }
        int dot = name.indexOf('.');
        return dot <= 0 ? null : current.wildcard().get(name.substring(dot + 1));
    }

    /** A new key encrypts tickets from now on; the previous one still decrypts them; older ones are dropped. */
    public void rotateTicketKeys() {
        synchronized (keysLock) {
            ticketKeys = new OpenSslSessionTicketKey[] {newTicketKey(), ticketKeys[0]};
            for (var context : index.get().contexts().values()) {
                applyTicketKeys(context);
            }
        }
        retire(List.of()); // what the last update replaced is an hour old at most by now
    }

    private SslContext build(ServedCertificate certificate) throws SSLException {
        var field = "certificate " + certificate.id();
        List<X509Certificate> chain = PemKeys.certificates(field, certificate.certificateChainPem());
        var key = PemKeys.privateKey(field + " key", certificate.privateKeyPem());
        PemKeys.checkPair(field + " key", key, field, chain.getFirst());
        var context = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(ALPN)
                .build();
        synchronized (keysLock) {
            applyTicketKeys(context);
        }
        return context;
    }

    private void applyTicketKeys(SslContext context) {
        if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setTicketKeys(ticketKeys);
        }
    }

    private OpenSslSessionTicketKey newTicketKey() {
        var name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        var hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        var aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }

    private static String normalise(String name) {
        var lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** What a context is built from; its domains may change without a rebuild. */
    private record Material(String chainPem, String keyPem) {
        @Override
        public String toString() {
            return "Material[key hidden]"; // never print a key
        }
    }

    /** One certificate set: the contexts by certificate, and by exact name and wildcard parent. */
    private record Index(Map<Material, SslContext> contexts, Map<String, SslContext> exact, Map<String, SslContext> wildcard) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), Map.of());
    }
}
