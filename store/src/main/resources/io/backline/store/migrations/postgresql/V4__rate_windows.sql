-- PostgreSQL's copy of ../sqlite/V4__rate_windows.sql, text COLLATE "C" as everywhere.
CREATE TABLE rate_windows (
    token_id     VARCHAR(64) COLLATE "C" NOT NULL,
    window_start BIGINT      NOT NULL,
    used         BIGINT      NOT NULL,
    PRIMARY KEY (token_id, window_start)
);
CREATE INDEX rate_windows_by_start ON rate_windows (window_start);
DELETE FROM counters WHERE name LIKE 'ratelimit:%';
