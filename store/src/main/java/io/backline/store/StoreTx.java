package io.backline.store;

import io.backline.model.ConfigObject;
import io.backline.model.Schema;
import io.backline.model.Service;
import io.backline.model.ServiceId;
import io.backline.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.util.Optional;

/** What one transaction can read and write. Deleted services stay readable until purged. */
public interface StoreTx {

    Optional<Service> service(ServiceId id);

    /** Live (not deleted) services, one page of them. */
    List<Service> services(ServicePage page);

    int countServices();

    /** The oldest live service with exactly this name. */
    Optional<Service> serviceByName(String name);

    void insertService(Service service);

    void updateService(Service service);

    /** The next value of a named counter, starting at 1 (e.g. for "Unnamed Service N"). */
    long nextCounter(String name);

    List<Version> versions(ServiceId serviceId);

    Optional<Version> version(ServiceId serviceId, int number);

    Optional<Version> activeVersion(ServiceId serviceId);

    /**
     * A version of a live service together with its objects' revision, in one query: the revision
     * changes with every object write in that version, so it keys caches of rendered objects.
     */
    Optional<VersionRef> versionRef(ServiceId serviceId, int number);

    /** The active version of every live service, ordered by service. */
    List<Version> activeVersions();

    /** The staged version of a service (the one whose {@code staging} flag is set), if any. */
    Optional<Version> stagedVersion(ServiceId serviceId);

    /**
     * The staged version of every live service, ordered by service, each with its objects' revision:
     * an edit to a staged version changes what the staging listener serves, and the revision tells
     * an edge that it did.
     */
    List<VersionRef> stagedVersions();

    int maxVersion(ServiceId serviceId);

    void insertVersion(Version version);

    void updateVersion(Version version);

    /** A version's objects of one kind, in creation order. */
    List<ConfigObject> objects(ServiceId serviceId, int version, Schema schema);

    Optional<ConfigObject> object(ServiceId serviceId, int version, Schema schema, String name);

    void insertObject(ConfigObject object);

    /** Replaces the object stored under {@code oldName} (the name may change), keeping its place. */
    void updateObject(String oldName, ConfigObject object);

    void deleteObject(ServiceId serviceId, int version, Schema schema, String name);

    /** Copies every object of version {@code from} into version {@code to}; returns how many. */
    int copyObjects(ServiceId serviceId, int from, int to);

    /** Services whose active version holds a domain of this name (compared case-insensitively). */
    List<ServiceId> activeServicesWithDomain(String name);

    void insertToken(Token token);

    Optional<Token> tokenByHash(String hash);

    List<Token> tokens();

    boolean deleteToken(String id);

    /**
     * A monotonic number bumped by every activation and deactivation, by staging and unstaging, and
     * by every object write in a staged version (the staging listener serves it as it is), for
     * change feeds.
     */
    long revision();

    void bumpRevision();

    /**
     * Records what an edge serves now: one version per service. A service whose version is
     * unchanged keeps its acknowledgement time; services it no longer reports are forgotten.
     */
    void recordEdge(String edgeId, Map<String, Integer> serving, Instant at);

    /**
     * Records what an edge serves on its staging listener: the staged version per service, kept
     * and forgotten as {@link #recordEdge} keeps and forgets the active ones.
     */
    void recordStagedEdge(String edgeId, Map<String, Integer> staged, Instant at);

    /**
     * Records an edge's POP and the address edges of other POPs reach it at (null when it has none),
     * heard from at {@code at}: one row per edge, replaced by each report (shielding).
     */
    void recordEdgePop(String edgeId, String pop, @Nullable String address, Instant at);

    /** The edges heard from at or after {@code since}, with their POPs, by edge id. */
    List<EdgePop> edgePops(Instant since);

    /**
     * Charges one use to {@code key}'s window that starts at {@code windowStart} (a token's clock
     * hour, for the write budget API nodes share) and answers the uses so far, this one included.
     */
    long chargeWindow(String key, long windowStart);

    /** Forgets every window that started before {@code before}; answers how many rows went. */
    int pruneWindows(long before);

    /**
     * Appends a purge to the purge log under the next purge sequence (a counter row, so that purges
     * commit in sequence order on either database) and answers it with that sequence.
     */
    PurgeRecord logPurge(PurgeRecord purge);

    /** The purges logged after {@code seq}, in order, at most {@code limit} of them. */
    List<PurgeRecord> purgesAfter(long seq, int limit);

    /** The sequence of the last purge ever logged (0 before any), pruned or not. */
    long lastPurge();

    /** Deletes the purges logged before {@code before}; answers how many rows went. */
    int prunePurges(Instant before);

    /** Records the last purge sequence an edge reported applying. */
    void recordEdgePurged(String edgeId, long purged, Instant at);

    /** The last purge sequence an edge reported applying, if it ever reported one. */
    Optional<Long> edgePurged(String edgeId);

    /** The edges that reported serving this service, by edge id. */
    List<EdgeReport> edges(ServiceId serviceId);

    /** The edges that reported serving a staged version of this service on their staging listener, by edge id. */
    List<EdgeReport> stagedEdges(ServiceId serviceId);

    /** Stored TLS private keys, oldest first (Fastly's custom TLS). */
    List<TlsKeyRecord> tlsKeys();

    Optional<TlsKeyRecord> tlsKey(String id);

    void insertTlsKey(TlsKeyRecord key);

    boolean deleteTlsKey(String id);

    /** Stored TLS certificates, oldest first. */
    List<TlsCertificateRecord> tlsCertificates();

    Optional<TlsCertificateRecord> tlsCertificate(String id);

    void insertTlsCertificate(TlsCertificateRecord certificate);

    /** Replaces the certificate's name, chain, key and update time (a renewal). */
    void updateTlsCertificate(TlsCertificateRecord certificate);

    boolean deleteTlsCertificate(String id);

    List<TlsConfigurationRecord> tlsConfigurations();

    void updateTlsConfiguration(TlsConfigurationRecord configuration);

    /** Every activation, oldest first. */
    List<TlsActivationRecord> tlsActivations();

    void insertTlsActivation(TlsActivationRecord activation);

    /** Moves an activation to another certificate. */
    void updateTlsActivation(TlsActivationRecord activation);

    boolean deleteTlsActivation(String id);
}
