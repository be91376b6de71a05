-- The network around the school and the handover between schools (S5):
-- a school's fixed contact persons and consultation structure, handovers
-- of a pupil's plan with what goes along (frozen when the family is asked),
-- and invitations of schools that are not in Brug yet. The care providers
-- active at a school are derived from the case teams, never stored.
-- Kept in step with the other engine's file.

-- One fixed contact per kind (youth care, wijkteam, JGZ, leerplicht) per school.
CREATE TABLE school_contacts (
    id INTEGER PRIMARY KEY NOT NULL,
    school_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    -- The organisation the contact works for, when it is in the registry.
    contact_org_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    updated_by_user_id BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX school_contacts_kind ON school_contacts (school_id, kind);
CREATE INDEX school_contacts_org ON school_contacts (contact_org_id);

-- The school's regular consultations, e.g. the ondersteuningsteam every 6 weeks.
CREATE TABLE school_consultations (
    id INTEGER PRIMARY KEY NOT NULL,
    school_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    every_weeks BIGINT NOT NULL,
    attendees TEXT NOT NULL,
    next_on DATE,
    updated_by_user_id BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE INDEX school_consultations_school ON school_consultations (school_id);

-- A handover of a case's plan to another school. `stage`: prepared, sent,
-- received, meeting_held, cancelled; the family's consent is the consent
-- request's (and its consent's) state.
CREATE TABLE handovers (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    from_school_id BIGINT NOT NULL REFERENCES organisations (id),
    to_school_id BIGINT NOT NULL REFERENCES organisations (id),
    transition TEXT NOT NULL,
    moves_on DATE NOT NULL,
    stage TEXT NOT NULL,
    -- Plan section codes and goal ids that go along (comma-separated).
    sections TEXT NOT NULL,
    goal_ids TEXT NOT NULL,
    what_worked TEXT NOT NULL,
    what_did_not TEXT NOT NULL,
    consent_request_id BIGINT REFERENCES consent_requests (id) ON DELETE SET NULL,
    prepared_by_user_id BIGINT REFERENCES users (id),
    prepared_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    accepted_by_user_id BIGINT REFERENCES users (id),
    accepted_by_name TEXT,
    accepted_at TEXT,
    meeting_on DATE,
    meeting_participants TEXT,
    meeting_held_on DATE,
    cancelled_at TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX handovers_pupil ON handovers (pupil_id);
CREATE INDEX handovers_case ON handovers (case_id);
CREATE INDEX handovers_from ON handovers (from_school_id, stage);
CREATE INDEX handovers_to ON handovers (to_school_id, stage);
CREATE INDEX handovers_moves ON handovers (moves_on);

-- What goes along, as the family was asked about it (frozen then).
CREATE TABLE handover_items (
    id INTEGER PRIMARY KEY NOT NULL,
    handover_id BIGINT NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX handover_items_handover ON handover_items (handover_id, position);

-- A school invited to Brug because a handover is meant for it.
CREATE TABLE school_invitations (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    brin TEXT NOT NULL,
    name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    invited_by_user_id BIGINT REFERENCES users (id),
    invited_by_org_id BIGINT REFERENCES organisations (id),
    mail_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX school_invitations_org ON school_invitations (org_id);

-- An uploaded import file between its check and the administrator's choice
-- to import (all rows, or only the valid ones). Removed once imported, and
-- after a day.
CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX import_uploads_user ON import_uploads (user_id);
