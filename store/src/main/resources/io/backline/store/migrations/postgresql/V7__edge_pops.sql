-- PostgreSQL's copy of ../sqlite/V7__edge_pops.sql: the same table, text COLLATE "C" as everywhere.
CREATE TABLE edge_pops (
    edge_id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    pop     TEXT COLLATE "C" NOT NULL,
    address TEXT COLLATE "C",
    seen_at BIGINT  NOT NULL
);
