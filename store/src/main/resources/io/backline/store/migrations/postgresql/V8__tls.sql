-- PostgreSQL's copy of ../sqlite/V8__tls.sql (text COLLATE "C" as everywhere).
-- Fastly's custom TLS API (issue 18): private keys, certificates, configurations and activations.
-- A private key is kept only sealed: AES-256-GCM under the API's TLS key (DIR/tls-key or the
-- operator's --tls-key-file), as base64 of nonce || ciphertext+tag; its public half's SHA-1 and its
-- type and length are kept in clear for the API's answers. A certificate keeps its chain as PEM (the
-- answers' attributes are read from it) and the key it was matched to. Every write bumps the counter
-- 'revision', so edges hear of it as of an activation. Ids are random, as Fastly's are; times are
-- epoch seconds.
CREATE TABLE tls_private_keys (
    id              VARCHAR(32) COLLATE "C"  PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL,
    key_type        VARCHAR(16) COLLATE "C"  NOT NULL,
    key_length      INTEGER      NOT NULL,
    public_key_sha1 VARCHAR(64) COLLATE "C"  NOT NULL UNIQUE,
    sealed_key      TEXT COLLATE "C" NOT NULL,
    created_at      BIGINT       NOT NULL
);
CREATE TABLE tls_certificates (
    id          VARCHAR(32) COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    key_id      VARCHAR(32) COLLATE "C" NOT NULL REFERENCES tls_private_keys (id),
    chain_pem   TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL
);
CREATE INDEX tls_certificates_by_key ON tls_certificates (key_id);
CREATE TABLE tls_configurations (
    id          VARCHAR(32) COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    is_default  INTEGER     NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL
);
-- The one default configuration, with a stable id that every Backline install shares.
INSERT INTO tls_configurations (id, name, is_default, created_at, updated_at)
    VALUES ('backlinedefaulttlscfg', 'Default TLS configuration', 1, 0, 0);
CREATE TABLE tls_activations (
    id               VARCHAR(32) COLLATE "C"  PRIMARY KEY,
    certificate_id   VARCHAR(32) COLLATE "C"  NOT NULL REFERENCES tls_certificates (id),
    configuration_id VARCHAR(32) COLLATE "C"  NOT NULL REFERENCES tls_configurations (id),
    domain           VARCHAR(255) COLLATE "C" NOT NULL UNIQUE,
    created_at       BIGINT       NOT NULL
);
CREATE INDEX tls_activations_by_certificate ON tls_activations (certificate_id);
