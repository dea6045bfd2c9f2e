-- Portable SQL: it runs on SQLite and PostgreSQL alike. Times are epoch seconds.
CREATE TABLE services (
    id          VARCHAR(64)  PRIMARY KEY,
    seq         BIGINT       NOT NULL,
    name        VARCHAR(255) NOT NULL,
    comment     TEXT         NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    customer_id VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX services_by_name ON services (name, seq);
CREATE INDEX services_by_seq ON services (seq);
CREATE TABLE versions (
    service_id  VARCHAR(64) NOT NULL,
    number      INTEGER     NOT NULL,
    comment     TEXT        NOT NULL,
    active      INTEGER     NOT NULL,
    locked      INTEGER     NOT NULL,
    staging     INTEGER     NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    PRIMARY KEY (service_id, number)
);
CREATE TABLE objects (
    service_id  VARCHAR(64)  NOT NULL,
    version     INTEGER      NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    position    BIGINT       NOT NULL,
    body        TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (service_id, version, kind, name)
);
CREATE INDEX objects_in_order ON objects (service_id, version, kind, position);
CREATE TABLE tokens (
    id          VARCHAR(32)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    hash        VARCHAR(64)  NOT NULL UNIQUE,
    scope       VARCHAR(64)  NOT NULL,
    services    TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
);
CREATE TABLE counters (
    name        VARCHAR(64) PRIMARY KEY,
    value       BIGINT      NOT NULL
);
