-- Consent as a first-class object and the family's AVG rights (S4): a
-- professional's request for consent and the family's answers to it, the
-- case a consent was given in, correction requests for the case lead and
-- erasure requests for the privacy officer (queued for the retention job
-- once approved). Kept in step with the other engine's file.

-- The case a consent was asked for in (older consents: none). The parts of
-- the file a consent covers are stored in `consents.scope` as codes
-- (`plan,meetings,care_notes`); `support` means every part.
ALTER TABLE consents ADD COLUMN case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL;
-- For 12-15 the child gave consent together with a guardian; from 16 alone.
ALTER TABLE consents ADD COLUMN given_by_young_person BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX consents_until ON consents (valid_until, withdrawn_at);

CREATE TABLE consent_requests (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    recipient_org_id BIGINT REFERENCES organisations (id),
    recipient_user_id BIGINT REFERENCES users (id),
    role_in_case TEXT NOT NULL,
    purpose TEXT NOT NULL,
    parts TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    status TEXT NOT NULL,
    requested_by_user_id BIGINT REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_at TEXT,
    consent_id BIGINT REFERENCES consents (id)
);
CREATE INDEX consent_requests_pupil ON consent_requests (pupil_id, status);
CREATE INDEX consent_requests_case ON consent_requests (case_id);

-- Each family member's yes or no to a request (one answer per account).
CREATE TABLE consent_answers (
    id INTEGER PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES consent_requests (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    giver TEXT NOT NULL,
    approve BOOLEAN NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE UNIQUE INDEX consent_answers_once ON consent_answers (request_id, user_id);

CREATE TABLE correction_requests (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    what_is_wrong TEXT NOT NULL,
    should_be TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by_user_id BIGINT REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    due_on DATE NOT NULL,
    answer TEXT,
    answered_by_user_id BIGINT REFERENCES users (id),
    answered_by_name TEXT,
    answered_at TEXT
);
CREATE INDEX correction_requests_case ON correction_requests (case_id, status);
CREATE INDEX correction_requests_open_due ON correction_requests (status, due_on);
CREATE INDEX correction_requests_pupil ON correction_requests (pupil_id);

-- An erasure request outlives what it erases: the retention job sets
-- `executed_at` and the pupil and case references become NULL.
CREATE TABLE erasure_requests (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT REFERENCES pupils (id) ON DELETE SET NULL,
    -- One case, or NULL for the whole file.
    case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL,
    -- The organisation whose privacy officer decides.
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    explanation TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by_user_id BIGINT REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    due_on DATE NOT NULL,
    decided_by_user_id BIGINT REFERENCES users (id),
    decided_by_name TEXT,
    decided_at TEXT,
    decision_reason TEXT,
    -- Approved: the retention job erases on or after this date.
    erase_on DATE,
    executed_at TEXT
);
CREATE INDEX erasure_requests_org ON erasure_requests (org_id, status);
CREATE INDEX erasure_requests_queue ON erasure_requests (status, erase_on);
CREATE INDEX erasure_requests_pupil ON erasure_requests (pupil_id);
