-- A work order or a maintenance plan marked as an energy measure: when the work order (or any
-- work order of the plan) is accepted, an energy intervention with this scope is created from it,
-- effective the local day after its completion. The unique index of energy_intervention on
-- work_order_id keeps that to one intervention per work order across instances.
create table energy_measure (
    id                    bigint generated always as identity primary key,
    site_id               varchar(64)  not null references site (id) on delete cascade,
    work_order_id         bigint unique references work_order (id) on delete cascade,
    plan_id               bigint unique references maintenance_plan (id) on delete cascade,
    scope                 varchar(16)  not null check (scope in ('METER', 'BUILDING', 'DEPARTMENT')),
    scope_id              varchar(64)  not null,
    carrier               varchar(16)  not null check (carrier in ('ELECTRICITY', 'GAS', 'HEAT')),
    cost                  numeric(14, 2) check (cost is null or cost >= 0),
    currency              varchar(3),
    expected_savings_kwh  double precision check (expected_savings_kwh is null or expected_savings_kwh >= 0),
    -- why the last attempt to create an intervention from it failed (a scope since deleted), if it did
    last_error            varchar(500),
    created_by            varchar(200) not null,
    created_at            timestamptz  not null,
    check ((work_order_id is null) <> (plan_id is null))
);
create index energy_measure_site_idx on energy_measure (site_id);
