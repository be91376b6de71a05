-- Accounts, roles per organisation, server-side sessions, login throttling.
-- Kept in step with the other engine's file of the same name (see the schema-drift test).

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    pupil_id BIGINT REFERENCES pupils (id),
    locale TEXT,
    totp_secret_cipher BLOB,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT,
    created_at TEXT NOT NULL,
    deactivated_at TEXT
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_pupil ON users (pupil_id);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id, role)
);
CREATE INDEX memberships_org_role ON memberships (org_id, role);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    second_factor_done BOOLEAN NOT NULL DEFAULT FALSE,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    ip TEXT,
    attempted_at TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_email_time ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip_time ON login_attempts (ip, attempted_at);
