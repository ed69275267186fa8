-- The signed tree head after each append batch: size, RFC 9162 root, the C2SP checkpoint note
-- signed with the workspace's log key, and the Merkle frontier (one hash per level) the next batch
-- continues from. Append-only like the log itself. Keyed by the order they were made: after a cut
-- log was acknowledged, the regrown log gets checkpoints at sizes the cut history had too.
CREATE TABLE audit_checkpoint (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    size      BIGINT NOT NULL,
    root      VARBINARY(32) NOT NULL,
    note      CHARACTER VARYING(4000) NOT NULL,
    frontier  VARBINARY(4096) NOT NULL
);
CREATE INDEX audit_checkpoint_size ON audit_checkpoint (size);
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
