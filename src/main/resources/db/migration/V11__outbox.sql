-- How an identity logs in (never the secret: that is in credentials.enc) and its one-click
-- unsubscribe URL (RFC 8058).
ALTER TABLE identity ADD COLUMN login_user VARCHAR(1000) DEFAULT '' NOT NULL;
ALTER TABLE identity ADD COLUMN login_auth VARCHAR(16) DEFAULT 'PASSWORD' NOT NULL;
ALTER TABLE identity ADD COLUMN unsubscribe_url VARCHAR(2000) DEFAULT '' NOT NULL;

-- The outbox: one row per approved message on its way out, a persisted state machine
-- (SCHEDULED -> SENDING -> SENT | FAILED | UNKNOWN, or CANCELLED). Each row names the audit entry
-- of the approval it rests on (approval_seq, approval_hash); the text sent is the approved text of
-- that entry. A row in SENDING is committed before the transport is called, so a crash leaves a
-- trace: at the next start it becomes UNKNOWN (or SCHEDULED again for transports that deduplicate).
CREATE TABLE outbox (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    draft_id       VARCHAR(1000000) NOT NULL,
    identity_id    VARCHAR(1000000) NOT NULL,
    channel        VARCHAR(16)    NOT NULL,
    recipient      VARCHAR(2000)  NOT NULL,
    recipient_company VARCHAR(2000) NOT NULL,
    subject        CHARACTER VARYING(1000000000) NOT NULL,
    body           CHARACTER VARYING(1000000000) NOT NULL,
    approval_seq   BIGINT         NOT NULL,
    approval_hash  VARCHAR(64)    NOT NULL,
    approved_by    VARCHAR(1000)  NOT NULL,
    state          VARCHAR(16)    NOT NULL,
    attempts       INT            NOT NULL,
    not_before     VARCHAR(40)    NOT NULL,
    undo_until     VARCHAR(40)    NOT NULL,
    message_id     VARCHAR(1000)  NOT NULL,
    provider_id    VARCHAR(2000)  NOT NULL,
    last_error     CHARACTER VARYING(1000000000) NOT NULL,
    wait_reason    VARCHAR(4000)  NOT NULL,
    created_at     VARCHAR(40)    NOT NULL,
    updated_at     VARCHAR(40)    NOT NULL,
    sent_at        VARCHAR(40)
);
-- Text is inline (CHARACTER VARYING, as in V5): H2's separate LOB storage made every read copy it.
-- The due index is in the sender's order (not_before, then id), so finding the next message never sorts.
CREATE INDEX outbox_state_due ON outbox (state, not_before, id);
CREATE INDEX outbox_draft ON outbox (draft_id);

-- What each identity has used, per day in its own timezone (a restart cannot reset it): taken in
-- the same transaction that moves a message to SENDING, under the workspace's one write lock.
CREATE TABLE send_counter (
    identity_id  VARCHAR(100)  NOT NULL,
    action       VARCHAR(32)   NOT NULL,
    local_day    VARCHAR(10)   NOT NULL,
    used         INT           NOT NULL,
    PRIMARY KEY (identity_id, action, local_day)
);

-- When each identity may send next (the minimum gap, with its jitter, survives a restart).
CREATE TABLE send_pace (
    identity_id  VARCHAR(100)  PRIMARY KEY,
    next_at      VARCHAR(40)   NOT NULL
);

-- Workspace-wide switches (sending paused for everyone), each change also an audit event.
CREATE TABLE workspace_switch (
    name        VARCHAR(100)  PRIMARY KEY,
    on_since    VARCHAR(40)   NOT NULL,
    reason      VARCHAR(10000) NOT NULL,
    set_by      VARCHAR(1000) NOT NULL
);
