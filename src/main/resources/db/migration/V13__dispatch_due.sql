-- The dispatchers claim the oldest QUEUED calls first, a batch at a time: read in index order and stopped at the
-- batch, instead of sorting every waiting call (a million-row file registers a million of them at once).
create index call_request_dispatch_due on call_request (created_at) where status = 'QUEUED' and dead_lettered_at is null;
