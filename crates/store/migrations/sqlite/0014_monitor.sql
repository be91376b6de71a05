-- The monitor (S7): the base facts per school location and month, the
-- published (protected) figures of every area and period, when each period
-- was refreshed, the refresh job's lease, and policy goals. No row here
-- names a person: units are counted, durations are kept without identity.
-- Kept in step with ../postgres/0014_monitor.sql.

-- Base counts per month (YYYY-MM), school location, indicator, category;
-- zeros are not stored.
CREATE TABLE monitor_facts (
    month TEXT NOT NULL,
    location_id BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    category TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (month, location_id, indicator, category)
);

-- One duration in days per unit (case, escalation, home-sitter).
CREATE TABLE monitor_durations (
    month TEXT NOT NULL,
    location_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    days BIGINT NOT NULL
);
CREATE INDEX monitor_durations_month ON monitor_durations (month, kind);

-- Care providers active per school location and month.
CREATE TABLE monitor_providers (
    month TEXT NOT NULL,
    location_id BIGINT NOT NULL,
    provider_id BIGINT NOT NULL,
    PRIMARY KEY (month, location_id, provider_id)
);

-- The published figures: true value (never shown as such), the shown
-- (rounded) value or the reason it is hidden. Counts of zero that are
-- shown, and statistics of empty groups, are not stored.
CREATE TABLE monitor_figures (
    period TEXT NOT NULL,
    area TEXT NOT NULL,
    sector TEXT NOT NULL,
    quantity TEXT NOT NULL,
    category TEXT NOT NULL,
    value BIGINT NOT NULL,
    shown BIGINT,
    reason TEXT,
    PRIMARY KEY (period, area, sector, quantity, category)
);

-- When each period's figures were made ("stand van").
CREATE TABLE monitor_periods (
    period TEXT PRIMARY KEY NOT NULL,
    refreshed_at TEXT NOT NULL,
    figures BIGINT NOT NULL
);

-- Which process runs the refresh job (several `brug serve` share one
-- database); a lease expires, so a crashed holder does not block it.
CREATE TABLE monitor_lease (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Policy goals of a municipality or partnership on one measure of an area.
CREATE TABLE monitor_goals (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    area TEXT NOT NULL,
    measure TEXT NOT NULL,
    target BIGINT NOT NULL,
    deadline DATE NOT NULL,
    owner TEXT NOT NULL,
    note TEXT,
    created_by_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX monitor_goals_area ON monitor_goals (area, deadline);
