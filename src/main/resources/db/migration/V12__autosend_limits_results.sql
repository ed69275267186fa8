-- Auto-send rules: drafts of a campaign, template or persona (optionally only for some identities)
-- whose decision is allow under the policy in force are approved by Countersign itself, naming the
-- rule. Off until someone adds a rule; adding and removing one are audit events naming who did it.
CREATE TABLE autosend_rule (
    id           VARCHAR(40)   PRIMARY KEY,
    kind         VARCHAR(16)   NOT NULL,
    match_value  VARCHAR(2000) NOT NULL,
    identity_id  VARCHAR(100),
    added_by     VARCHAR(1000) NOT NULL,
    added_at     VARCHAR(40)   NOT NULL
);

-- LinkedIn connection requests have limits of their own (a day, and any 7 days).
ALTER TABLE identity ADD COLUMN connections_per_day INT DEFAULT 20 NOT NULL;
ALTER TABLE identity ADD COLUMN connections_per_week INT DEFAULT 100 NOT NULL;

-- Results: bounces and replies read from each email identity's mailbox (imap_url), each processed
-- once (inbound_seen), matched to the sent message by its Message-ID.
ALTER TABLE identity ADD COLUMN imap_url VARCHAR(2000) DEFAULT '' NOT NULL;
CREATE INDEX outbox_message_id ON outbox (message_id);
CREATE TABLE inbound_seen (
    inbound_key  VARCHAR(2000) PRIMARY KEY,
    seen_at      VARCHAR(40)   NOT NULL
);

-- A daily cap can be counted over the last 24 hours instead of the identity's local day.
ALTER TABLE identity ADD COLUMN rolling_24h BOOLEAN DEFAULT FALSE NOT NULL;
-- A shared daily budget per owner across that owner's identities and channels.
CREATE TABLE owner_budget (
    owner      VARCHAR(1000) PRIMARY KEY,
    daily      INT           NOT NULL,
    set_by     VARCHAR(1000) NOT NULL,
    set_at     VARCHAR(40)   NOT NULL
);

-- A sent message that bounced hard counts as a failure for the anomaly stop.
ALTER TABLE outbox ADD COLUMN bounced BOOLEAN DEFAULT FALSE NOT NULL;

-- Per-identity reads of recent sends (anomaly stop, rolling 24 h) and the per-company cap stay index reads.
CREATE INDEX outbox_identity_recent ON outbox (identity_id, state, updated_at);
CREATE INDEX outbox_company_recent ON outbox (recipient_company, updated_at);
