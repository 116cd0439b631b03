-- Security (issue 10) for work orders and plans.
-- site_id: the asset's site, kept on the row so site scope is one indexed column instead of a join per
-- request (null when the asset was already gone: such rows are seen only by users granted every site).
-- requester is now the identity of a logged-in requester (null for the public form); what a person types
-- into the form (name, e-mail, phone) is requester_contact, personal data. The public requester follows
-- up with a random key shown once; only its SHA-256 is stored.

alter table work_order add column site_id varchar(64);
update work_order w set site_id = a.site_id from asset a where a.id = w.asset_id;
create index work_order_site_idx on work_order (site_id, requested_at);

alter table maintenance_plan add column site_id varchar(64);
update maintenance_plan p set site_id = a.site_id from asset a where a.id = p.asset_id;
create index maintenance_plan_site_idx on maintenance_plan (site_id);

alter table work_order alter column requester drop not null;
alter table work_order add column requester_contact varchar(200);
alter table work_order add column follow_up_key_hash varchar(64);

-- Requests made before logins existed named a typed, unverified person: that is a contact, not an
-- identity that may accept or rate (an engineer verifies those orders instead).
update work_order set requester_contact = requester, requester = null where kind = 'REQUEST';
