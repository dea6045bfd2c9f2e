-- PostgreSQL's copy of ../sqlite/V5__edge_staged.sql: the same table, text COLLATE "C" as everywhere.
CREATE TABLE edge_staged (
    edge_id    TEXT    COLLATE "C" NOT NULL,
    service_id TEXT    COLLATE "C" NOT NULL,
    version    INTEGER NOT NULL,
    acked_at   BIGINT  NOT NULL,
    seen_at    BIGINT  NOT NULL,
    PRIMARY KEY (edge_id, service_id)
);
CREATE INDEX edge_staged_by_service ON edge_staged (service_id);
CREATE UNIQUE INDEX versions_one_staged ON versions (service_id) WHERE staging = 1;
