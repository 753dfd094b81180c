-- Calls of a batched channel (VBot) wait in the ledger QUEUED, or HELD while the calling window is closed; the
-- campaign flush claims both, so the index that finds them covers both.
drop index if exists call_request_queued_channel;
create index call_request_waiting_channel on call_request (channel, batch_id) where status in ('QUEUED', 'HELD');
