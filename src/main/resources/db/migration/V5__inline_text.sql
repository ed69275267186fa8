-- Text columns become CHARACTER VARYING: H2 kept CLOB values in its separate LOB storage, and
-- creating, comparing and reading those LOBs was most of an import's time (JFR: LobStorageMap,
-- ValueLob.getReader). A message is at most 100 KB and an audit line a few times that, far below
-- this limit; inline values are read and written with their row.
ALTER TABLE draft ALTER COLUMN doc SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE draft ALTER COLUMN subject SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE draft ALTER COLUMN body SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE draft ALTER COLUMN decision_doc SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE draft ALTER COLUMN reject_reason SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE audit_entry ALTER COLUMN line SET DATA TYPE CHARACTER VARYING(1000000000);
ALTER TABLE suppression ALTER COLUMN reason SET DATA TYPE CHARACTER VARYING(1000000000);
