-- A file's report waits until none of its calls is still waiting. This finds a waiting call of a file among the
-- waiting calls only, instead of reading through the file's finished calls at every poll.
create index call_request_batch_waiting on call_request (batch_id) where status in ('QUEUED', 'HELD', 'SUBMITTED');
