-- A VBot request that failed for a passing reason (HTTP 5xx, errorCode 500) is tried again after a backoff that
-- grows with each failure (voice.retry.*), not at every campaign window; after voice.retry.max failures its calls are
-- dead-lettered (voice.dlq, with the reason) and no longer claimed until the same call is dropped again.
alter table call_request add column send_failures integer not null default 0;
alter table call_request add column next_attempt_at timestamptz;
alter table call_request add column dead_lettered_at timestamptz;
