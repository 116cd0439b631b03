-- A building's floor area and use type (office, school, lab ...): where the waste is compares the
-- base load per m² of buildings of the same use type.
alter table building
    add column floor_area_m2 double precision check (floor_area_m2 > 0),
    add column use_type      varchar(64);
