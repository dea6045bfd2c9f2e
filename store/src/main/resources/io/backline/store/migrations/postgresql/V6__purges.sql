-- PostgreSQL's copy of ../sqlite/V6__purges.sql: the same tables, text COLLATE "C" as everywhere.
CREATE TABLE purges (
    seq        BIGINT  NOT NULL PRIMARY KEY,
    service_id TEXT    COLLATE "C" NOT NULL,
    kind       TEXT    COLLATE "C" NOT NULL,
    keys       TEXT    COLLATE "C" NOT NULL,
    host       TEXT    COLLATE "C" NULL,
    path       TEXT    COLLATE "C" NULL,
    soft       INTEGER NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX purges_by_time ON purges (created_at);
CREATE TABLE edge_purges (
    edge_id    TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    purged     BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
);
