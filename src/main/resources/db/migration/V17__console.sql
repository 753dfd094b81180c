-- The console: a batch's report is downloaded by its name; calls are searched by phone; outcomes are charted by the
-- time they ended.
alter table call_batch add column report_name text;
create index call_request_phone on call_request (phone, created_at desc);
create index call_request_finished on call_request (finished_at) where finished_at is not null;
