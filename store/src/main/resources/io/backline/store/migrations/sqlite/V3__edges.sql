-- What each edge node reports serving, per service: the version and when it first reported it
-- (acked_at), and its latest report (seen_at). Written by any API node an edge syncs with.
CREATE TABLE edge_services (
    edge_id    TEXT    NOT NULL,
    service_id TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    acked_at   BIGINT  NOT NULL,
    seen_at    BIGINT  NOT NULL,
    PRIMARY KEY (edge_id, service_id)
);
CREATE INDEX edge_services_by_service ON edge_services (service_id);
