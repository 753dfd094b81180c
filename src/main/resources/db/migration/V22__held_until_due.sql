-- eSMS calls wait in the ledger until they are due (their sendDate, the calling window's opening), HELD with the
-- time in next_attempt_at, instead of being handed to eSMS early with a SendDate; each claim QUEUEs those whose
-- time has come, the longest due first (CallQueue.RELEASE_DUE).
create index call_request_held_due on call_request (next_attempt_at) where status = 'HELD';
