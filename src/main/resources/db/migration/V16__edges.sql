-- Broker identities (docs/broker-security.md): the edges the service provisioned in Mosquitto's
-- dynamic-security plugin, and which edge serves an asset. The password is never stored here.
create table edge (
    id           varchar(64)  primary key,
    site_id      varchar(64)  not null references site (id),
    description  varchar(500),
    username     varchar(64)  not null unique,
    client_id    varchar(64)  not null unique,
    enabled      boolean      not null default true,
    created_at   timestamptz  not null,
    created_by   varchar(200) not null,
    rotated_at   timestamptz,
    updated_at   timestamptz  not null
);
create index edge_site_idx on edge (site_id);

-- Not a foreign key: a site description may name its edges before they are provisioned.
alter table asset add column edge_id varchar(64);
