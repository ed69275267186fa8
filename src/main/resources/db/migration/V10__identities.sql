-- Sending accounts (mailboxes, LinkedIn accounts) as entities: how each sends and what it may do.
-- Every change is also an audit event (identity.added / .paused / .resumed); credentials are never
-- stored here.
CREATE TABLE IF NOT EXISTS identity (
    id            VARCHAR(100)  PRIMARY KEY,
    channel       VARCHAR(16)   NOT NULL,
    display_name  VARCHAR(1000) NOT NULL,
    owner         VARCHAR(1000) NOT NULL,
    address       VARCHAR(2000) NOT NULL,
    transport     VARCHAR(2000) NOT NULL,
    timezone      VARCHAR(100)  NOT NULL,
    days          VARCHAR(40)   NOT NULL,
    window_from   VARCHAR(8)    NOT NULL,
    window_to     VARCHAR(8)    NOT NULL,
    daily_limit   INT           NOT NULL,
    min_gap_s     BIGINT        NOT NULL,
    warmup_start  INT,
    warmup_step   INT,
    state         VARCHAR(16)   NOT NULL,
    state_reason  VARCHAR(10000) NOT NULL,
    state_by      VARCHAR(1000) NOT NULL,
    added_by      VARCHAR(1000) NOT NULL,
    added_at      VARCHAR(40)   NOT NULL
);
