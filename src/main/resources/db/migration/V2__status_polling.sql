-- Status polling: SUBMITTED calls with no final outcome are polled when next_poll_at comes, oldest first, with a
-- backoff per call; calls with no outcome after the expiry time become EXPIRED. Both queries read partial indexes
-- over SUBMITTED calls only, so a poll costs O(pending), never O(all calls).
alter table call_request add column next_poll_at timestamptz;
alter table call_request add column poll_attempts integer not null default 0;
create index call_request_poll_due on call_request (next_poll_at) where status = 'SUBMITTED';
create index call_request_submitted_since on call_request (submitted_at) where status = 'SUBMITTED';
