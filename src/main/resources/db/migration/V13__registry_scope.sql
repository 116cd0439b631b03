-- Maintenance windows carry their asset's site (listings are filtered by the caller's sites without a
-- join) and who created them (from the login, never from the request body).
alter table maintenance_window
    add column site_id    varchar(64),
    add column created_by varchar(100),
    add column created_at timestamptz;

update maintenance_window w set site_id = a.site_id from asset a where a.id = w.asset_id;

alter table maintenance_window alter column site_id set not null;

create index maintenance_window_site_idx on maintenance_window (site_id, starts_at);
