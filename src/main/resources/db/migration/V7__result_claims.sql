-- How often a result was claimed for publishing: more than once means an earlier publisher may have written it
-- before it could mark it emitted (a crash, a lost lease), so the sinks check before writing it again.
alter table result_outbox add column claims integer not null default 0;
