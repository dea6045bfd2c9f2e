-- PostgreSQL's copy of ../sqlite/V3__edges.sql: the same table, text COLLATE "C" as everywhere.
CREATE TABLE edge_services (
    edge_id    TEXT    COLLATE "C" NOT NULL,
    service_id TEXT    COLLATE "C" NOT NULL,
    version    INTEGER NOT NULL,
    acked_at   BIGINT  NOT NULL,
    seen_at    BIGINT  NOT NULL,
    PRIMARY KEY (edge_id, service_id)
);
CREATE INDEX edge_services_by_service ON edge_services (service_id);
