-- The collector this device's audit log is witnessed by: one row, written once at enrolment (the
-- collector key pinned then), and how the last push went (rewritten by every attempt).
CREATE TABLE sync_enrollment (
    id            INT PRIMARY KEY CHECK (id = 1),
    endpoint      CHARACTER VARYING(2000) NOT NULL,
    device_name   CHARACTER VARYING(200) NOT NULL,
    collector_key CHARACTER VARYING(400) NOT NULL,
    enrolled_at   CHARACTER VARYING(40) NOT NULL
);
CREATE TRIGGER sync_enrollment_no_update BEFORE UPDATE ON sync_enrollment FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER sync_enrollment_no_delete BEFORE DELETE ON sync_enrollment FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';

CREATE TABLE sync_attempt (
    id             INT PRIMARY KEY CHECK (id = 1),
    at             CHARACTER VARYING(40) NOT NULL,
    error          CHARACTER VARYING(4000),
    conflict_index BIGINT,
    last_success   CHARACTER VARYING(40)
);

-- Every checkpoint the collector cosigned (the device's signed note with the collector's
-- tlog-cosignature line), append-only: audit verify checks each against the log and the pinned key.
CREATE TABLE audit_witness (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    size        BIGINT NOT NULL,
    root        VARBINARY(32) NOT NULL,
    note        CHARACTER VARYING(8000) NOT NULL,
    cosigned_at CHARACTER VARYING(40) NOT NULL,
    received_at CHARACTER VARYING(40) NOT NULL
);
CREATE INDEX audit_witness_size ON audit_witness (size);
CREATE TRIGGER audit_witness_no_update BEFORE UPDATE ON audit_witness FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
CREATE TRIGGER audit_witness_no_delete BEFORE DELETE ON audit_witness FOR EACH ROW
    CALL 'io.countersign.adapters.persistence.AppendOnlyTrigger';
