-- What each edge node reports serving on its staging listener, per service: the staged version
-- (issue 13), beside edge_services' active one. Its own table, because a service can be staged
-- without an active version and edge_services.version is NOT NULL.
CREATE TABLE edge_staged (
    edge_id    TEXT    NOT NULL,
    service_id TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    acked_at   BIGINT  NOT NULL,
    seen_at    BIGINT  NOT NULL,
    PRIMARY KEY (edge_id, service_id)
);
CREATE INDEX edge_staged_by_service ON edge_staged (service_id);
-- At most one staged version per service (Fastly's staging environment holds one): the store's
-- stage operation clears the previous one, and this index refuses a second that slipped past it.
CREATE UNIQUE INDEX versions_one_staged ON versions (service_id) WHERE staging = 1;
