-- A campaign is what one dropped file, or one queue's day of messages, registers: its calls share a state that
-- operators set (POST /api/campaigns/{id}/pause, /resume, /stop). RUNNING and PAUSED are kept here; COMPLETED is
-- read from its calls (none waiting, the file read to its end); STOPPED is kept, and its calls not placed ended
-- CANCELLED. Every node's dispatcher reads the state here at claim time (CallQueue.DISPATCH_DUE, CampaignLedger).
create table campaign (
    campaign_id      varchar(120) primary key,
    name             text         not null,
    channel          varchar(32)  not null,
    kind             varchar(8)   not null,
    state            varchar(12)  not null default 'RUNNING',
    created_at       timestamptz  not null default now(),
    state_changed_at timestamptz,
    state_changed_by varchar(200)
);
-- the dispatchers skip the calls of the few campaigns not RUNNING
create index campaign_not_running on campaign (campaign_id) where state <> 'RUNNING';

alter table call_request add column campaign_id varchar(120);
create index call_request_campaign_waiting on call_request (campaign_id) where status in ('QUEUED', 'HELD');

-- calls still waiting or with a provider get their file's campaign (a file's batch), so they can be paused too
insert into campaign (campaign_id, name, channel, kind)
select batch_id, min(source_name), min(channel), 'file' from call_request
 where batch_id is not null and status in ('QUEUED', 'HELD', 'SUBMITTED') group by batch_id
on conflict do nothing;
update call_request set campaign_id = batch_id where batch_id is not null and status in ('QUEUED', 'HELD', 'SUBMITTED');
