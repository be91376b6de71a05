-- Cases (casus / traject), their teams, and recorded consent: the facts
-- the access policy decides on. Kept in step with the other engine's file.

CREATE TABLE consents (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    given_by_user_id BIGINT REFERENCES users (id),
    given_by_name TEXT NOT NULL,
    given_by_relation TEXT NOT NULL,
    recipient_org_id BIGINT REFERENCES organisations (id),
    recipient_user_id BIGINT REFERENCES users (id),
    purpose TEXT NOT NULL,
    scope TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    withdrawn_at TEXT,
    withdrawn_by_user_id BIGINT REFERENCES users (id),
    recorded_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX consents_pupil ON consents (pupil_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    school_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    lead_domain TEXT,
    first_signal_on DATE NOT NULL,
    help_started_on DATE,
    closed_on DATE,
    close_reason TEXT,
    outcome TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_pupil ON cases (pupil_id);
CREATE INDEX cases_school_status ON cases (school_id, status);

CREATE TABLE case_members (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id),
    guardian_id BIGINT REFERENCES guardians (id),
    org_id BIGINT REFERENCES organisations (id),
    role_in_case TEXT NOT NULL,
    basis TEXT NOT NULL,
    consent_id BIGINT REFERENCES consents (id),
    legal_task TEXT,
    is_lead BOOLEAN NOT NULL DEFAULT FALSE,
    added_by_user_id BIGINT REFERENCES users (id),
    added_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX case_members_case ON case_members (case_id);
CREATE INDEX case_members_user ON case_members (user_id);
