-- Invitations and password resets (single-use links) and the mail outbox.

CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE UNIQUE INDEX account_tokens_hash ON account_tokens (token_hash);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    to_email TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by_user_id BIGINT REFERENCES users (id),
    org_id BIGINT REFERENCES organisations (id),
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
CREATE INDEX outbox_org ON outbox (org_id, id);
