-- eSMS calls wait in the ledger until they are due (their sendDate, the calling window's opening), HELD with the
-- time in next_attempt_at, instead of being handed to eSMS early with a SendDate; each claim QUEUEs those whose
-- time has come, the longest due first (CallQueue.RELEASE_DUE).
create index call_request_held_due on call_request (next_attempt_at) where status = 'HELD';

-- A call not placed by its notAfter (the record's, or its channel's voice.validity.<channel>-ms) is never claimed
-- after it and ends EXPIRED (DueTimes.EXPIRE, the oldest first).
alter table call_request add column not_after timestamptz;
create index call_request_not_after on call_request (not_after) where status in ('QUEUED', 'HELD') and not_after is not null;
