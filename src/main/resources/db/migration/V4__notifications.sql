-- Notifications: who wants what (people, teams, preferences), the outbox every notification goes
-- through, and the state of repeated reminders for unacknowledged alarms.

create table notify_team (
    id            varchar(64) primary key,
    name          varchar(200)  not null,
    email         varchar(320),
    webhook_url   varchar(2000),
    channels      varchar(16)[] not null default '{}',
    min_severity  varchar(16)   not null default 'INFO'
                  check (min_severity in ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INFO')),
    sites         varchar(64)[] not null default '{}',
    updated_at    timestamptz   not null default now()
);

create table notify_person (
    id            varchar(64) primary key,
    name          varchar(200)  not null,
    email         varchar(320),
    webhook_url   varchar(2000),
    channels      varchar(16)[] not null default '{}',
    min_severity  varchar(16)   not null default 'INFO'
                  check (min_severity in ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INFO')),
    sites         varchar(64)[] not null default '{}',
    updated_at    timestamptz   not null default now()
);

create table notify_team_member (
    team_id   varchar(64) not null references notify_team (id) on delete cascade,
    person_id varchar(64) not null references notify_person (id) on delete cascade,
    primary key (team_id, person_id)
);
create index notify_team_member_person_idx on notify_team_member (person_id);

-- One row per (event, recipient, channel). The unique key is what makes a redelivered or replayed
-- event enqueue nothing the second time (enqueue uses ON CONFLICT DO NOTHING so the caller's
-- transaction survives the duplicate). A row is claimed with a lease (claimed_until) before it is
-- sent, so a crashed sender's rows are sent again only after the lease expired.
create table notify_outbox (
    id               bigint generated always as identity primary key,
    event_key        varchar(200)  not null,
    recipient        varchar(80)   not null,
    channel          varchar(16)   not null check (channel in ('EMAIL', 'WEBHOOK', 'MQTT')),
    address          varchar(2000) not null,
    kind             varchar(16)   not null check (kind in ('ALARM', 'WORK_ORDER', 'ESCALATION', 'REMINDER')),
    site             varchar(64)   not null,
    severity         varchar(16)   not null check (severity in ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INFO')),
    subject          varchar(500)  not null,
    body             text          not null,
    status           varchar(16)   not null default 'PENDING' check (status in ('PENDING', 'SENT', 'DEAD')),
    attempts         int           not null default 0,
    next_attempt_at  timestamptz   not null,
    claimed_until    timestamptz,
    claimed_by       varchar(200),
    last_error       varchar(2000),
    created_at       timestamptz   not null,
    sent_at          timestamptz,
    constraint notify_outbox_event_recipient_channel_key unique (event_key, recipient, channel)
);
create index notify_outbox_due_idx on notify_outbox (next_attempt_at) where status = 'PENDING';
create index notify_outbox_status_idx on notify_outbox (status, id);

-- Reminders already enqueued per unacknowledged alarm; reminder n has event key reminder:{alarm}:{n}.
create table notify_reminder (
    alarm_id          varchar(64)  primary key,
    reminders_sent    int          not null,
    last_reminded_at  timestamptz  not null
);
