-- The family as partners (S4): comments of parents, the child and the team
-- on agreements and on evaluations before they are held; notifications in
-- Brug; and each user's choice per kind of notification (only in Brug, or
-- also by email). Kept in step with the other engine's file.

CREATE TABLE comments (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users (id),
    author_name TEXT NOT NULL,
    -- How the author took part: professional, parent or child.
    author_role TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX comments_case ON comments (case_id, created_at);
CREATE INDEX comments_target ON comments (target_kind, target_id);

-- What happened, never with names: the kind of event and where it points.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event TEXT NOT NULL,
    case_id BIGINT REFERENCES cases (id) ON DELETE CASCADE,
    pupil_id BIGINT REFERENCES pupils (id) ON DELETE CASCADE,
    ref_id BIGINT,
    -- Set for notifications a job makes, so a second run adds none.
    dedupe_key TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
CREATE INDEX notifications_key ON notifications (dedupe_key);

CREATE TABLE notification_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    delivery TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
