-- What makes a request a call (CallRequests.contentKey): a RequestId used again must name the same call, else the
-- second request is refused instead of silently dropped. Null for calls registered before this column existed.
alter table call_request add column content_key varchar(64);
-- A record's number in its file (1, 2, ...): a JSON array may hold many records on one line, so the line alone does
-- not tell two records apart.
alter table call_request add column source_record bigint;

-- A file's content is read for a day (voice.time-zone): the rows without a requestId of their own get RequestIds of
-- that day, so a corrected file dropped again the same day calls only the rows not called yet. A read that did not
-- finish (a crash, a restart after midnight) keeps its day until the content is read to its end.
create table file_intake (
    content_hash varchar(64)  not null,
    channel      varchar(32)  not null,
    intake_day   date         not null,
    file_name    text         not null,
    started_at   timestamptz  not null default now(),
    finished_at  timestamptz,
    primary key (content_hash, channel, intake_day)
);

-- A report that cannot be written (a full disk, a name the file system refuses) is tried again later, with a
-- backoff, and does not hold up the reports of the files after it.
alter table call_batch add column report_attempts integer not null default 0;
alter table call_batch add column next_report_at timestamptz;
alter table call_batch add column report_error text;
