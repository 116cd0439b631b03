-- A point's own plausible range, in its unit (docs/configuration.md, "Plausible ranges"): ingest
-- rejects readings outside it as out-of-range. Both null: the default of its quantity and unit.
alter table point add column plausible_min double precision;
alter table point add column plausible_max double precision;
alter table point add constraint point_plausible_range_check
    check (plausible_min is null or plausible_max is null or plausible_min < plausible_max);
