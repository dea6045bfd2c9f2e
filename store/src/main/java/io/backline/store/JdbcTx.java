package io.backline.store;

import io.backline.codec.StoredValues;
import io.backline.model.ConfigObject;
import io.backline.model.Schema;
import io.backline.model.Service;
import io.backline.model.ServiceId;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import io.backline.model.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link StoreTx} over one JDBC connection whose transaction the caller owns. The SQL is portable
 * (SQLite and PostgreSQL); every value is bound as a parameter, never spliced into the text. Text
 * comparisons and orders are byte-wise on both: SQLite's default, and the PostgreSQL schema gives
 * every text column {@code COLLATE "C"}.
 */
final class JdbcTx implements StoreTx {
    private static final String SERVICE_COLUMNS = "id, name, comment, type, customer_id, created_at, updated_at, deleted_at";
    private static final String VERSION_COLUMNS = "service_id, number, comment, active, locked, staging, created_at, updated_at";
    private static final String OBJECT_COLUMNS = "service_id, version, body, created_at, updated_at";

    /** The counter whose value is the last purge's sequence. */
    private static final String PURGE_SEQ = "purge_seq";

    private final StatementCache statements;
    private @Nullable SQLException firstFailure;

    JdbcTx(StatementCache statements) {
        this.statements = statements;
    }

    /**
     * The first statement failure of this transaction, even one the work caught: on PostgreSQL it
     * aborts the transaction, so it, not what the work threw afterwards, says whether to retry.
     */
    @Nullable SQLException firstFailure() {
        return firstFailure;
    }

    @Override
    public Optional<Service> service(ServiceId id) {
        return one("SELECT " + SERVICE_COLUMNS + " FROM services WHERE id = ?", JdbcTx::toService, id.value());
    }

    @Override
    public List<Service> services(ServicePage page) {
        var order = page.sort().column + (page.descending() ? " DESC" : " ASC") + ", seq ASC";
        return list("SELECT " + SERVICE_COLUMNS + " FROM services WHERE deleted_at IS NULL ORDER BY " + order
                        + " LIMIT ? OFFSET ?",
                JdbcTx::toService, page.perPage(), page.offset());
    }

    @Override
    public int countServices() {
        return one("SELECT COUNT(*) FROM services WHERE deleted_at IS NULL", rows -> rows.getInt(1)).orElse(0);
    }

    @Override
    public Optional<Service> serviceByName(String name) {
        return one("SELECT " + SERVICE_COLUMNS + " FROM services WHERE name = ? AND deleted_at IS NULL ORDER BY seq LIMIT 1",
                JdbcTx::toService, name);
    }

    @Override
    public void insertService(Service s) {
        update("INSERT INTO services (" + SERVICE_COLUMNS + ", seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id().value(), s.name(), s.comment(), s.type().wireName(), s.customerId(), seconds(s.createdAt()),
                seconds(s.updatedAt()), seconds(s.deletedAt()), nextCounter("service_seq"));
    }

    @Override
    public void updateService(Service s) {
        update("UPDATE services SET name = ?, comment = ?, updated_at = ?, deleted_at = ? WHERE id = ?",
                s.name(), s.comment(), seconds(s.updatedAt()), seconds(s.deletedAt()), s.id().value());
    }

    @Override
    public long nextCounter(String name) {
        // One atomic upsert: an update-then-insert lets two PostgreSQL transactions both miss the
        // row and collide on the insert, and it costs one statement more.
        return one("INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1"
                        + " RETURNING value",
                rows -> rows.getLong(1), name).orElseThrow();
    }

    private long counter(String name) {
        return one("SELECT value FROM counters WHERE name = ?", rows -> rows.getLong(1), name).orElse(0L);
    }

    @Override
    public List<Version> versions(ServiceId serviceId) {
        return list("SELECT " + VERSION_COLUMNS + " FROM versions WHERE service_id = ? ORDER BY number",
                JdbcTx::toVersion, serviceId.value());
    }

    @Override
    public Optional<Version> version(ServiceId serviceId, int number) {
        return one("SELECT " + VERSION_COLUMNS + " FROM versions WHERE service_id = ? AND number = ?",
                JdbcTx::toVersion, serviceId.value(), number);
    }

