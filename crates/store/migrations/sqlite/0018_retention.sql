-- Retention (S4): anonymised records keep their bare structure for the
-- monitor until they fall out of its window; every run of the retention job
-- leaves a report without names. Kept in step with the other engine's file.

ALTER TABLE pupils ADD COLUMN anonymised_at TEXT;
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
CREATE INDEX cases_closed ON cases (closed_on);

CREATE TABLE retention_runs (
    id INTEGER PRIMARY KEY NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    dry_run BOOLEAN NOT NULL,
    cases_anonymised BIGINT NOT NULL,
    pupils_anonymised BIGINT NOT NULL,
    cases_deleted BIGINT NOT NULL,
    pupils_deleted BIGINT NOT NULL,
    requests_executed BIGINT NOT NULL,
    -- The report as JSON: per category what was done, with record ids only.
    report TEXT NOT NULL
);
CREATE INDEX retention_runs_started ON retention_runs (started_at);
