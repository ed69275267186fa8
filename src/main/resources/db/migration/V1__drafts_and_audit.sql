-- Drafts under review. The original draft is kept as JSON (doc); the current text, decision and
-- review outcome are columns so the queue can be filtered without parsing JSON.
CREATE TABLE draft (
    id              VARCHAR(1000000) PRIMARY KEY,
    insert_order    BIGINT AUTO_INCREMENT NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    identity_id     VARCHAR(1000000) NOT NULL,
    campaign        VARCHAR(1000000) NOT NULL,
    created_at      VARCHAR(40)   NOT NULL,
    doc             CLOB          NOT NULL,
    subject         CLOB          NOT NULL,
    body            CLOB          NOT NULL,
    decision        VARCHAR(32)   NOT NULL,
    decision_doc    CLOB          NOT NULL,
    policy_version  VARCHAR(200)  NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    decided_by      VARCHAR(1000000) NOT NULL,
    reject_reason   CLOB          NOT NULL,
    updated_at      VARCHAR(40)   NOT NULL,
    revision        INT           NOT NULL
);
CREATE INDEX draft_status ON draft (status);

-- The append-only audit log. line holds the RFC 8785 canonical bytes of the event (the export
-- format of audit-bundle-v1), chain_hash links each row to all rows before it.
CREATE TABLE audit_entry (
    seq         BIGINT        PRIMARY KEY,
    ts          VARCHAR(40)   NOT NULL,
    type        VARCHAR(200)  NOT NULL,
    actor_kind  VARCHAR(16)   NOT NULL,
    actor_id    VARCHAR(1000000) NOT NULL,
    draft_id    VARCHAR(1000000),
    line        CLOB          NOT NULL,
    chain_hash  BINARY(32)    NOT NULL
);
CREATE INDEX audit_entry_draft ON audit_entry (draft_id);

-- No code path updates or deletes audit rows; these triggers refuse it at the database too.
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
