-- Bumped by every object write in a version, so readers can cache what they render per revision.
ALTER TABLE versions ADD COLUMN objects_rev BIGINT NOT NULL DEFAULT 0;
