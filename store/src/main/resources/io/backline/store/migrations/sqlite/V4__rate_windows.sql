-- The writes each token made per clock hour (window_start, epoch seconds), for the write budget
-- that API nodes on one database share. A row per token and hour, deleted once its hour is over:
-- counters named ratelimit:TOKEN:HOUR (before V4) were never deleted, so they go too.
CREATE TABLE rate_windows (
    token_id     VARCHAR(64) NOT NULL,
    window_start BIGINT      NOT NULL,
    used         BIGINT      NOT NULL,
    PRIMARY KEY (token_id, window_start)
);
CREATE INDEX rate_windows_by_start ON rate_windows (window_start);
DELETE FROM counters WHERE name LIKE 'ratelimit:%';
