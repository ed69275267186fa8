-- A draft's entries of some types (its decisions, for the send gate) are found in the index
-- alone: the old index on draft_id made every lookup read each of the draft's rows, the import
-- entry with the whole draft included, only to drop the ones of other types.
CREATE INDEX audit_entry_draft_type ON audit_entry (draft_id, type, seq);
DROP INDEX audit_entry_draft;
