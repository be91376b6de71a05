-- Meetings, evaluations and escalations: an escalation remembers the
-- evaluation whose decision opened it, and an evaluation scores each goal
-- once. Kept in step with the other engine's file.

ALTER TABLE escalations ADD COLUMN evaluation_id BIGINT REFERENCES evaluations (id);
CREATE INDEX escalations_evaluation ON escalations (evaluation_id);
CREATE UNIQUE INDEX evaluation_scores_goal ON evaluation_scores (evaluation_id, goal_id);
