-- Energy accounting: virtual meters, the daily balance check as a rule kind, departments of meters
-- (effective-dated, or shares of a shared meter), department facts, monthly quotas.

alter table rule drop constraint rule_kind_check;
alter table rule add constraint rule_kind_check check (kind in ('THRESHOLD', 'RATE_OF_CHANGE', 'STALE',
    'STARTS_PER_WINDOW', 'COUNTER_ANOMALY', 'NIGHT_FLOW', 'METER_BALANCE'));
-- One balance rule per main meter, however many instances create them at once.
create unique index rule_one_meter_balance_per_point on rule (point_id) where kind = 'METER_BALANCE';

alter table notify_outbox drop constraint notify_outbox_kind_check;
alter table notify_outbox add constraint notify_outbox_kind_check check (kind in ('ALARM', 'WORK_ORDER', 'ESCALATION',
    'REMINDER', 'ENERGY'));

-- A linear formula over meter points and other virtual meters of the same site and carrier.
create table virtual_meter (
    id         varchar(64) primary key,
    site_id    varchar(64)  not null references site (id),
    name       varchar(200) not null,
    carrier    varchar(16)  not null check (carrier in ('ELECTRICITY', 'WATER', 'GAS', 'HEAT')),
    formula    text         not null,
    updated_at timestamptz  not null
);
create index virtual_meter_site_idx on virtual_meter (site_id);

-- The department a meter's net consumption goes to from a local day on (until the next row, or a
-- share set that is newer). Without a row: the department of the meter's asset.
create table meter_department (
    point_id      varchar(64) not null references point (id) on delete cascade,
    valid_from    date        not null,
    department_id varchar(64) not null references department (id),
    primary key (point_id, valid_from)
);

-- A shared meter's split from a local day on: by floor area, head count or fixed percentages.
create table meter_share (
    point_id      varchar(64) not null references point (id) on delete cascade,
    valid_from    date        not null,
    department_id varchar(64) not null references department (id),
    basis         varchar(16) not null check (basis in ('FLOOR_AREA', 'HEAD_COUNT', 'FIXED')),
    percent       double precision check (percent is null or (percent >= 0 and percent <= 100)),
    primary key (point_id, valid_from, department_id)
);

-- A department's own floor area and head count from a local day on.
create table department_fact (
    department_id varchar(64)      not null references department (id) on delete cascade,
    valid_from    date             not null,
    floor_area_m2 double precision not null check (floor_area_m2 >= 0),
    head_count    double precision not null check (head_count >= 0),
    primary key (department_id, valid_from)
);

-- Monthly quota of a department (its figures rolled up) and carrier, from a month on; who is told.
create table department_quota (
    department_id  varchar(64)      not null references department (id) on delete cascade,
    carrier        varchar(16)      not null check (carrier in ('ELECTRICITY', 'WATER', 'GAS', 'HEAT')),
    valid_from     date             not null check (extract(day from valid_from) = 1),
    amount         double precision not null check (amount > 0),
    notify_persons varchar(64)[]    not null default '{}',
    notify_teams   varchar(64)[]    not null default '{}',
    primary key (department_id, carrier, valid_from)
);
