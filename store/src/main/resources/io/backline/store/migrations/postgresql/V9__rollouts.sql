-- PostgreSQL's copy of ../sqlite/V9__rollouts.sql: the same tables, text COLLATE "C" as everywhere.
CREATE TABLE rollouts (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    service_id      TEXT COLLATE "C" NOT NULL,
    version         INTEGER NOT NULL,
    from_version    INTEGER NOT NULL,
    steps           TEXT COLLATE "C" NOT NULL,
    step_seconds    INTEGER NOT NULL,
    min_requests    BIGINT  NOT NULL,
    max_error_ratio TEXT COLLATE "C" NOT NULL,
    baseline_margin TEXT COLLATE "C" NOT NULL,
    step_index      INTEGER NOT NULL,
    step_started_at BIGINT  NOT NULL,
    state           TEXT COLLATE "C" NOT NULL,
    reason          TEXT COLLATE "C",
    started_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL
);
CREATE INDEX rollouts_by_service ON rollouts (service_id, seq);
CREATE INDEX rollouts_by_state ON rollouts (state);
CREATE TABLE rollout_evidence (
    rollout_id TEXT COLLATE "C" NOT NULL,
    step_index INTEGER NOT NULL,
    edge_id    TEXT COLLATE "C" NOT NULL,
    version    INTEGER NOT NULL,
    requests   BIGINT  NOT NULL,
    errors     BIGINT  NOT NULL,
    PRIMARY KEY (rollout_id, step_index, edge_id, version)
);
CREATE TABLE rollout_edges (
    rollout_id    TEXT COLLATE "C" NOT NULL,
    edge_id       TEXT COLLATE "C" NOT NULL,
    version       INTEGER NOT NULL,
    last_requests BIGINT  NOT NULL,
    last_errors   BIGINT  NOT NULL,
    PRIMARY KEY (rollout_id, edge_id, version)
);
