-- Asset registry: site > building > zone > asset > point, plus a department (cost-centre) tree.
-- Ids are the business ids of the site description file ([a-z0-9-]); foreign keys are deferred so an
-- import can write a whole site in one transaction in any order.

create table site (
    id          varchar(64) primary key,
    name        varchar(200) not null,
    timezone    varchar(64)  not null,
    updated_at  timestamptz  not null default now()
);

create table department (
    id          varchar(64) primary key,
    site_id     varchar(64)  not null references site (id) deferrable initially deferred,
    parent_id   varchar(64)  references department (id) deferrable initially deferred,
    name        varchar(200) not null,
    updated_at  timestamptz  not null default now()
);
create index department_site_idx on department (site_id);

create table building (
    id          varchar(64) primary key,
    site_id     varchar(64)  not null references site (id) deferrable initially deferred,
    name        varchar(200) not null,
    updated_at  timestamptz  not null default now()
);
create index building_site_idx on building (site_id);

create table zone (
    id          varchar(64) primary key,
    building_id varchar(64)  not null references building (id) deferrable initially deferred,
    name        varchar(200) not null,
    updated_at  timestamptz  not null default now()
);
create index zone_building_idx on zone (building_id);

create table asset (
    id            varchar(64) primary key,
    site_id       varchar(64)  not null references site (id) deferrable initially deferred,
    building_id   varchar(64)  not null references building (id) deferrable initially deferred,
    zone_id       varchar(64)  references zone (id) deferrable initially deferred,
    department_id varchar(64)  references department (id) deferrable initially deferred,
    parent_id     varchar(64)  references asset (id) deferrable initially deferred,
    kind          varchar(100) not null,
    name          varchar(200) not null,
    updated_at    timestamptz  not null default now()
);
create index asset_site_idx on asset (site_id);
create index asset_building_idx on asset (building_id);

create table asset_tag (
    asset_id varchar(64) not null references asset (id) on delete cascade,
    tag      varchar(64) not null,
    primary key (asset_id, tag)
);
create index asset_tag_tag_idx on asset_tag (tag);

create table point (
    id          varchar(64) primary key,
    site_id     varchar(64)  not null references site (id) deferrable initially deferred,
    asset_id    varchar(64)  not null references asset (id) on delete cascade deferrable initially deferred,
    name        varchar(200) not null,
    quantity    varchar(64)  not null,
    unit        varchar(32)  not null,
    kind        varchar(16)  not null check (kind in ('CUMULATIVE', 'INSTANTANEOUS', 'STATE')),
    measurement varchar(64)  not null,
    field       varchar(64)  not null,
    updated_at  timestamptz  not null default now()
);
create index point_asset_idx on point (asset_id);
create index point_site_idx on point (site_id);

-- Bumped in the same transaction as every registry change; each service instance polls it to know
-- when to reload its in-memory point catalog (no per-reading database round-trip on ingest).
create table registry_version (
    id      int primary key check (id = 1),
    version bigint not null
);
insert into registry_version (id, version) values (1, 0);
