package io.backline.api;

import io.backline.model.ConfigException;
import io.backline.store.ConfigStore;
import io.backline.store.StoreTx;
import io.backline.store.TlsActivationRecord;
import io.backline.store.TlsCertificateRecord;
import io.backline.store.TlsConfigurationRecord;
import io.backline.store.TlsKeyRecord;
import io.backline.wire.EdgeFeedCertificates;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's custom TLS: private keys (kept sealed by {@link TlsSealer}), certificates matched to a
 * stored key, the default configuration, and activations of a certificate for one of its names.
 * Every write goes through the store, which bumps the revision edges follow; {@link #served}
 * answers what edges present.
 */
final class TlsService {
    private static final System.Logger LOG = System.getLogger(TlsService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final ConfigStore store;
    private final TlsSealer sealer;
    private final Clock clock;
    /** The last answer of {@link #served}: read by every edge's feed round, it changes only with the revision. */
    private volatile @Nullable Served lastServed;

    TlsService(ConfigStore store, TlsSealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** A Fastly-like id: 22 random letters and digits. */
    static String newId() {
        var chars = new char[22];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return new String(chars);
    }

    // --- private keys ---

    TlsKeyRecord createKey(String name, String pem) {
        var key = TlsPem.key("key", pem);
        var id = newId();
        var record = new TlsKeyRecord(id, name, key.keyType(), key.keyLength(), key.publicKeySha1(), sealer.seal(id, key.pkcs8Pem()),
                clock.instant());
        return store.write(tx -> {
            if (tx.tlsKeys().stream().anyMatch(k -> k.publicKeySha1().equals(key.publicKeySha1()))) {
                throw ConfigException.duplicate("key: this private key is already stored (expected: a key not uploaded before)");
            }
            tx.insertTlsKey(record);
            return record;
        });
    }

    List<TlsKeyRecord> keys() {
        return store.read(StoreTx::tlsKeys);
    }

    /** Keys no certificate uses ({@code filter[in_use]=false}) or only used ones. */
    List<TlsKeyRecord> keys(boolean inUse) {
        return store.read(tx -> {
            var used = tx.tlsCertificates().stream().map(TlsCertificateRecord::keyId).toList();
            return tx.tlsKeys().stream().filter(k -> used.contains(k.id()) == inUse).toList();
        });
    }

    TlsKeyRecord key(String id) {
        return store.read(tx -> tx.tlsKey(id)).orElseThrow(() -> notFound("private key", id));
    }

    void deleteKey(String id) {
        store.write(tx -> {
            if (tx.tlsKey(id).isEmpty()) {
                throw notFound("private key", id);
            }
            var users = tx.tlsCertificates().stream().filter(c -> c.keyId().equals(id)).map(TlsCertificateRecord::id).toList();
            if (!users.isEmpty()) {
                throw new ApiException(ApiException.Kind.CONFLICT, "private key " + id + ": in use by certificate " + String.join(", ", users)
                        + " (expected: a key no certificate uses; delete or renew those certificates first)");
            }
            return tx.deleteTlsKey(id);
        });
    }

    // --- certificates ---

    TlsCertificateRecord createCertificate(String name, String blob) {
        var chain = TlsPem.chain("cert_blob", blob);
        var now = clock.instant();
        return store.write(tx -> {
            var key = matchingKey(tx, chain);
            var record = new TlsCertificateRecord(newId(), name.isEmpty() ? chain.issuedTo() : name, key.id(), TlsPem.pem(chain.certificates()),
                    now, now);
            tx.insertTlsCertificate(record);
            return record;
        });
    }

    /**
     * A renewal: the new chain (for the same key or another stored one) replaces the old, and
     * activations of names the new certificate no longer carries end, as on Fastly.
     */
    TlsCertificateRecord updateCertificate(String id, @Nullable String name, String blob) {
        var chain = TlsPem.chain("cert_blob", blob);
        var now = clock.instant();
        return store.write(tx -> {
            var old = tx.tlsCertificate(id).orElseThrow(() -> notFound("certificate", id));
            var key = matchingKey(tx, chain);
            var record = new TlsCertificateRecord(id, name == null || name.isEmpty() ? old.name() : name, key.id(),
                    TlsPem.pem(chain.certificates()), old.createdAt(), now);
            tx.updateTlsCertificate(record);
            for (var activation : tx.tlsActivations()) {
                if (activation.certificateId().equals(id) && !covers(chain.domains(), activation.domain())) {
                    tx.deleteTlsActivation(activation.id());
                }
            }
            return record;
        });
    }

    List<TlsCertificateRecord> certificates() {
        return store.read(StoreTx::tlsCertificates);
    }

    TlsCertificateRecord certificate(String id) {
        return store.read(tx -> tx.tlsCertificate(id)).orElseThrow(() -> notFound("certificate", id));
    }

    /** Deletes the certificate and its activations: TLS ends for the names it served, as Fastly says. */
    void deleteCertificate(String id) {
        store.write(tx -> {
            if (tx.tlsCertificate(id).isEmpty()) {
                throw notFound("certificate", id);
            }
            for (var activation : tx.tlsActivations()) {
                if (activation.certificateId().equals(id)) {
                    tx.deleteTlsActivation(activation.id());
                }
            }
            return tx.deleteTlsCertificate(id);
        });
    }

    private static TlsKeyRecord matchingKey(StoreTx tx, TlsPem.Chain chain) {
        return tx.tlsKeys().stream().filter(k -> k.publicKeySha1().equals(chain.publicKeySha1())).findFirst()
                .orElseThrow(() -> ConfigException.invalid("cert_blob: a certificate whose public key (SHA-1 " + chain.publicKeySha1()
                        + ") matches no stored private key (expected: upload its private key first with POST /tls/private_keys)"));
    }

    // --- configurations ---

    List<TlsConfigurationRecord> configurations() {
        return store.read(StoreTx::tlsConfigurations);
    }

    TlsConfigurationRecord configuration(String id) {
        return configurations().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> notFound("configuration", id));
    }

    TlsConfigurationRecord renameConfiguration(String id, String name) {
        return store.write(tx -> {
            var old = tx.tlsConfigurations().stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> notFound("configuration", id));
            var renamed = new TlsConfigurationRecord(id, name, old.isDefault(), old.createdAt(), clock.instant());
            tx.updateTlsConfiguration(renamed);
            return renamed;
        });
    }

    // --- activations ---

    TlsActivationRecord activate(String certificateId, @Nullable String configurationId, String domain) {
        var name = domain.toLowerCase(java.util.Locale.ROOT);
        var now = clock.instant();
        return store.write(tx -> {
            var certificate = tx.tlsCertificate(certificateId).orElseThrow(() -> notFound("certificate", certificateId));
            var configurations = tx.tlsConfigurations();
            var configuration = configurationId == null
                    ? configurations.stream().filter(TlsConfigurationRecord::isDefault).findFirst().orElseThrow()
                    : configurations.stream().filter(c -> c.id().equals(configurationId)).findFirst()
                            .orElseThrow(() -> notFound("configuration", configurationId));
            requireCovered(certificate, name);
            if (tx.tlsActivations().stream().anyMatch(a -> a.domain().equals(name))) {
                throw ConfigException.duplicate("tls_domain: " + name + " is already activated (expected: a domain without an activation;"
                        + " PATCH that activation to change its certificate)");
            }
            var record = new TlsActivationRecord(newId(), certificate.id(), configuration.id(), name, now);
            tx.insertTlsActivation(record);
            return record;
        });
    }

    TlsActivationRecord moveActivation(String id, String certificateId) {
        return store.write(tx -> {
            var old = tx.tlsActivations().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> notFound("activation", id));
            var certificate = tx.tlsCertificate(certificateId).orElseThrow(() -> notFound("certificate", certificateId));
            requireCovered(certificate, old.domain());
            var moved = new TlsActivationRecord(id, certificate.id(), old.configurationId(), old.domain(), old.createdAt());
            tx.updateTlsActivation(moved);
            return moved;
        });
    }

    List<TlsActivationRecord> activations() {
        return store.read(StoreTx::tlsActivations);
    }

    TlsActivationRecord activation(String id) {
        return activations().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> notFound("activation", id));
    }

    void deactivate(String id) {
        store.write(tx -> {
            if (!tx.deleteTlsActivation(id)) {
                throw notFound("activation", id);
            }
            return null;
        });
    }

    private static void requireCovered(TlsCertificateRecord certificate, String domain) {
        var names = TlsPem.chain("cert_blob", certificate.chainPem()).domains();
        if (!covers(names, domain)) {
            throw ConfigException.invalid("tls_domain: " + domain + " is not a name of certificate " + certificate.id() + " (expected: one of "
                    + names + ", or a name one of its wildcards covers)");
        }
    }

    /** Whether a certificate with these names serves {@code domain}: exactly, or by a wildcard for one label. */
    static boolean covers(List<String> names, String domain) {
        for (var name : names) {
            if (name.equals(domain)) {
                return true;
            }
            int dot = domain.indexOf('.');
            if (name.startsWith("*.") && dot > 0 && !domain.startsWith("*") && domain.substring(dot + 1).equals(name.substring(2))) {
                return true;
            }
        }
        return false;
    }

    // --- what edges present ---

    /**
     * Every certificate with at least one activation: its chain, its key opened, its activated
     * domains. Read in one transaction.
     */
    List<EdgeFeedCertificates.Certificate> served() {
        return store.read(tx -> {
            // Every TLS write moves the revision, so an unmoved one means the same answer: each edge's feed
            // round and serve's reload then opens no key again (and a node without the key logs once, not each round).
            long revision = tx.revision();
            var last = lastServed;
            if (last != null && last.revision() == revision) {
                return last.certificates();
            }
            var served = openServed(tx);
            lastServed = new Served(revision, served);
            return served;
        });
    }

    /** What {@link #served} answered, and at which revision. */
    private record Served(long revision, List<EdgeFeedCertificates.Certificate> certificates) {}

    private List<EdgeFeedCertificates.Certificate> openServed(StoreTx tx) {
        var domains = new LinkedHashMap<String, List<String>>();
        for (var activation : tx.tlsActivations()) {
            domains.computeIfAbsent(activation.certificateId(), id -> new ArrayList<>()).add(activation.domain());
        }
        var served = new ArrayList<EdgeFeedCertificates.Certificate>();
        for (Map.Entry<String, List<String>> entry : domains.entrySet()) {
            Optional<TlsCertificateRecord> certificate = tx.tlsCertificate(entry.getKey());
            var key = certificate.flatMap(c -> tx.tlsKey(c.keyId()));
            if (certificate.isPresent() && key.isPresent()) {
                String opened;
                try {
                    opened = sealer.open(key.get().id(), key.get().sealedKey());
                } catch (IllegalStateException e) {
                    // A node without the key (or with another one) cannot serve it; the others still go out.
                    LOG.log(System.Logger.Level.ERROR, "TLS certificate " + certificate.get().id() + " not served: " + e.getMessage());
                    continue;
                }
                served.add(new EdgeFeedCertificates.Certificate(certificate.get().id(), certificate.get().chainPem(), opened,
                        List.copyOf(entry.getValue())));
            }
        }
        return List.copyOf(served);
    }

    private static ConfigException notFound(String what, String id) {
        return ConfigException.notFound("Record not found: " + what + " " + id);
    }
}
