-- Savings against weather-normalized baselines: the weather point of a site, energy interventions
-- (what was done to save energy, when, at what cost) and the non-routine adjustments of their
-- reporting periods.

-- The point whose readings are a site's outdoor temperature. Without a row: the site's only
-- temperature point on a weather station (asset kind Weather_Station or tag 'outside').
create table site_weather (
    site_id    varchar(64) primary key references site (id) on delete cascade,
    point_id   varchar(64) not null references point (id) on delete cascade,
    updated_at timestamptz not null
);

create table energy_intervention (
    id                    bigint generated always as identity primary key,
    site_id               varchar(64)  not null references site (id) on delete cascade,
    scope                 varchar(16)  not null check (scope in ('METER', 'BUILDING', 'DEPARTMENT')),
    scope_id              varchar(64)  not null,
    carrier               varchar(16)  not null check (carrier in ('ELECTRICITY', 'GAS', 'HEAT')),
    name                  varchar(200) not null,
    description           text,
    -- the first local day of the reporting period; the baseline is the 365 days before
    effective_on          date         not null,
    cost                  numeric(14, 2) check (cost is null or cost >= 0),
    currency              varchar(3),
    expected_savings_kwh  double precision check (expected_savings_kwh is null or expected_savings_kwh >= 0),
    work_order_id         bigint references work_order (id) on delete set null,
    plan_id               bigint,
    created_by            varchar(200) not null,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null
);
create index energy_intervention_site_idx on energy_intervention (site_id);
-- One intervention per closed work order, however many requests or instances create it at once.
create unique index energy_intervention_one_per_work_order on energy_intervention (work_order_id)
    where work_order_id is not null;

-- A non-routine change in the reporting period that the baseline does not know of (a new floor
-- opened, a lab added): kWh per day added to the modelled use over [from, to).
create table energy_adjustment (
    id               bigint generated always as identity primary key,
    intervention_id  bigint           not null references energy_intervention (id) on delete cascade,
    from_day         date             not null,
    to_day           date             not null check (to_day > from_day),
    kwh_per_day      double precision not null,
    reason           varchar(500)     not null check (length(reason) > 0),
    created_by       varchar(200)     not null,
    created_at       timestamptz      not null
);
create index energy_adjustment_intervention_idx on energy_adjustment (intervention_id);

-- The daily energy check: a meter's use outside its weather-normalized baseline's prediction
-- interval, judged by the energy anomaly job and raised through the alarm pipeline.
alter table rule drop constraint rule_kind_check;
alter table rule add constraint rule_kind_check check (kind in ('THRESHOLD', 'RATE_OF_CHANGE', 'STALE',
    'STARTS_PER_WINDOW', 'COUNTER_ANOMALY', 'NIGHT_FLOW', 'METER_BALANCE', 'ENERGY_ANOMALY', 'AFTER_HOURS_USE',
    'BASE_LOAD_CREEP'));
-- One rule of each daily energy check per meter, however many instances create them at once.
create unique index rule_one_energy_check_per_point on rule (point_id, kind)
    where kind in ('ENERGY_ANOMALY', 'AFTER_HOURS_USE', 'BASE_LOAD_CREEP');
