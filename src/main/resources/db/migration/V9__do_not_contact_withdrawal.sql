-- A do-not-contact entry added by mistake can be withdrawn, and restored by adding it again. The
-- list stays insert-only: each withdrawal or restoration is a row here (and an audit event), so the
-- entry's whole history is kept and a past decision replays with the list as it stood then.
CREATE TABLE IF NOT EXISTS suppression_change (
    seq       BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind      VARCHAR(16)      NOT NULL,
    "VALUE"   VARCHAR(1000000) NOT NULL,
    action    VARCHAR(16)      NOT NULL,
    reason    CHARACTER VARYING(1000000000) NOT NULL,
    changed_by VARCHAR(1000000) NOT NULL,
    changed_at VARCHAR(40)     NOT NULL
);
CREATE INDEX IF NOT EXISTS suppression_change_key ON suppression_change (kind, "VALUE", seq);
CREATE TRIGGER IF NOT EXISTS suppression_change_no_update BEFORE UPDATE ON suppression_change FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER IF NOT EXISTS suppression_change_no_delete BEFORE DELETE ON suppression_change FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
