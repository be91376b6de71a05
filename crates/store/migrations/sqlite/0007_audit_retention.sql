-- Retention of the audit log: when events past their retention period are
-- removed, a checkpoint keeps the hash of the last removed event, so the rest
-- of the chain still verifies from there.

CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY NOT NULL,
    through_seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    events_removed BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_checkpoints_seq ON audit_checkpoints (through_seq);
