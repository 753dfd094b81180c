-- The call ledger: one row per call request, keyed by the RequestId we send to the provider.
create table call_request (
    request_id        varchar(50)  primary key,
    channel           varchar(32)  not null,
    phone             varchar(16)  not null,
    status            varchar(16)  not null,
    provider_ref      varchar(100),
    provider_code     varchar(16),
    reason            text,
    duration_seconds  integer,
    price             numeric(16, 4),
    ivr               varchar(16),
    source_type       varchar(8)   not null,
    source_name       text,
    source_line       bigint,
    source_message_id text,
    batch_id          varchar(64),
    attempts          integer      not null default 0,
    claimed_by        varchar(200),
    claimed_until     timestamptz,
    last_error        text,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now(),
    submitted_at      timestamptz,
    finished_at       timestamptz
);
create index call_request_provider_ref on call_request (provider_ref) where provider_ref is not null;
create index call_request_batch on call_request (batch_id) where batch_id is not null;

-- Append-only history of everything a provider reported, raw payload included (secrets stripped).
-- request_id is null for an orphan: a report whose call we do not know is kept, never dropped.
create table call_event (
    id           bigserial    primary key,
    request_id   varchar(50),
    provider     varchar(16)  not null,
    kind         varchar(32)  not null,
    provider_ref varchar(100),
    status       varchar(16),
    dedupe_key   varchar(64)  not null unique,
    payload      text         not null,
    received_at  timestamptz  not null default now()
);
create index call_event_request on call_event (request_id);

-- Final outcomes waiting for the sinks (results file, JMS topic), written in the same transaction as the
-- outcome itself, so a crash between the two can never lose a result. One row per call: exactly once.
create table result_outbox (
    id            bigserial    primary key,
    request_id    varchar(50)  not null unique,
    created_at    timestamptz  not null default now(),
    claimed_by    varchar(200),
    claimed_until timestamptz,
    emitted_at    timestamptz
);
create index result_outbox_pending on result_outbox (id) where emitted_at is null;
