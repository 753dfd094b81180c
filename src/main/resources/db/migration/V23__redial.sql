-- Redial on outcome: a call whose final outcome is one of its channel's voice.redial.<channel>.statuses is tried
-- again after voice.redial.<channel>.delay-ms, up to voice.redial.<channel>.max-attempts attempts in all, as a new
-- provider request under its own RequestId (the call's, with ~<attempt> after it). The call keeps one row, whose
-- attempt says which attempt it is on; the attempts before it are kept in call_attempt; its result is published
-- once, when its last attempt is final. The policy is the call's, taken as it was registered. An attempt's RequestId
-- is derived from the call's and its number (CallRequest.attemptId), so it is not stored.
alter table call_request add column attempt integer not null default 1;
alter table call_request add column max_attempts integer;
alter table call_request add column redial_statuses text;
alter table call_request add column redial_delay_ms bigint;

create table call_attempt (
    request_id          varchar(50)  not null,
    attempt             integer      not null,
    provider_ref        varchar(100),
    status              varchar(16)  not null,
    reason              text,
    duration_seconds    integer,
    price               numeric(16, 4),
    submitted_at        timestamptz,
    finished_at         timestamptz  not null default now(),
    redial_at           timestamptz  not null,
    primary key (request_id, attempt)
);
