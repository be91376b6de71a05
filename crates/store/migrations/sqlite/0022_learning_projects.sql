-- The learning network, continued (S6a): a project or programme (such as
-- "Samen op School") that networks may belong to, with its own factsheet;
-- networks that held sessions are archived rather than deleted; a glossary
-- term remembers the account that proposed it (who may edit or remove it).
-- Kept in step with the other engine's file.

CREATE TABLE learning_projects (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT NOT NULL,
    created_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX learning_projects_key ON learning_projects (name_key);

ALTER TABLE learning_networks ADD COLUMN project_id BIGINT REFERENCES learning_projects (id) ON DELETE SET NULL;
ALTER TABLE learning_networks ADD COLUMN archived_at TEXT;
CREATE INDEX learning_networks_project ON learning_networks (project_id);

ALTER TABLE learning_terms ADD COLUMN proposed_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
