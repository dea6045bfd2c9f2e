-- PostgreSQL's copy of ../sqlite/V1__init.sql: the same tables, columns and types. Every text column is
-- COLLATE "C" so that names compare and sort by their bytes (UTF-8, so by code point) as they do in
-- SQLite, whatever the database's default collation, and LOWER folds ASCII letters only, as
-- SQLite's does. Times are epoch seconds.
CREATE TABLE services (
    id          VARCHAR(64)  COLLATE "C" PRIMARY KEY,
    seq         BIGINT       NOT NULL,
    name        VARCHAR(255) COLLATE "C" NOT NULL,
    comment     TEXT         COLLATE "C" NOT NULL,
    type        VARCHAR(16)  COLLATE "C" NOT NULL,
    customer_id VARCHAR(64)  COLLATE "C" NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX services_by_name ON services (name, seq);
CREATE INDEX services_by_seq ON services (seq);
CREATE TABLE versions (
    service_id  VARCHAR(64) COLLATE "C" NOT NULL,
    number      INTEGER     NOT NULL,
    comment     TEXT        COLLATE "C" NOT NULL,
    active      INTEGER     NOT NULL,
    locked      INTEGER     NOT NULL,
    staging     INTEGER     NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    PRIMARY KEY (service_id, number)
);
CREATE TABLE objects (
    service_id  VARCHAR(64)  COLLATE "C" NOT NULL,
    version     INTEGER      NOT NULL,
    kind        VARCHAR(32)  COLLATE "C" NOT NULL,
    name        VARCHAR(255) COLLATE "C" NOT NULL,
    position    BIGINT       NOT NULL,
    body        TEXT         COLLATE "C" NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (service_id, version, kind, name)
);
CREATE INDEX objects_in_order ON objects (service_id, version, kind, position);
CREATE TABLE tokens (
    id          VARCHAR(32)  COLLATE "C" PRIMARY KEY,
    name        VARCHAR(255) COLLATE "C" NOT NULL,
    hash        VARCHAR(64)  COLLATE "C" NOT NULL UNIQUE,
    scope       VARCHAR(64)  COLLATE "C" NOT NULL,
    services    TEXT         COLLATE "C" NOT NULL,
    created_at  BIGINT       NOT NULL
);
CREATE TABLE counters (
    name        VARCHAR(64) COLLATE "C" PRIMARY KEY,
    value       BIGINT      NOT NULL
);
