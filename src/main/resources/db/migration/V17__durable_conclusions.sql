-- Issue 11: rule conclusions that are journalled in InfluxDB before their readings are acknowledged.
-- PostgreSQL records the key (rule, type, ts) of every conclusion it took, in the transaction of
-- the alarm change, so a conclusion applied twice (the recorder's queue and the recovery sweep,
-- two instances, a restart) changes the alarms once. No foreign key to rule: a conclusion of a
-- deleted rule is recorded as set aside.
create table rule_conclusion (
    rule_id     bigint      not null,
    type        varchar(5)  not null check (type in ('RAISE', 'CLEAR')),
    ts          timestamptz not null,
    outcome     varchar(16) not null check (outcome in ('APPLIED', 'SUPERSEDED', 'SET_ASIDE')),
    recorded_at timestamptz not null,
    primary key (rule_id, type, ts)
);
create index rule_conclusion_rule_ts_idx on rule_conclusion (rule_id, ts);

-- Conclusions that failed for a permanent reason, kept with the reason instead of blocking the queue.
-- Plain text columns and no foreign keys: a set-aside row must not fail on what failed the conclusion.
create table conclusion_set_aside (
    id           bigserial   primary key,
    rule_id      bigint      not null,
    type         varchar(5)  not null,
    ts           timestamptz not null,
    site_id      text        not null,
    asset_id     text,
    point_id     text,
    value        double precision,
    message      text        not null,
    reason       text        not null,
    detail       text        not null,
    sql_state    text,
    attempts     int         not null,
    set_aside_at timestamptz not null,
    unique (rule_id, type, ts)
);
create index conclusion_set_aside_site_idx on conclusion_set_aside (site_id, set_aside_at);

-- When a rule started watching: created, re-enabled, or its point, kind or parameters changed.
-- A STALE rule counts "no reading" from here when the point has no newer reading. The default
-- serves rules inserted by SQL (the energy feature's balance rules).
alter table rule add column started_at timestamptz not null default now();
update rule set started_at = updated_at;
