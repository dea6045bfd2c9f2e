-- The purge log (issue 17): every purge the API accepted, in the order edge nodes apply it. seq comes
-- from the counter 'purge_seq', taken in the purge's transaction, so that a higher seq never commits
-- before a lower one and an edge that has applied seq N never skips a purge by asking for those after N.
-- Rows older than the retention (PurgeService.RETENTION in the api module) are deleted by later purges; an
-- edge that asks for purges after a pruned one empties its cache instead (docs/cache.md, Purge).
CREATE TABLE purges (
    seq        BIGINT  NOT NULL PRIMARY KEY,
    service_id TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    keys       TEXT    NOT NULL,
    host       TEXT    NULL,
    path       TEXT    NULL,
    soft       INTEGER NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX purges_by_time ON purges (created_at);
-- The last purge sequence each edge node reported applying, for GET /service/{id}/edges.
CREATE TABLE edge_purges (
    edge_id    TEXT   NOT NULL PRIMARY KEY,
    purged     BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
);
