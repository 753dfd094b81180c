-- Outcomes pushed to the customer's systems over HTTP (voice.webhook.*): each event is kept here before anyone is
-- told, and delivered from here (claimed with SKIP LOCKED and a lease, so nodes share the work and a node killed
-- mid-delivery loses nothing: its claim runs out and another sends the same event again, under the same id).
-- The URL is not kept (it may carry a token): the event names its channel, whose URL the configuration gives.
create table webhook_event (
    event_id         uuid         primary key,
    type             varchar(40)  not null,
    channel          varchar(32)  not null,
    body             text         not null,
    created_at       timestamptz  not null default now(),
    -- given up on after this (voice.webhook.max-age-ms from creation, or from a replay)
    expires_at       timestamptz  not null,
    next_attempt_at  timestamptz  not null default now(),
    tries            integer      not null default 0,
    claimed_by       varchar(200),
    claimed_until    timestamptz,
    delivered_at     timestamptz,
    dead_at          timestamptz,
    last_status      integer,
    last_error       text
);
-- the deliveries still to make (due first), and those in flight per channel
create index webhook_event_pending on webhook_event (next_attempt_at) where delivered_at is null and dead_at is null;
create index webhook_event_dead on webhook_event (dead_at) where dead_at is not null;

-- each attempt of a redialled call is told once (call.attempted) as it ends
alter table call_attempt add column announced_at timestamptz;
create index call_attempt_unannounced on call_attempt (finished_at) where announced_at is null;

-- a campaign is told once (campaign.completed) when its calls are all final
alter table campaign add column completed_event_at timestamptz;
create index campaign_unannounced on campaign (created_at) where completed_event_at is null;
create index call_request_campaign on call_request (campaign_id) where campaign_id is not null;
