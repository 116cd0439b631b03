-- Energy reports: subscriptions, the claim of each (subscription, period, recipient) delivery, and
-- attachments for outbox e-mails.

-- Files sent with every e-mail of one outbox event (a report's CSV/XLSX/PDF), stored once per event.
create table notification_attachment (
    event_key     varchar(200)  not null,
    position      int           not null,
    file_name     varchar(200)  not null,
    content_type  varchar(200)  not null,
    content       bytea         not null,
    created_at    timestamptz   not null,
    primary key (event_key, file_name)
);

alter table notify_outbox drop constraint notify_outbox_kind_check;
alter table notify_outbox add constraint notify_outbox_kind_check
    check (kind in ('ALARM', 'WORK_ORDER', 'ESCALATION', 'REMINDER', 'ENERGY', 'REPORT'));
-- Direct e-mail recipients are 'email:' + the address (up to 320 characters).
alter table notify_outbox alter column recipient type varchar(400);

create table report_subscription (
    id            bigint generated always as identity primary key,
    site_id       varchar(64)   not null references site (id) on delete cascade,
    name          varchar(200)  not null,
    recipients    varchar(320)[] not null check (cardinality(recipients) > 0),
    departments   varchar(64)[] not null default '{}',
    formats       varchar(8)[]  not null default '{csv,xlsx,pdf}',
    day_of_month  int           not null check (day_of_month between 1 and 28),
    language      varchar(8)    not null check (language in ('en', 'zh-CN')),
    enabled       boolean       not null default true,
    created_at    timestamptz   not null,
    updated_at    timestamptz   not null
);
create index report_subscription_site_idx on report_subscription (site_id);

-- One row per report sent: the key is what makes a second run, or a second instance, send nothing
-- more (claimed with INSERT ... ON CONFLICT DO NOTHING in the transaction that enqueues the e-mail).
create table report_delivery (
    subscription_id  bigint        not null references report_subscription (id) on delete cascade,
    period_from      date          not null,
    recipient        varchar(320)  not null,
    period_to        date          not null,
    event_key        varchar(200)  not null,
    claimed_by       varchar(200)  not null,
    claimed_at       timestamptz   not null,
    primary key (subscription_id, period_from, recipient)
);
