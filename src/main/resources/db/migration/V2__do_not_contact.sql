-- Do-not-contact list: insert-only, like the audit log (an objection is never silently dropped).
CREATE TABLE suppression (
    kind      VARCHAR(16)      NOT NULL,
    "VALUE"   VARCHAR(1000000) NOT NULL,
    reason    CLOB             NOT NULL,
    source    VARCHAR(200)     NOT NULL,
    added_by  VARCHAR(1000000) NOT NULL,
    added_at  VARCHAR(40)      NOT NULL,
    PRIMARY KEY (kind, "VALUE")
);
CREATE TRIGGER suppression_no_update BEFORE UPDATE ON suppression FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER suppression_no_delete BEFORE DELETE ON suppression FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';

-- Lead keys and a sortable change time, so "was this lead contacted in the last N days?" is one query.
ALTER TABLE draft ADD COLUMN lead_id VARCHAR(1000000);
ALTER TABLE draft ADD COLUMN lead_email VARCHAR(1000000);
ALTER TABLE draft ADD COLUMN lead_linkedin VARCHAR(1000000);
ALTER TABLE draft ADD COLUMN updated_ms BIGINT;
CREATE INDEX draft_lead_id ON draft (lead_id);
CREATE INDEX draft_lead_email ON draft (lead_email);
CREATE INDEX draft_lead_linkedin ON draft (lead_linkedin);