    @Override
    public Optional<Version> activeVersion(ServiceId serviceId) {
        return one("SELECT " + VERSION_COLUMNS + " FROM versions WHERE service_id = ? AND active = 1",
                JdbcTx::toVersion, serviceId.value());
    }

    @Override
    public Optional<VersionRef> versionRef(ServiceId serviceId, int number) {
        return one("SELECT v.service_id, v.number, v.comment, v.active, v.locked, v.staging, v.created_at, v.updated_at, v.objects_rev "
                        + "FROM versions v JOIN services s ON s.id = v.service_id "
                        + "WHERE v.service_id = ? AND v.number = ? AND s.deleted_at IS NULL",
                rows -> new VersionRef(toVersion(rows), rows.getLong("objects_rev")), serviceId.value(), number);
    }

    private void touchObjects(ServiceId serviceId, int version) {
        update("UPDATE versions SET objects_rev = objects_rev + 1 WHERE service_id = ? AND number = ?", serviceId.value(), version);
        // The staging listener serves a staged version as it is (staging does not lock, as on
        // Fastly), so an edit to one is a configuration change edges must hear of: one statement
        // that bumps the feed's revision only when the version is staged.
        update("UPDATE counters SET value = value + 1 WHERE name = 'revision' AND EXISTS "
                + "(SELECT 1 FROM versions WHERE service_id = ? AND number = ? AND staging = 1)", serviceId.value(), version);
    }

    @Override
    public List<Version> activeVersions() {
        return list("SELECT v.service_id, v.number, v.comment, v.active, v.locked, v.staging, v.created_at, v.updated_at "
                        + "FROM versions v JOIN services s ON s.id = v.service_id WHERE v.active = 1 AND s.deleted_at IS NULL ORDER BY s.seq",
                JdbcTx::toVersion);
    }

    @Override
    public Optional<Version> stagedVersion(ServiceId serviceId) {
        return one("SELECT " + VERSION_COLUMNS + " FROM versions WHERE service_id = ? AND staging = 1",
                JdbcTx::toVersion, serviceId.value());
    }

    @Override
    public List<VersionRef> stagedVersions() {
        return list("SELECT v.service_id, v.number, v.comment, v.active, v.locked, v.staging, v.created_at, v.updated_at, v.objects_rev "
                        + "FROM versions v JOIN services s ON s.id = v.service_id WHERE v.staging = 1 AND s.deleted_at IS NULL ORDER BY s.seq",
                rows -> new VersionRef(toVersion(rows), rows.getLong("objects_rev")));
    }

    @Override
    public int maxVersion(ServiceId serviceId) {
        return one("SELECT COALESCE(MAX(number), 0) FROM versions WHERE service_id = ?", rows -> rows.getInt(1),
                serviceId.value()).orElse(0);
    }

    @Override
    public void insertVersion(Version v) {
        update("INSERT INTO versions (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", v.serviceId().value(),
                v.number(), v.comment(), flag(v.active()), flag(v.locked()), flag(v.staging()), seconds(v.createdAt()),
                seconds(v.updatedAt()));
    }

    @Override
    public void updateVersion(Version v) {
        update("UPDATE versions SET comment = ?, active = ?, locked = ?, staging = ?, updated_at = ? WHERE service_id = ? AND number = ?",
                v.comment(), flag(v.active()), flag(v.locked()), flag(v.staging()), seconds(v.updatedAt()),
                v.serviceId().value(), v.number());
    }

    @Override
    public List<ConfigObject> objects(ServiceId serviceId, int version, Schema schema) {
        return list("SELECT " + OBJECT_COLUMNS + " FROM objects WHERE service_id = ? AND version = ? AND kind = ? ORDER BY position",
                rows -> toObject(rows, schema), serviceId.value(), version, schema.kind());
    }

    @Override
    public Optional<ConfigObject> object(ServiceId serviceId, int version, Schema schema, String name) {
        return one("SELECT " + OBJECT_COLUMNS + " FROM objects WHERE service_id = ? AND version = ? AND kind = ? AND name = ?",
                rows -> toObject(rows, schema), serviceId.value(), version, schema.kind(), name);
    }

