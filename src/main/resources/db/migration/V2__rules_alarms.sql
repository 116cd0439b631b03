-- Rules watch one point each; alarms are what rules raise. At most one alarm per asset and rule is
-- active (not cleared) at a time, enforced here, so several service instances and redelivered
-- readings never open two.

create table rule (
    id                  bigserial primary key,
    name                varchar(200) not null,
    site_id             varchar(64)  not null references site (id),
    asset_id            varchar(64)  not null references asset (id),
    point_id            varchar(64)  not null references point (id),
    kind                varchar(32)  not null check (kind in ('THRESHOLD', 'RATE_OF_CHANGE', 'STALE',
                                                           'STARTS_PER_WINDOW', 'COUNTER_ANOMALY', 'NIGHT_FLOW')),
    params              text         not null,
    severity            varchar(16)  not null check (severity in ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INFO')),
    enabled             boolean      not null default true,
    creates_work_order  boolean      not null default false,
    work_order_priority varchar(2)   check (work_order_priority in ('P1', 'P2', 'P3', 'P4')),
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create index rule_point_idx on rule (point_id);

-- Bumped with every rule change; instances poll it and reload their in-memory rules.
create table rule_set_version (
    id      int primary key check (id = 1),
    version bigint not null
);
insert into rule_set_version (id, version) values (1, 0);

create table alarm (
    id                 bigserial primary key,
    rule_id            bigint       not null references rule (id),
    site_id            varchar(64)  not null,
    asset_id           varchar(64)  not null,
    point_id           varchar(64)  not null,
    severity           varchar(16)  not null,
    status             varchar(16)  not null check (status in ('ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED')),
    message            text         not null,
    raised_at          timestamptz  not null,
    trigger_value      double precision,
    last_ts            timestamptz  not null,
    last_value         double precision,
    occurrences        int          not null default 1,
    acknowledged_at    timestamptz,
    acknowledged_by    varchar(100),
    cleared_at         timestamptz,
    suppressed         boolean      not null default false,
    suppression_reason text,
    work_order_id      bigint
);
create unique index alarm_one_active_per_asset_rule on alarm (asset_id, rule_id) where status <> 'CLEARED';
create index alarm_status_idx on alarm (status);
create index alarm_asset_idx on alarm (asset_id, raised_at);

create table alarm_event (
    id        bigserial primary key,
    alarm_id  bigint       not null references alarm (id),
    at        timestamptz  not null,
    type      varchar(16)  not null check (type in ('RAISED', 'REPEATED', 'REOPENED', 'ACKNOWLEDGED', 'COMMENTED',
                                                     'CLEARED', 'SUPPRESSED')),
    actor     varchar(100),
    comment   text,
    value     double precision
);
create index alarm_event_alarm_idx on alarm_event (alarm_id, at);

-- Planned maintenance: alarms on the asset in this window are recorded as suppressed.
create table maintenance_window (
    id        bigserial primary key,
    asset_id  varchar(64)  not null references asset (id),
    starts_at timestamptz  not null,
    ends_at   timestamptz  not null,
    reason    text,
    check (ends_at > starts_at)
);
create index maintenance_window_asset_idx on maintenance_window (asset_id, starts_at);
