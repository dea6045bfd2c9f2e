-- Each edge node's POP and the address edges of other POPs reach it at (shielding, issue 17), with
-- its latest report (seen_at): an edge not heard from for a while is not offered as a shield.
-- Per edge, not per service: an edge that serves nothing yet is a POP member all the same.
-- V7, not V6: the purge log, written at the same time, takes V6.
CREATE TABLE edge_pops (
    edge_id TEXT NOT NULL PRIMARY KEY,
    pop     TEXT NOT NULL,
    address TEXT,
    seen_at BIGINT  NOT NULL
);
