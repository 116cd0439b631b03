-- A site's own typical year (365 daily mean temperatures, °F, 1 January first, comma-separated) for
-- normal-year savings; without a row the bundled TMY3 year is used.
create table site_typical_year (
    site_id        varchar(64)  primary key references site (id) on delete cascade,
    temperatures_f text         not null,
    source         varchar(200) not null,
    updated_by     varchar(200) not null,
    updated_at     timestamptz  not null
);
