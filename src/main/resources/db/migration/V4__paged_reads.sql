-- Paged reads: the queue, re-evaluation and replay read drafts oldest first by keyset
-- (created_at, insert_order), optionally by status; latest(type) reads the log backwards by type.
CREATE INDEX IF NOT EXISTS draft_order ON draft (created_at, insert_order);
CREATE INDEX IF NOT EXISTS draft_status_order ON draft (status, created_at, insert_order);
CREATE INDEX IF NOT EXISTS audit_entry_type ON audit_entry (type, seq);
