-- The NEN 7513 audit log: append-only, hash-chained (see brug_domain::audit).
-- No foreign keys: the log outlives the accounts and records it describes.

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_user_id BIGINT,
    actor_name TEXT NOT NULL,
    actor_role TEXT,
    actor_org_id BIGINT,
    pupil_id BIGINT,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT,
    fields TEXT NOT NULL,
    session_ref TEXT,
    ip TEXT,
    user_agent TEXT,
    basis TEXT NOT NULL,
    outcome TEXT NOT NULL,
    break_glass BOOLEAN NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_pupil ON audit_events (pupil_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, seq);
CREATE INDEX audit_events_org ON audit_events (actor_org_id, seq);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