    @Override
    public void insertObject(ConfigObject o) {
        long position = one("SELECT COALESCE(MAX(position), 0) + 1 FROM objects WHERE service_id = ? AND version = ? AND kind = ?",
                rows -> rows.getLong(1), o.serviceId().value(), o.version(), o.schema().kind()).orElse(1L);
        update("INSERT INTO objects (service_id, version, kind, name, position, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                o.serviceId().value(), o.version(), o.schema().kind(), o.name(), position, body(o.values()),
                seconds(o.createdAt()), seconds(o.updatedAt()));
        touchObjects(o.serviceId(), o.version());
    }

    @Override
    public void updateObject(String oldName, ConfigObject o) {
        update("UPDATE objects SET name = ?, body = ?, updated_at = ? WHERE service_id = ? AND version = ? AND kind = ? AND name = ?",
                o.name(), body(o.values()), seconds(o.updatedAt()), o.serviceId().value(), o.version(),
                o.schema().kind(), oldName);
        touchObjects(o.serviceId(), o.version());
    }

    @Override
    public void deleteObject(ServiceId serviceId, int version, Schema schema, String name) {
        update("DELETE FROM objects WHERE service_id = ? AND version = ? AND kind = ? AND name = ?", serviceId.value(),
                version, schema.kind(), name);
        touchObjects(serviceId, version);
    }

    @Override
    public int copyObjects(ServiceId serviceId, int from, int to) {
        // One statement: the copy is as atomic as the transaction around it, and fast for thousands.
        int copied = update("INSERT INTO objects (service_id, version, kind, name, position, body, created_at, updated_at) "
                        + "SELECT service_id, CAST(? AS INTEGER), kind, name, position, body, created_at, updated_at"
                        + " FROM objects WHERE service_id = ? AND version = ?",
                to, serviceId.value(), from);
        touchObjects(serviceId, to);
        return copied;
    }

    @Override
    public List<ServiceId> activeServicesWithDomain(String name) {
        return list("SELECT o.service_id FROM objects o JOIN versions v ON v.service_id = o.service_id AND v.number = o.version "
                        + "WHERE o.kind = 'domain' AND LOWER(o.name) = ? AND v.active = 1",
                rows -> new ServiceId(rows.getString(1)), asciiLowerCase(name));
    }

