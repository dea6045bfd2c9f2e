-- Staged rollouts (issue 19). V9, not V8: the TLS certificates, written at the same time, take V8.
-- One row per rollout; state, step_index and step_started_at move as it runs, by compare-and-set on
-- (id, step_index, state) so that of several API nodes one wins each transition. Ratios are kept as
-- text (their decimal form) so both databases give back exactly what was sent; times in milliseconds.
CREATE TABLE rollouts (
    id              TEXT    NOT NULL PRIMARY KEY,
    service_id      TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    from_version    INTEGER NOT NULL,
    steps           TEXT    NOT NULL,
    step_seconds    INTEGER NOT NULL,
    min_requests    BIGINT  NOT NULL,
    max_error_ratio TEXT    NOT NULL,
    baseline_margin TEXT    NOT NULL,
    step_index      INTEGER NOT NULL,
    step_started_at BIGINT  NOT NULL,
    state           TEXT    NOT NULL,
    reason          TEXT,
    started_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL
);
CREATE INDEX rollouts_by_service ON rollouts (service_id, seq);
CREATE INDEX rollouts_by_state ON rollouts (state);
-- What each edge counted for each version in each step: the sum of the increases of its cumulative reports.
CREATE TABLE rollout_evidence (
    rollout_id TEXT    NOT NULL,
    step_index INTEGER NOT NULL,
    edge_id    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    requests   BIGINT  NOT NULL,
    errors     BIGINT  NOT NULL,
    PRIMARY KEY (rollout_id, step_index, edge_id, version)
);
-- Each edge's last cumulative report per version: a report is counted by its increase over this one, so a
-- report sent twice counts once, and a report lower than this one means the edge restarted (counted whole).
CREATE TABLE rollout_edges (
    rollout_id    TEXT    NOT NULL,
    edge_id       TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    last_requests BIGINT  NOT NULL,
    last_errors   BIGINT  NOT NULL,
    PRIMARY KEY (rollout_id, edge_id, version)
);
