-- Providers that take many calls in one request (VBot campaigns) send a call some time after it is registered:
-- the canonical request is kept with it until then. It holds no secret.
alter table call_request add column request_json text;
create index call_request_queued_channel on call_request (channel, batch_id) where status = 'QUEUED';