    /**
     * Lower case as both databases' {@code LOWER} does it on the stored names (ASCII letters only,
     * SQLite's rule and PostgreSQL's under {@code COLLATE "C"}), and as DNS compares names. Done
     * here because PostgreSQL would lower a parameter by the database's default collation.
     */
    static String asciiLowerCase(String text) {
        var chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    @Override
    public void insertToken(Token t) {
        update("INSERT INTO tokens (id, name, hash, scope, services, created_at) VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.name(),
                t.hash(), t.scope(), String.join(",", t.services()), seconds(t.createdAt()));
    }

    @Override
    public Optional<Token> tokenByHash(String hash) {
        return one("SELECT id, name, hash, scope, services, created_at FROM tokens WHERE hash = ?", JdbcTx::toToken, hash);
    }

    @Override
    public List<Token> tokens() {
        return list("SELECT id, name, hash, scope, services, created_at FROM tokens ORDER BY created_at, id", JdbcTx::toToken);
    }

    @Override
    public boolean deleteToken(String id) {
        return update("DELETE FROM tokens WHERE id = ?", id) > 0;
    }

    @Override
    public long revision() {
        return counter("revision");
    }

    @Override
    public void bumpRevision() {
        nextCounter("revision");
    }

    @Override
    public void recordEdge(String edgeId, Map<String, Integer> serving, Instant at) {
        record("edge_services", edgeId, serving, at);
    }

    @Override
    public void recordStagedEdge(String edgeId, Map<String, Integer> staged, Instant at) {
        record("edge_staged", edgeId, staged, at);
    }

    /** {@code table} is one of two constants above, never input. */
    private void record(String table, String edgeId, Map<String, Integer> serving, Instant at) {
        long now = at.getEpochSecond();
        for (var entry : serving.entrySet()) {
            // One upsert per service, atomic on both databases: an update-then-insert lets two
            // reports of one edge (to two API nodes) both miss the row and collide on the insert.
            // An unchanged version keeps the time it was first acknowledged; a new one starts its own.
            update("INSERT INTO " + table + " (edge_id, service_id, version, acked_at, seen_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (edge_id, service_id) DO UPDATE SET "
                    + "acked_at = CASE WHEN " + table + ".version = excluded.version THEN " + table + ".acked_at ELSE excluded.acked_at END, "
                    + "version = excluded.version, seen_at = excluded.seen_at",
                    edgeId, entry.getKey(), entry.getValue(), now, now);
        }
        update("DELETE FROM " + table + " WHERE edge_id = ? AND seen_at < ?", edgeId, now);
    }

    @Override
    public void recordEdgePop(String edgeId, String pop, @Nullable String address, Instant at) {
        update("INSERT INTO edge_pops (edge_id, pop, address, seen_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (edge_id) DO UPDATE SET pop = excluded.pop, address = excluded.address, seen_at = excluded.seen_at",
                edgeId, pop, address, at.getEpochSecond());
    }

    @Override
    public List<EdgePop> edgePops(Instant since) {
        return list("SELECT edge_id, pop, address, seen_at FROM edge_pops WHERE seen_at >= ? ORDER BY edge_id",
                rows -> new EdgePop(rows.getString(1), rows.getString(2), rows.getString(3), Instant.ofEpochSecond(rows.getLong(4))),
                since.getEpochSecond());
    }

    @Override
    public long chargeWindow(String key, long windowStart) {
        return one("INSERT INTO rate_windows (token_id, window_start, used) VALUES (?, ?, 1) "
                        + "ON CONFLICT (token_id, window_start) DO UPDATE SET used = rate_windows.used + 1 RETURNING used",
                rows -> rows.getLong(1), key, windowStart).orElseThrow();
    }

    @Override
    public int pruneWindows(long before) {
        return update("DELETE FROM rate_windows WHERE window_start < ?", before);
    }

    @Override
    public PurgeRecord logPurge(PurgeRecord purge) {
        var logged = purge.withSeq(nextCounter(PURGE_SEQ));
        update("INSERT INTO purges (seq, service_id, kind, keys, host, path, soft, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                logged.seq(), logged.serviceId(), logged.kind().wire(), String.join(" ", logged.keys()), logged.host(), logged.path(),
                flag(logged.soft()), logged.at().getEpochSecond());
        return logged;
    }

    @Override
    public List<PurgeRecord> purgesAfter(long seq, int limit) {
        return list("SELECT seq, service_id, kind, keys, host, path, soft, created_at FROM purges WHERE seq > ? ORDER BY seq LIMIT ?",
                JdbcTx::toPurge, seq, limit);
    }

    @Override
    public long lastPurge() {
        return counter(PURGE_SEQ);
    }

    @Override
    public int prunePurges(Instant before) {
        return update("DELETE FROM purges WHERE created_at < ?", before.getEpochSecond());
    }

    @Override
    public void recordEdgePurged(String edgeId, long purged, Instant at) {
        update("INSERT INTO edge_purges (edge_id, purged, seen_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (edge_id) DO UPDATE SET purged = excluded.purged, seen_at = excluded.seen_at",
                edgeId, purged, at.getEpochSecond());
    }

    @Override
    public Optional<Long> edgePurged(String edgeId) {
        return one("SELECT purged FROM edge_purges WHERE edge_id = ?", rows -> rows.getLong(1), edgeId);
    }

    @Override
    public List<EdgeReport> edges(ServiceId serviceId) {
        return reports("edge_services", serviceId);
    }

    @Override
    public List<EdgeReport> stagedEdges(ServiceId serviceId) {
        return reports("edge_staged", serviceId);
    }

    private List<EdgeReport> reports(String table, ServiceId serviceId) {
        return list("SELECT edge_id, service_id, version, acked_at, seen_at FROM " + table + " WHERE service_id = ? ORDER BY edge_id",
                rows -> new EdgeReport(rows.getString(1), rows.getString(2), rows.getInt(3), Instant.ofEpochSecond(rows.getLong(4)),
                        Instant.ofEpochSecond(rows.getLong(5))), serviceId.value());
    }

    private static final String TLS_KEY_COLUMNS = "id, name, key_type, key_length, public_key_sha1, sealed_key, created_at";
    private static final String TLS_CERTIFICATE_COLUMNS = "id, name, key_id, chain_pem, created_at, updated_at";

    @Override
    public List<TlsKeyRecord> tlsKeys() {
        return list("SELECT " + TLS_KEY_COLUMNS + " FROM tls_private_keys ORDER BY created_at, id", JdbcTx::toTlsKey);
    }

    @Override
    public Optional<TlsKeyRecord> tlsKey(String id) {
        return one("SELECT " + TLS_KEY_COLUMNS + " FROM tls_private_keys WHERE id = ?", JdbcTx::toTlsKey, id);
    }

    @Override
    public void insertTlsKey(TlsKeyRecord k) {
        update("INSERT INTO tls_private_keys (" + TLS_KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", k.id(), k.name(), k.keyType(),
                k.keyLength(), k.publicKeySha1(), k.sealedKey(), seconds(k.createdAt()));
        bumpRevision();
    }

    @Override
    public boolean deleteTlsKey(String id) {
        bumpRevision();
        return update("DELETE FROM tls_private_keys WHERE id = ?", id) > 0;
    }

    @Override
    public List<TlsCertificateRecord> tlsCertificates() {
        return list("SELECT " + TLS_CERTIFICATE_COLUMNS + " FROM tls_certificates ORDER BY created_at, id", JdbcTx::toTlsCertificate);
    }

    @Override
    public Optional<TlsCertificateRecord> tlsCertificate(String id) {
        return one("SELECT " + TLS_CERTIFICATE_COLUMNS + " FROM tls_certificates WHERE id = ?", JdbcTx::toTlsCertificate, id);
    }

    @Override
    public void insertTlsCertificate(TlsCertificateRecord c) {
        update("INSERT INTO tls_certificates (" + TLS_CERTIFICATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", c.id(), c.name(), c.keyId(),
                c.chainPem(), seconds(c.createdAt()), seconds(c.updatedAt()));
        bumpRevision();
    }

    @Override
    public void updateTlsCertificate(TlsCertificateRecord c) {
        update("UPDATE tls_certificates SET name = ?, key_id = ?, chain_pem = ?, updated_at = ? WHERE id = ?", c.name(), c.keyId(),
                c.chainPem(), seconds(c.updatedAt()), c.id());
        bumpRevision();
    }

    @Override
    public boolean deleteTlsCertificate(String id) {
        bumpRevision();
        return update("DELETE FROM tls_certificates WHERE id = ?", id) > 0;
    }

    @Override
    public List<TlsConfigurationRecord> tlsConfigurations() {
        return list("SELECT id, name, is_default, created_at, updated_at FROM tls_configurations ORDER BY created_at, id",
                rows -> new TlsConfigurationRecord(rows.getString(1), rows.getString(2), rows.getInt(3) != 0, instant(rows, "created_at"),
                        instant(rows, "updated_at")));
    }

    @Override
    public void updateTlsConfiguration(TlsConfigurationRecord c) {
        update("UPDATE tls_configurations SET name = ?, updated_at = ? WHERE id = ?", c.name(), seconds(c.updatedAt()), c.id());
        bumpRevision();
    }

    @Override
    public List<TlsActivationRecord> tlsActivations() {
        return list("SELECT id, certificate_id, configuration_id, domain, created_at FROM tls_activations ORDER BY created_at, id",
                rows -> new TlsActivationRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        instant(rows, "created_at")));
    }

