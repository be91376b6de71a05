-- The learning network (S6): networks and Communities of Practice with
-- their members, dialogue tables (sessions) with contributions per
-- perspective and the case story of a case-specific table, the knowledge
-- base (insights, lessons, stories, and the Handreiking's bottlenecks and
-- opportunities), improvement actions, the glossary and the collaboration
-- scan. Kept in step with the other engine's file; the full-text index is
-- each engine's own (see the end of the file).

CREATE TABLE learning_networks (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    facilitator_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

-- A member speaks from one perspective. A member who leaves keeps their
-- contributions, attributed to the perspective only: the account and the
-- name are removed.
CREATE TABLE learning_members (
    id INTEGER PRIMARY KEY NOT NULL,
    network_id BIGINT NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    perspective TEXT NOT NULL,
    organisation TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    left_at TEXT
);
CREATE UNIQUE INDEX learning_members_user ON learning_members (network_id, user_id);

-- A dialogue table. A case-specific one carries the case story: drafted by
-- the anonymiser from a real case, approved or rejected by the facilitator.
CREATE TABLE learning_sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    network_id BIGINT NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT,
    held_on DATE NOT NULL,
    guiding_question TEXT NOT NULL,
    case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL,
    family_invited BOOLEAN NOT NULL DEFAULT FALSE,
    keep_organisations BOOLEAN NOT NULL DEFAULT FALSE,
    story TEXT,
    story_status TEXT,
    story_removed TEXT,
    story_review_note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX learning_sessions_network ON learning_sessions (network_id, held_on);

-- What a participant brought in, per question, from their perspective.
CREATE TABLE learning_contributions (
    id INTEGER PRIMARY KEY NOT NULL,
    session_id BIGINT NOT NULL REFERENCES learning_sessions (id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES learning_members (id) ON DELETE CASCADE,
    perspective TEXT NOT NULL,
    question TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX learning_contributions_session ON learning_contributions (session_id);

-- The knowledge base: success and hindering factors, lessons, approved
-- case stories; `scope` is `network:<id>` or `brug` for the seeded
-- knowledge; `dup_key` refuses the same text twice in one scope.
CREATE TABLE learning_items (
    id INTEGER PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL,
    network_id BIGINT REFERENCES learning_networks (id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES learning_sessions (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    theme TEXT,
    level TEXT,
    sector TEXT,
    body TEXT NOT NULL,
    source TEXT NOT NULL,
    dup_key TEXT NOT NULL,
    created_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX learning_items_dup ON learning_items (scope, dup_key);
CREATE INDEX learning_items_theme ON learning_items (theme, kind);
CREATE INDEX learning_items_network ON learning_items (network_id);

-- Improvement actions, followed up in the next session.
CREATE TABLE learning_actions (
    id INTEGER PRIMARY KEY NOT NULL,
    network_id BIGINT NOT NULL REFERENCES learning_networks (id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES learning_sessions (id) ON DELETE SET NULL,
    theme TEXT,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    organisation TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    follow_up TEXT,
    followed_up_session_id BIGINT REFERENCES learning_sessions (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX learning_actions_network ON learning_actions (network_id, status);

-- The shared language: one term, its meaning on both sides, equivalents.
CREATE TABLE learning_terms (
    id INTEGER PRIMARY KEY NOT NULL,
    term TEXT NOT NULL,
    term_key TEXT NOT NULL,
    education TEXT NOT NULL,
    youth_care TEXT NOT NULL,
    equivalents TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX learning_terms_key ON learning_terms (term_key);

-- The collaboration scan of an organisation (with a partner organisation,
-- or alone as a municipality); `status` draft or done.
CREATE TABLE learning_scans (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    partner_org_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    taken_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX learning_scans_org ON learning_scans (org_id, status);

CREATE TABLE learning_scan_answers (
    scan_id BIGINT NOT NULL REFERENCES learning_scans (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    score BIGINT NOT NULL,
    PRIMARY KEY (scan_id, theme)
);

-- Full-text search. SQLite: an FTS5 table of the Rust-stemmed terms of each
-- item (rowid = learning_items.id), kept by the store; the schema-drift test
-- leaves FTS tables out. The expression index is the twin of PostgreSQL's
-- GIN index, so both engines list the same indexes.
CREATE VIRTUAL TABLE learning_items_fts USING fts5 (terms);
CREATE INDEX learning_items_search ON learning_items (lower(body));
