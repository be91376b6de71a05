-- The history of a case's phases (S7b): one row per status change, written
-- by the use case that changes the status, in the same transaction
-- (`store::cases::change_status`). The monitor uses it so a case that closed
-- and reopened counts as closed in the months between. Kept in step with the
-- other engine's file.

CREATE TABLE case_phase_changes (
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    -- NULL when not known (back-filled from a case closed without a
    -- timeline event).
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_on DATE NOT NULL,
    -- The outcome given when the change closed the case.
    outcome TEXT,
    changed_at TEXT NOT NULL
);
CREATE INDEX case_phase_changes_case ON case_phase_changes (case_id, changed_on);
CREATE INDEX case_phase_changes_from ON case_phase_changes (from_status);

-- Back-fill 1: the status events of the timeline ("exploration → closed").
INSERT INTO case_phase_changes (case_id, from_status, to_status, changed_on, outcome, changed_at)
SELECT e.case_id,
       substr(e.summary, 1, instr(e.summary, ' → ') - 1),
       substr(e.summary, instr(e.summary, ' → ') + 3),
       substr(e.occurred_at, 1, 10),
       NULL,
       e.occurred_at
FROM case_events e
WHERE e.kind = 'status' AND instr(e.summary, ' → ') > 0
ORDER BY e.occurred_at, e.id;

-- Back-fill 2: the outcome of the closing that still stands.
UPDATE case_phase_changes
SET outcome = (SELECT c.outcome FROM cases c WHERE c.id = case_phase_changes.case_id)
WHERE to_status = 'closed'
  AND changed_on = (SELECT c.closed_on FROM cases c
                    WHERE c.id = case_phase_changes.case_id AND c.status = 'closed');

-- Back-fill 3: closed cases without a closing event (imported, generated).
INSERT INTO case_phase_changes (case_id, from_status, to_status, changed_on, outcome, changed_at)
SELECT c.id, NULL, 'closed', c.closed_on, c.outcome, c.updated_at
FROM cases c
WHERE c.status = 'closed' AND c.closed_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM case_phase_changes p
                  WHERE p.case_id = c.id AND p.to_status = 'closed' AND p.changed_on = c.closed_on)
ORDER BY c.id;
