-- Meters: a cumulative point with a carrier is a meter whose consumption the energy feature rolls up.
alter table point add column carrier varchar(16) check (carrier in ('ELECTRICITY', 'WATER', 'GAS', 'HEAT'));
alter table point add column register_modulus double precision check (register_modulus > 0);

update point set carrier = upper(measurement)
 where kind = 'CUMULATIVE' and measurement in ('electricity', 'heat') and unit in ('Wh', 'kWh', 'MWh');
update point set carrier = upper(measurement)
 where kind = 'CUMULATIVE' and measurement in ('water', 'gas') and unit in ('L', 'l', 'm3');

-- Gas in kWh: the calorific value in force from a site-local day on.
create table calorific_value (
    site_id      varchar(64)      not null references site (id) on delete cascade,
    valid_from   date             not null,
    kwh_per_m3   double precision not null check (kwh_per_m3 > 0),
    primary key (site_id, valid_from)
);

-- Ranges of readings stored since their rollups were last computed, per meter point. Written by
-- the instance that stored them, claimed (skip locked) and deleted by whichever instance computes.
create table energy_dirty (
    id        bigserial primary key,
    point_id  varchar(64) not null,
    from_ms   bigint      not null,
    to_ms     bigint      not null,
    check (from_ms <= to_ms)
);
