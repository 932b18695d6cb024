-- The store's first schema: every control-lane event, the operator audit trail projected from them, and the
-- checkpoints of its chain. Portable SQL (H2 2.3 and PostgreSQL 15); Flyway runs it in the store's own schema.
-- Times are nanoseconds since the epoch (UTC), so an event's time round-trips exactly and no time zone applies.

CREATE TABLE event_log (
    journal_position BIGINT NOT NULL PRIMARY KEY,
    event_id         VARCHAR NOT NULL,
    time_ns          BIGINT NOT NULL,
    source           VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,
    subject          VARCHAR NOT NULL,
    zone             VARCHAR NOT NULL,
    severity         VARCHAR(16) NOT NULL,
    seq              BIGINT NOT NULL,
    correlation_id   VARCHAR NOT NULL,
    actor            VARCHAR NOT NULL,
    device_time_ns   BIGINT,
    data             VARCHAR NOT NULL
);

-- The queries' indexes, kept few: each one costs write rate. Type, zone and actor are filtered within these.
CREATE INDEX event_log_time ON event_log (time_ns);
CREATE INDEX event_log_source_time ON event_log (source, time_ns);
CREATE INDEX event_log_correlation ON event_log (correlation_id);

-- One row per audit record, numbered 1.. per chain without gaps; previous_hash and record_hash carry the chain
-- (empty until the tamper-evidence library computes them).
CREATE TABLE audit_entry (
    chain_name       VARCHAR(64) NOT NULL,
    chain_seq        BIGINT NOT NULL,
    time_ns          BIGINT NOT NULL,
    kind             VARCHAR NOT NULL,
    user_name        VARCHAR NOT NULL,
    channel          VARCHAR NOT NULL,
    device           VARCHAR NOT NULL,
    action           VARCHAR NOT NULL,
    arguments        VARCHAR NOT NULL,
    outcome          VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,
    event_id         VARCHAR NOT NULL,
    journal_position BIGINT NOT NULL,
    correlation_id   VARCHAR NOT NULL,
    previous_hash    VARCHAR NOT NULL,
    record_hash      VARCHAR NOT NULL,
    PRIMARY KEY (chain_name, chain_seq)
);

CREATE INDEX audit_entry_time ON audit_entry (time_ns);

-- A signed statement "chain C had N records, the last one hashing to H", at least every minute.
CREATE TABLE chain_checkpoint (
    chain_name  VARCHAR(64) NOT NULL,
    entry_count BIGINT NOT NULL,
    head_hash   VARCHAR NOT NULL,
    time_ns     BIGINT NOT NULL,
    key_id      VARCHAR NOT NULL,
    signature   VARCHAR NOT NULL,
    PRIMARY KEY (chain_name, entry_count)
);