    @Override
    public void insertTlsActivation(TlsActivationRecord a) {
        update("INSERT INTO tls_activations (id, certificate_id, configuration_id, domain, created_at) VALUES (?, ?, ?, ?, ?)", a.id(),
                a.certificateId(), a.configurationId(), a.domain(), seconds(a.createdAt()));
        bumpRevision();
    }

    @Override
    public void updateTlsActivation(TlsActivationRecord a) {
        update("UPDATE tls_activations SET certificate_id = ? WHERE id = ?", a.certificateId(), a.id());
        bumpRevision();
    }

    @Override
    public boolean deleteTlsActivation(String id) {
        bumpRevision();
        return update("DELETE FROM tls_activations WHERE id = ?", id) > 0;
    }

    private static TlsKeyRecord toTlsKey(ResultSet rows) throws SQLException {
        return new TlsKeyRecord(rows.getString("id"), rows.getString("name"), rows.getString("key_type"), rows.getInt("key_length"),
                rows.getString("public_key_sha1"), rows.getString("sealed_key"), instant(rows, "created_at"));
    }

    private static TlsCertificateRecord toTlsCertificate(ResultSet rows) throws SQLException {
        return new TlsCertificateRecord(rows.getString("id"), rows.getString("name"), rows.getString("key_id"), rows.getString("chain_pem"),
                instant(rows, "created_at"), instant(rows, "updated_at"));
    }

    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        var all = list(sql, mapper, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    private <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        try (var rows = prepare(sql, args).executeQuery()) {
            var result = new ArrayList<T>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private int update(String sql, @Nullable Object... args) {
        try {
            return prepare(sql, args).executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private PreparedStatement prepare(String sql, @Nullable Object... args) throws SQLException {
        var statement = statements.prepare(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    private StoreException failure(String sql, SQLException e) {
        if (firstFailure == null) {
            firstFailure = e;
        }
        // A lost connection before the commit means nothing was written: the database was unavailable.
        return new StoreException(Transaction.isConnectionFailure(e) ? StoreException.Reason.UNAVAILABLE : StoreException.Reason.FAILED,
                "store query failed: " + sql.substring(0, Math.min(60, sql.length())), e);
    }

    private static @Nullable Long seconds(@Nullable Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return Instant.ofEpochSecond(rows.getLong(column));
    }

    private static Service toService(ResultSet rows) throws SQLException {
        long deleted = rows.getLong("deleted_at");
        Instant deletedAt = rows.wasNull() ? null : Instant.ofEpochSecond(deleted);
        return new Service(new ServiceId(rows.getString("id")), rows.getString("name"), rows.getString("comment"),
                ServiceType.parse(rows.getString("type")), rows.getString("customer_id"), instant(rows, "created_at"),
                instant(rows, "updated_at"), deletedAt);
    }

    private static Version toVersion(ResultSet rows) throws SQLException {
        return new Version(new ServiceId(rows.getString("service_id")), rows.getInt("number"), rows.getString("comment"),
                rows.getInt("active") != 0, rows.getInt("locked") != 0, rows.getInt("staging") != 0,
                instant(rows, "created_at"), instant(rows, "updated_at"));
    }

    private static ConfigObject toObject(ResultSet rows, Schema schema) throws SQLException {
        return new ConfigObject(new ServiceId(rows.getString("service_id")), rows.getInt("version"),
                values(schema, rows.getString("body")), instant(rows, "created_at"), instant(rows, "updated_at"));
    }

    /** An object's values as its row keeps them: {@link StoredValues}, the form the edge feed carries too. */
    private static String body(Values values) {
        try {
            return StoredValues.write(values);
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot store " + values.schema().kind() + ": " + e.getMessage(), e);
        }
    }

    private static Values values(Schema schema, String body) {
        try {
            return StoredValues.read(schema, body);
        } catch (IllegalArgumentException e) {
            throw new StoreException("corrupt object body for " + schema.kind(), e);
        }
    }

    private static PurgeRecord toPurge(ResultSet rows) throws SQLException {
        var keys = rows.getString("keys");
        return new PurgeRecord(rows.getLong("seq"), rows.getString("service_id"), PurgeRecord.Kind.parse(rows.getString("kind")),
                keys.isEmpty() ? List.of() : Arrays.asList(keys.split(" ")), rows.getString("host"), rows.getString("path"),
                rows.getInt("soft") != 0, instant(rows, "created_at"));
    }

    private static Token toToken(ResultSet rows) throws SQLException {
        var services = rows.getString("services");
        return new Token(rows.getString("id"), rows.getString("name"), rows.getString("hash"), rows.getString("scope"),
                services.isEmpty() ? List.of() : Arrays.asList(services.split(",")), instant(rows, "created_at"));
    }
}
