-- Decree 91/2020/ND-CP: advertising calls never to a number on the Do-Not-Call register or the project's own
-- opt-outs, and at most voice.compliance.max-advertising-calls-per-24h to one phone in any 24 hours.

-- What a call is for: 'advertising' (the rules apply) or 'transactional' (OTP, notices: they do not, and say so).
-- Calls registered before this column existed were registered without the rules: left null.
alter table call_request add column purpose varchar(16);

-- The frequency cap counts a phone's advertising calls of the last 24 hours: one index range per phone.
create index call_request_advertising_by_phone on call_request (phone, created_at) where purpose = 'advertising';

-- Numbers not to call for advertising: the national register ('do-not-call', imported from a file) and the
-- project's own opt-outs ('opt-out', from an IVR key or the API). One number may be on both lists.
create table suppressed_phone (
    phone               varchar(16)  not null,
    list                varchar(16)  not null,
    added_at            timestamptz  not null default now(),
    added_by            varchar(100) not null,
    evidence_request_id varchar(50),
    primary key (phone, list)
);

-- Every change to the lists: who, when, and the call or file that carried it.
create table suppression_change (
    id                  bigserial    primary key,
    phone               varchar(16)  not null,
    list                varchar(16)  not null,
    action              varchar(8)   not null,
    changed_by          varchar(100) not null,
    changed_at          timestamptz  not null default now(),
    evidence            varchar(300)
);
create index suppression_change_phone on suppression_change (phone, changed_at);
