-- Two-factor login: single-use recovery codes and throttling of code attempts.

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE second_factor_attempts (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX second_factor_attempts_user_time ON second_factor_attempts (user_id, attempted_at);
