-- A meter's bill per month (energy by period or tier, fixed and demand charges), recomputed from its
-- readings and the tariff versions in force; overwritten on every recomputation.
create table energy_bill (
    point_id    varchar(64)    not null,
    month       date           not null check (extract(day from month) = 1),
    site_id     varchar(64)    not null,
    carrier     varchar(16)    not null,
    quantity    double precision not null,
    total       numeric(18, 6) not null,
    bill        text           not null,
    computed_at timestamptz    not null,
    primary key (point_id, month)
);
create index energy_bill_site_month_idx on energy_bill (site_id, month);
