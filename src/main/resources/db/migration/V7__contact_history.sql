-- Contact history as its own small table: one row per key (lead id, email, LinkedIn URL) of each
-- approved draft. "Was this lead contacted lately?" is then one indexed IN lookup, instead of an
-- OR over three draft columns that H2 answered by scanning every approved draft per evaluation.
CREATE TABLE IF NOT EXISTS contact (
    lead_key    VARCHAR(1000000) NOT NULL,
    draft_id    VARCHAR(1000000) NOT NULL,
    identity_id VARCHAR(1000000) NOT NULL,
    channel     VARCHAR(16)      NOT NULL,
    at_ms       BIGINT           NOT NULL
);
CREATE INDEX IF NOT EXISTS contact_key_at ON contact (lead_key, at_ms);
DELETE FROM contact; -- a run cut short before Flyway recorded it is redone whole
INSERT INTO contact SELECT 'id:' || lead_id, id, identity_id, channel, updated_ms FROM draft
    WHERE status = 'APPROVED' AND lead_id IS NOT NULL AND lead_id <> '';
INSERT INTO contact SELECT 'email:' || lead_email, id, identity_id, channel, updated_ms FROM draft
    WHERE status = 'APPROVED' AND lead_email IS NOT NULL AND lead_email <> '';
INSERT INTO contact SELECT 'linkedin:' || lead_linkedin, id, identity_id, channel, updated_ms FROM draft
    WHERE status = 'APPROVED' AND lead_linkedin IS NOT NULL AND lead_linkedin <> '';
