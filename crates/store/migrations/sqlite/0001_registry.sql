-- Registry: organisations, school locations, pupils, enrolments, guardians.
-- Kept in step with ../postgres/0001_registry.sql (see the schema-drift test).
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ'; dates are 'YYYY-MM-DD'.

CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    search_name TEXT NOT NULL DEFAULT '',
    brin TEXT,
    agb TEXT,
    cbs_code TEXT,
    municipality_id BIGINT REFERENCES organisations (id),
    parent_id BIGINT REFERENCES organisations (id),
    valid_from DATE,
    valid_until DATE,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_brin ON organisations (brin);
CREATE UNIQUE INDEX organisations_agb ON organisations (agb);
CREATE INDEX organisations_cbs_code ON organisations (cbs_code);
CREATE INDEX organisations_kind_name ON organisations (kind, search_name);
CREATE INDEX organisations_search_name ON organisations (search_name);
CREATE INDEX organisations_municipality ON organisations (municipality_id);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE school_locations (
    id INTEGER PRIMARY KEY NOT NULL,
    school_id BIGINT NOT NULL REFERENCES organisations (id),
    brin TEXT NOT NULL,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    sector TEXT NOT NULL,
    municipality_id BIGINT NOT NULL REFERENCES organisations (id),
    swv_id BIGINT REFERENCES organisations (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX school_locations_brin ON school_locations (brin);
CREATE INDEX school_locations_school ON school_locations (school_id);
CREATE INDEX school_locations_municipality ON school_locations (municipality_id);
CREATE INDEX school_locations_swv ON school_locations (swv_id);

CREATE TABLE pupils (
    id INTEGER PRIMARY KEY NOT NULL,
    given_name TEXT NOT NULL,
    name_prefix TEXT,
    family_name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    bsn_cipher BLOB,
    bsn_lookup TEXT,
    shares_with_guardians BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pupils_bsn_lookup ON pupils (bsn_lookup);
CREATE INDEX pupils_sort_name ON pupils (sort_name);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES school_locations (id),
    school_id BIGINT NOT NULL REFERENCES organisations (id),
    pupil_number TEXT,
    sector TEXT NOT NULL,
    grade TEXT NOT NULL,
    residence_municipality_id BIGINT NOT NULL REFERENCES organisations (id),
    start_date DATE NOT NULL,
    end_date DATE,
    created_at TEXT NOT NULL
);
CREATE INDEX enrolments_pupil ON enrolments (pupil_id);
CREATE INDEX enrolments_location_current ON enrolments (location_id, end_date);
CREATE INDEX enrolments_school_current ON enrolments (school_id, end_date);
CREATE INDEX enrolments_residence ON enrolments (residence_municipality_id);
CREATE UNIQUE INDEX enrolments_school_number ON enrolments (school_id, pupil_number);

CREATE TABLE guardians (
    id INTEGER PRIMARY KEY NOT NULL,
    pupil_id BIGINT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    user_id BIGINT,
    created_at TEXT NOT NULL
);
CREATE INDEX guardians_pupil ON guardians (pupil_id);
CREATE INDEX guardians_user ON guardians (user_id);
