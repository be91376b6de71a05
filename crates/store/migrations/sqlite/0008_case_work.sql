-- The work inside a case: the versioned plan, goals with progress, agreements,
-- financing lines, meetings, evaluations, escalations, attendance and the
-- timeline. Kept in step with the other engine's file.

ALTER TABLE cases ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN last_activity_on DATE;

-- The current text of each plan section; every save also appends a version.
CREATE TABLE plan_sections (
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by_user_id BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, section)
);

CREATE TABLE plan_section_versions (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX plan_section_versions_key ON plan_section_versions (case_id, section, version);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    contributors TEXT NOT NULL,
    indicator TEXT NOT NULL,
    start_on DATE NOT NULL,
    target_on DATE,
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX goals_case ON goals (case_id);

CREATE TABLE goal_progress (
    id INTEGER PRIMARY KEY NOT NULL,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    score BIGINT,
    author_user_id BIGINT REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX goal_progress_goal ON goal_progress (goal_id);
CREATE INDEX goal_progress_case ON goal_progress (case_id, created_at);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    held_on DATE NOT NULL,
    kind TEXT NOT NULL,
    participants TEXT NOT NULL,
    agenda TEXT NOT NULL,
    notes TEXT NOT NULL,
    decisions TEXT NOT NULL,
    with_school BOOLEAN NOT NULL DEFAULT FALSE,
    with_care BOOLEAN NOT NULL DEFAULT FALSE,
    with_parents BOOLEAN NOT NULL DEFAULT FALSE,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX meetings_case ON meetings (case_id, held_on);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    party TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner_user_id BIGINT REFERENCES users (id),
    owner_name TEXT NOT NULL,
    due_on DATE,
    done_on DATE,
    meeting_id BIGINT REFERENCES meetings (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX agreements_case ON agreements (case_id);
CREATE INDEX agreements_owner_due ON agreements (owner_user_id, due_on);
CREATE INDEX agreements_open_due ON agreements (done_on, due_on);

CREATE TABLE financing_lines (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    stream TEXT NOT NULL,
    purpose TEXT NOT NULL,
    hours BIGINT,
    amount_cents BIGINT,
    period_from DATE NOT NULL,
    period_until DATE,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX financing_lines_case ON financing_lines (case_id);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    planned_on DATE NOT NULL,
    held_on DATE,
    decision TEXT,
    reasons TEXT,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX evaluations_case ON evaluations (case_id, planned_on);
CREATE INDEX evaluations_due ON evaluations (held_on, planned_on);

CREATE TABLE evaluation_scores (
    id INTEGER PRIMARY KEY NOT NULL,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    score BIGINT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX evaluation_scores_evaluation ON evaluation_scores (evaluation_id);

CREATE TABLE escalations (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    question TEXT NOT NULL,
    decider TEXT NOT NULL,
    deadline DATE NOT NULL,
    outcome TEXT,
    decided_on DATE,
    opened_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX escalations_case ON escalations (case_id);
CREATE INDEX escalations_open_deadline ON escalations (decided_on, deadline);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    since DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX attendance_pupil ON attendance (pupil_id, since);

-- The timeline: every event of a case in one chronological list.
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    ref_id BIGINT,
    actor_user_id BIGINT REFERENCES users (id),
    actor_name TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, occurred_at);
